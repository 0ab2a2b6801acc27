package org.wlcy.classroom.trace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every kind of learning-relevant event in a trainee's trace, with its stable wire name. Added,
 * never renamed: verifiers and regulators' tools key on these names.
 */
public enum TraceKind {
    /** A presence began (server). data: participantId, role, name, inst (institution), region. */
    JOINED("presence.joined"),
    /** A presence ended (server). data: participantId, reason. */
    LEFT("presence.left"),
    /**
     * A presence's connection dropped; the presence waits for its page to resume (server). Until
     * {@code presence.resumed} the trainee does not count as present. data: participantId.
     */
    PRESENCE_SUSPENDED("presence.suspended"),
    /** The page of a waiting presence came back (server). data: participantId, awayMs. */
    PRESENCE_RESUMED("presence.resumed"),
    /** The page is alive and in front (client, every ~30 s). data: visible (bool). */
    HEARTBEAT("presence.heartbeat"),
    /** The page went to the background (client). */
    VISIBILITY_HIDDEN("focus.hidden"),
    /** The page came back (client). data: hiddenMs. */
    VISIBILITY_VISIBLE("focus.visible"),
    /** The window lost focus (client). */
    WINDOW_BLUR("focus.blur"),
    /** The window got focus back (client). data: blurredMs. */
    WINDOW_FOCUS("focus.focus"),
    /** The trainee left full screen (client). */
    FULLSCREEN_EXIT("focus.fullscreen-exit"),
    /** The server warned about a tab switch (server). data: count, action. */
    TAB_SWITCH_WARNING("focus.warning"),
    /** Consent to face processing given or declined (client, recorded by the server). data: granted, noticeVersion. */
    CONSENT("proctor.consent"),
    /** A face check result (server). data: result (face|no-face|many-faces|no-video), faces, frameSha256. */
    FACE_CHECK("proctor.face-check"),
    /** Microphone state and level (client). data: muted, level. */
    AUDIO_STATE("proctor.audio"),
    /** Sign-in (签到) (server, on a trainee's request). data: method (face|roll-call|click), result. */
    SIGN_IN("attendance.sign-in"),
    /** A lecturer's roll call for a trainee who declined face checks. data: present, by. */
    ROLL_CALL("attendance.roll-call"),
    /** A leave request (请假). data: requestId, hours, reason. */
    LEAVE_REQUESTED("attendance.leave-requested"),
    /** A lecturer's decision on a leave request. data: requestId, approved, by. */
    LEAVE_DECIDED("attendance.leave-decided"),
    /** A lesson started or ended (server, under the lecturer's user id). */
    SESSION_STARTED("lesson.started"),
    SESSION_ENDED("lesson.ended"),
    /**
     * An in-class exercise answer, accepted before the deadline (server, under the trainee; issue B).
     * data: exerciseId, choices ("0,2") or text, scored, correct and score (when scored), latencyMs.
     */
    EXERCISE_ANSWER("exercise.answer"),
    /** A question posted (server, under the asker; issue B). data: questionId, text. */
    QUESTION("qa.question"),
    /**
     * An exercise started (server, under the lecturer). data: exerciseId, kind, prompt, optionCount,
     * option0..option7, correct (indices "0,2", or accepted texts one per line), seconds, points, deadline.
     */
    EXERCISE_STARTED("exercise.started"),
    /**
     * An exercise closed (server, under the lecturer who started it). data: exerciseId, reason
     * (deadline|lecturer|lesson-ended), answered, expected, correctCount (when scored).
     */
    EXERCISE_CLOSED("exercise.closed"),
    /**
     * An answer that came after the deadline or the close, refused (server, under the trainee).
     * data: exerciseId, lateMs (after the deadline or the close), choices or text as sent.
     */
    EXERCISE_LATE("exercise.late-answer"),
    /** A vote for a question given or withdrawn (server, under the voter). data: questionId, up. */
    QA_VOTE("qa.vote"),
    /**
     * A danmaku shown in a live lesson (server, under the sender's user id; lecturers' too, so that a
     * replay shows them all). data: danmakuId, name, text (as shown), color, mediaTimeMs, length,
     * masked.
     */
    DANMAKU("danmaku.sent"),
    /**
     * A chat message posted (server, under the sender's user id; lecturers' too). data: messageId,
     * name, to (class|lecturers), text (as shown: masked words are not kept), length, masked.
     */
    CHAT_MESSAGE("chat.sent"),
    /**
     * A speaking turn, written when it ends (server, under the speaker's user id). data: turnId,
     * invitedBy, startedAt, endedAt, seconds, endedBy, reason.
     */
    SPEAK_TURN("speak.turn"),
    /** A trainee raised or lowered the hand (server). data: raised. */
    HAND_RAISED("speak.hand"),
    /**
     * A trainee's membership of one breakout group, written when it ends (moved, recalled, time up,
     * lesson ended) (server). data: breakoutId, groupId, groupName, joinedAt, leftAt, seconds, reason.
     */
    BREAKOUT_JOINED("breakout.joined"),
    /** A group's notes as saved (server, under the writer's user id). data: breakoutId, groupId, text. */
    BREAKOUT_NOTES("breakout.notes"),
    /**
     * On-demand or replay progress (issue D): one decision of the watch rules (server, under the
     * trainee's user id). data: videoId, videoKind (replay|on-demand), counts (false for a replay
     * when {@code playback.replayCountsAsLearning=false}), decision (credited|no-credit|seek-refused|
     * completed), and by decision: fromMs, toMs, creditedMs, rate (credited); reason
     * (hidden|rate-over-cap|too-fast|gap|question-due), fromMs, toMs, rate, visible, gapMs (no-credit);
     * fromMs, toMs, allowedMs, event (seek-refused); coveragePermille, completionPercent (completed).
     * Every decision also carries coveragePermille and furthestMs after it.
     */
    PLAYBACK_PROGRESS("playback.progress"),
    /**
     * A regulator read this class's records (server, under the regulator's user id): every read is
     * itself on the record. data: what (overview|trainees|timeline|csv|bundle), subject, range.
     */
    REGULATOR_READ("audit.regulator-read"),
    /**
     * An in-video question opened for a trainee or answered (server, under the trainee). data: videoId,
     * videoKind, counts, decision (question-opened|question-right|question-wrong|question-late),
     * questionId, atMs, and: limitSeconds, deadline (opened); choices ("0,2"), deadline, lateMs,
     * rewindToMs when playback was sent back (answers).
     */
    VIDEO_QUESTION("playback.question"),
    /**
     * A danmaku posted on a video (server, under the sender). data: videoId, danmakuId, atMs, text (as
     * shown), color, length, masked.
     */
    VIDEO_DANMAKU("playback.danmaku"),
    /**
     * A comment posted on a video, or deleted by a lecturer (server, under the writer or the lecturer).
     * data: videoId, commentId, replyTo (or ""), text (as shown; "" for a deletion), length, masked, deleted.
     */
    VIDEO_COMMENT("playback.comment"),
    /**
     * A recording of the lesson started (server, under the lecturer who started it, or the lesson's
     * starter when {@code playback.alwaysRecord}; issue D). data: videoId, by (user id, or "auto").
     */
    RECORDING_STARTED("recording.started"),
    /**
     * A recording of the lesson stopped (server, under the lecturer who stopped it or who started
     * it; issue D). data: videoId, by (user id, or "lesson-ended"), seconds.
     */
    RECORDING_STOPPED("recording.stopped"),
    // ---- issue G: result assessment, feedback forms, e-certificates (docs/assessment.md) ----
    /**
     * The class's scoring rules set (server, under the admin). data: criteria (JSON array of
     * {id,title,titleEn,guide,points}), passMark, scorers, thirdScorerGap, by.
     */
    ASSESSMENT_RULES("assessment.rules"),
    /** A scoring lecturer assigned to the class, or removed (server, under the scorer). data: assigned, by. */
    SCORER_ASSIGNED("assessment.scorer"),
    /** A submission deadline set (server, under the lecturer). data: kind (practical|plan), at (instant). */
    SUBMISSION_DEADLINE("assessment.deadline"),
    /**
     * A submission's draft (version 0) or submitted version saved (server, under the trainee).
     * data: kind, version, fields.&lt;id&gt; (each field), attachments (JSON array of {sha256,fileName,type,bytes}).
     */
    SUBMISSION_SAVED("assessment.submission"),
    /**
     * A file a trainee uploaded for a submission, stored under {@code <data.dir>/assessment/attachments/<sha256>}
     * (server, under the trainee). data: kind (practical|plan), sha256, fileName, type (pdf|docx|png|jpeg), bytes.
     */
    ATTACHMENT_UPLOADED("assessment.attachment"),
    /**
     * A score sheet (server, under the trainee scored). data: scorer, points.&lt;criterion&gt;, comments.&lt;criterion&gt;, comment.
     * A later sheet of the same scorer replaces the earlier one; both stay here.
     */
    SCORE_RECORDED("assessment.score"),
    /**
     * A feedback form put to the class, or changed (server, under the admin or lecturer). data: formId, kind
     * (daily|final), day, opensAt, closesAt, questions (JSON array of {id,type,text,textEn,options,required}), and
     * source ({@code lesson-ended}) when the server put the day's form by itself, under the lesson's lecturer.
     */
    FORM_PUT("form.put"),
    /** A trainee's answer to a form (server, under the trainee). data: formId, answers.&lt;question&gt;. */
    FORM_ANSWERED("form.answer"),
    /**
     * An e-certificate issued (server, under the trainee). data: the certificate's fields, keyId,
     * signature (base64 Ed25519 over the certificate message), by.
     */
    CERTIFICATE_ISSUED("certificate.issued"),
    /** An e-certificate revoked (server, under the trainee). data: number, reason, by. */
    CERTIFICATE_REVOKED("certificate.revoked"),
    // ---- issue I: the practice live room, 模拟直播电商 (Art. 24(1); docs/adr/0025) ----
    /** A practice live room opened (server, under the lecturer). data: roomId, title. */
    COMMERCE_ROOM_OPENED("commerce.room.opened"),
    /**
     * A practice live room closed (server, under the lecturer who closed it, or who opened it when the
     * lesson ended). data: roomId, reason (lecturer|lesson-ended), hosts, viewers, likes, orders, units,
     * turnoverFen, buyers, conversionPermille, seconds.
     */
    COMMERCE_ROOM_CLOSED("commerce.room.closed"),
    /** The host role handed to a trainee (server, under the new host). data: roomId, by. */
    COMMERCE_HOST("commerce.host"),
    /**
     * One host's practice session (直播实训) ended: the host changed or the room closed (server, under the
     * host's user id: what the practical-results record reads). data: roomId, startedAt, endedAt, seconds,
     * viewers, likes, orders, units, turnoverFen, buyers, conversionPermille, products, reason
     * (host-changed|closed|lesson-ended).
     */
    COMMERCE_SESSION("commerce.session"),
    /**
     * The shelf changed (server, under the host). data: roomId, productId, action (put|remove|pin|unpin),
     * and for put: name, imageUrl, priceFen, stock, promotion.
     */
    COMMERCE_PRODUCT("commerce.product"),
    /**
     * A flash sale started or ended (server, under the host). data: roomId, productId, action
     * (started|ended), priceFen, seconds, endsAt (started); reason (time-up|removed|closed), sold (ended).
     */
    COMMERCE_FLASH("commerce.flash"),
    /**
     * An order accepted against the simulated stock (server, under the buyer; durable before the buyer's
     * ack). data: roomId, orderId, hostId, productId, quantity, unitPriceFen, totalFen, flash, stockLeft.
     */
    COMMERCE_ORDER("commerce.order"),
    // end issue I
    /**
     * A stored record that the store could not read back as a valid event, or whose values have no
     * canonical form (e.g. a time outside the years 0000-9999, written by an older version), kept in
     * its place in the log (store; never sent by pages). The stored record itself is kept as it is.
     * data: reason (unreadable|not-canonical), rawSha256 (of the stored bytes), rawBytes. See
     * {@code docs/trace-bundle.md} §3.1.
     */
    RECORD_SET_ASIDE("trace.set-aside");

    private final String wire;

    TraceKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TraceKind fromWire(String value) {
        for (TraceKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown trace event kind '" + value + "'");
    }
}
