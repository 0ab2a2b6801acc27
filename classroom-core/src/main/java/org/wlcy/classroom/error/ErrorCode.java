package org.wlcy.classroom.error;

/**
 * Every error the protocol can report, grouped by hundreds like Janus's {@code apierror.h}:
 * 1xx protocol, 2xx class and session, 3xx authentication and permission, 4xx media, 5xx server.
 * Codes and names are stable wire values; {@code docs/protocol.md} lists them.
 */
public enum ErrorCode {
    /** Not a JSON object, a duplicate key, or not UTF-8 text. */
    MALFORMED(100),
    /** {@code type} missing or not a message of this protocol. */
    UNKNOWN_TYPE(101),
    /** A frame over the 64 KiB limit. */
    TOO_LARGE(102),
    /** A field missing, of the wrong type or out of range. */
    INVALID_FIELD(103),
    /** The request needs {@code class.join} first. */
    NOT_JOINED(104),
    /** {@code class.join} twice on one connection. */
    ALREADY_JOINED(105),
    /** Too many requests; the message says when to try again. */
    RATE_LIMITED(106),
    /**
     * The user has {@code ws.maxConnectionsPerUser} WebSockets open already: the upgrade is refused
     * (HTTP 429). Close another tab, or wait for a dropped connection to time out.
     */
    TOO_MANY_CONNECTIONS(107),
    /**
     * This address failed the upgrade's checks (token, origin) too often in the last minute: the
     * upgrade is refused (HTTP 429) and the TCP connection closed. A valid token still passes.
     */
    TOO_MANY_FAILED_UPGRADES(108),
    /** No such class. */
    CLASS_NOT_FOUND(200),
    /** The class has its trainees or lecturers present already (Art. 7: 30 and 2). */
    CLASS_FULL(201),
    /** No lesson is live in this class. */
    NO_LIVE_SESSION(202),
    /** A lesson is already live. */
    SESSION_ALREADY_LIVE(203),
    /** No such published stream. */
    STREAM_NOT_FOUND(204),
    /** No such subscription of the caller's. */
    SUBSCRIPTION_NOT_FOUND(205),
    /** The caller already publishes a stream of that kind. */
    TOO_MANY_STREAMS(206),
    /** A face sign-in found no face (or several) in the caller's proctoring camera. */
    SIGN_IN_FAILED(207),
    /** A lecturer muted the caller (or everyone): no chat and no danmaku until unmuted. */
    MUTED(212),
    /** The sensitive-word filter refused the text; the message names the rule, never the words. */
    CONTENT_REFUSED(213),
    /** The lecturers switched danmaku off for this class. */
    DANMAKU_OFF(214),
    /** No such question in this class. */
    QUESTION_NOT_FOUND(215),
    /** No such exercise in this class. */
    EXERCISE_NOT_FOUND(216),
    /** The exercise's deadline (server time) has passed or a lecturer closed it: the answer is refused and recorded. */
    EXERCISE_CLOSED(217),
    /** Exercises are locked for this trainee in this lesson (too many tab switches, Art. 24(3)). */
    EXERCISE_LOCKED(218),
    /** The trainee has answered this exercise already; an answer is final. */
    ALREADY_ANSWERED(219),
    /** An exercise is running in this class already; one at a time. */
    EXERCISE_RUNNING(220),
    /** {@code interaction.maxSpeakers} trainees are invited or speaking already. */
    TOO_MANY_SPEAKERS(208),
    /** No trainee of that id in this class: the class's records (joins, leave, videos) name nobody so (REST, 404). */
    TRAINEE_NOT_FOUND(209),
    /** A breakout is running already (start one at a time; no speaking turns during one). */
    BREAKOUT_RUNNING(221),
    /** No breakout is running. */
    NO_BREAKOUT(222),
    /** No such group in the running breakout. */
    GROUP_NOT_FOUND(223),
    /**
     * The caller has no invitation for this: a trainee publishing a camera without a speaking turn
     * or a breakout group, accepting someone else's turn, or publishing into a group they are not in.
     */
    NOT_INVITED(224),
    // ---- issue D: videos and uploads (235-241) ----
    /** No video with that id (or not in a class the caller may see). */
    VIDEO_NOT_FOUND(235),
    /** The uploaded file is not a video FFmpeg can read (no video stream, an image, text...). */
    NOT_A_VIDEO(236),
    /** The file's type (extension) is not among {@code playback.uploadExtensions}. */
    FILE_TYPE_REFUSED(237),
    /** The upload is larger than {@code playback.maxUploadMegabytes} (or than its declared size). */
    UPLOAD_TOO_LARGE(238),
    /** A chunk's offset is not the number of bytes received so far; the reply carries {@code offset} to resume from. */
    UPLOAD_OFFSET_MISMATCH(239),
    /** The video is not in a state that allows this (e.g. playing one that is not ready, retrying one that did not fail). */
    VIDEO_STATE_CONFLICT(240),
    /** One chunk is larger than {@code playback.maxChunkKilobytes}; nothing of it is kept. */
    CHUNK_TOO_LARGE(241),
    /** Seeking past the furthest point watched is not allowed ({@code playback.allowSeekAhead=false}); the reply says how far. */
    SEEK_AHEAD_REFUSED(242),
    /** No such in-video question on this video. */
    VIDEO_QUESTION_NOT_FOUND(243),
    /** No such video in the caller's classes, or it is not ready to watch. */
    VIDEO_NOT_WATCHABLE(244),
    /** The video has no timeline (only replays of recorded lessons have one). */
    TIMELINE_NOT_FOUND(245),
    /** The in-video question is not open for the caller: playback has not reached it yet. */
    VIDEO_QUESTION_NOT_DUE(246),
    /** No such comment on this video. */
    COMMENT_NOT_FOUND(247),
    /** A recording of this lesson is running already (issue D, recording). */
    RECORDING_RUNNING(230),
    /** No recording is running in this class (issue D, recording). */
    NOT_RECORDING(231),
    /** The recording could not be started or stored (catalogue or media server refused; issue D). */
    RECORDING_FAILED(232),
    // ---- issue G: result assessment and e-certificates (250-259) ----
    /** The lecturer taught this class: practical results are scored by a lecturer who did not (Art. 7(5)). */
    SCORER_TAUGHT_CLASS(250),
    /** The caller is not a scoring lecturer assigned to this class. */
    NOT_A_SCORER(251),
    /** The trainee has not passed the class (attendance, practical-result score or business plan), so no certificate. */
    NOT_PASSED(252),
    /** The form is not open: not yet, or closed (answers can no longer be given or changed). */
    FORM_CLOSED(253),
    /** No such form in this class. */
    FORM_NOT_FOUND(254),
    /** An attachment's size or type is not taken (the message says what was found and what is taken). */
    ATTACHMENT_REFUSED(255),
    /** The submission deadline (server time) has passed: the last version submitted is final. */
    SUBMISSION_CLOSED(256),
    /** No attachment with this SHA-256 was uploaded to this class. */
    ATTACHMENT_NOT_FOUND(257),
    // ---- issue H: classes and people as data (260-269) ----
    /** The roster file was refused whole: the reply's preview lists every problem by row and column. */
    ROSTER_REFUSED(260),
    /** The class plan cannot be applied for (Art. 7(2)(3), the online share): the reply lists every problem. */
    PLAN_REFUSED(261),
    /** The class-opening application is not in a state that allows this (the message says which it is in). */
    APPLICATION_STATE(262),
    /** No class of this id has been created by an institution. */
    CLASS_RECORD_NOT_FOUND(263),
    // issue H (264-266)
    /**
     * Lessons start only in a class whose opening application the regulator approved
     * ({@code classes.requireApproval}); a class no institution created is refused too.
     */
    CLASS_NOT_APPROVED(264),
    // issue H roster (265, in issue H's range)
    /**
     * {@code class.join} in an approved class whose roster gives platform user ids, by a trainee
     * not on it or a lecturer not in its plan ({@code classes.requireApproval}).
     */
    ROSTER_NOT_MEMBER(265),
    // ---- issue H: data sharing with management platforms, partners and webhooks (270-279) ----
    // issue H partners (270-274): partner systems, API keys and scopes (docs/adr/0022)
    /** No partner API key, or one that is not a key of this server (HTTP 401). */
    PARTNER_KEY_INVALID(270),
    /** The partner's key was revoked by an admin (HTTP 401): ask for a new registration. */
    PARTNER_KEY_REVOKED(271),
    /** The partner's key lacks the scope this endpoint needs; the message names it (HTTP 403). */
    PARTNER_SCOPE_MISSING(272),
    /** No class of this id within the partner's region or institution (HTTP 404; also when it exists elsewhere). */
    PARTNER_CLASS_NOT_FOUND(273),
    /** No active partner of this id (admin API; HTTP 404): never registered, or revoked. */
    PARTNER_NOT_FOUND(274),
    // end issue H partners
    // ---- issue H webhooks: webhooks (275-279) ----
    /** The webhook URL is refused: not http/https, not a valid URL, or a loopback/private address (see webhooks.allowPrivateUrls). */
    WEBHOOK_URL_REFUSED(275),
    /** An event type in {@code events} is not one the server sends (the message names it and lists them). */
    WEBHOOK_EVENT_UNKNOWN(276),
    /** No webhook endpoint of this id is registered for the caller's institution. */
    WEBHOOK_NOT_FOUND(277),
    /** The endpoint has no delivery of this id. */
    WEBHOOK_DELIVERY_NOT_FOUND(278),
    // ---- end issue H webhooks ----
    // ---- issue H offline days (285-289): offline lessons from the approved plan, the lecturer's roll call
    /** The date is not an offline (线下) day of the class's approved plan (HTTP 404). */
    OFFLINE_DAY_NOT_PLANNED(285),
    /** The offline day has not come yet: its roll call is taken on the day or later (HTTP 409). */
    OFFLINE_DAY_NOT_YET(286),
    // ---- end issue H offline days ----
    // ---- issue I: the practice live room, 模拟直播电商 (290-299; docs/adr/0025) ----
    /** No practice live room is open in this lesson (or it closed while the request was on its way). */
    COMMERCE_ROOM_CLOSED(290),
    /** A practice live room is open already: one at a time per class. */
    COMMERCE_ROOM_OPEN(291),
    /** Only the room's host (the trainee the lecturer handed it to) manages the shelf and the sales. */
    NOT_COMMERCE_HOST(292),
    /** No product of that id on the room's shelf. */
    PRODUCT_NOT_FOUND(293),
    /** The product is on the shelf but not on sale now: only the pinned product (讲解中) can be ordered. */
    PRODUCT_NOT_ON_SALE(294),
    /** Not enough stock left for the quantity asked; the message says how many are left. */
    OUT_OF_STOCK(295),
    /** The host cannot buy from their own room. */
    HOST_CANNOT_BUY(296),
    /** A flash sale runs already (one at a time), or the product on flash sale cannot be changed so. */
    FLASH_SALE_RUNNING(297),
    /** The shelf holds its most products already ({@code CommerceMessages.MAX_PRODUCTS}). */
    SHELF_FULL(298),
    // end issue I
    /** No token, or a bad signature, audience or claims. */
    UNAUTHENTICATED(300),
    /** The token has expired. */
    TOKEN_EXPIRED(301),
    /** The page's origin is not on the allowlist. */
    ORIGIN_FORBIDDEN(302),
    /** The token does not list this class. */
    NOT_A_MEMBER(303),
    /** The caller's role may not do this. */
    ROLE_FORBIDDEN(304),
    /** The media server cannot be reached. */
    MEDIA_UNAVAILABLE(400),
    /** The media server refused the request. */
    MEDIA_FAILED(401),
    /** A server bug; logged. */
    INTERNAL(500);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
