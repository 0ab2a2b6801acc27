package org.wlcy.classroom.session;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.media.Subscriber;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.ParticipantId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.ClassroomView;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassResponse;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantJoinedEvent;
import org.wlcy.classroom.protocol.ClassMessages.ParticipantLeftEvent;
import org.wlcy.classroom.protocol.ClassMessages.PresenceReplacedEvent;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MediaMessages;
import org.wlcy.classroom.protocol.MediaMessages.MediaStateEvent;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.protocol.MessageTypes;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages;
import org.wlcy.classroom.protocol.SessionMessages.SessionView;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.stream.SubscriptionId;

/**
 * One class while people are in it: who is present, the live lesson, and the media streams.
 * Every method runs on the class's {@link #lane()}; the state needs no locks. Media-server calls
 * are asynchronous and hop back onto the lane; a completion that arrives after the world changed
 * (the lesson ended, the person left, the media server restarted) is undone, not applied.
 *
 * <p>Rules (Art. 7 of the guideline): at most {@link Classroom#maxTrainees()} trainees and
 * {@link Classroom#maxLecturers()} lecturers present; only lecturers start and end lessons.
 *
 * <p>Media rooms: a live lesson has its main room and, during a breakout, one room per group. Every
 * stream is in one room ({@link StreamView#groupId()}, null = main). A person is <em>in</em> the
 * main room or one group (trainees placed by {@link #placeAll}); a lecturer may also <em>visit</em>
 * one group ({@link #visit}). A stream is announced to, and may be received by, exactly those in or
 * visiting its room, and {@code proctor} streams only by lecturers ({@link StreamKind#visibleTo});
 * proctoring cameras always stay in the main room. Lecturers publish in the main room or the group
 * they visit; trainees publish their camera into their group, or into the main room while they
 * hold a speaking turn ({@link #grantCamera}). When people move, streams that no longer belong end
 * ({@link LeaveReason#ROOM_CHANGED}) and everyone is told what they stopped and started seeing.
 */
public final class LiveClassroom {
    private final Classroom classroom;
    private final MediaServer media;
    private final InstantSource clock;
    private final Executor lane;
    private final IdGenerator ids;
    private final ClassSessionListener listener;
    private final ResumePolicy resume;

    private final Map<ParticipantId, Member> members = new LinkedHashMap<>();
    private final Map<UserId, ParticipantId> byUser = new HashMap<>();
    private final Map<StreamId, Published> streams = new LinkedHashMap<>();
    private final Map<SubscriptionId, Subscribed> subscriptions = new HashMap<>();
    /** Streams being negotiated with the media server, so one person cannot publish a kind twice. */
    private final Map<StreamId, StreamView> pendingStreams = new HashMap<>();
    /** Pending streams whose media connected before their publish completed on the lane. */
    private final Set<StreamId> connectedEarly = new HashSet<>();
    private final Map<Class<?>, Object> features = new HashMap<>();
    /** Media rooms of the live lesson by {@link #key(GroupId)}: {@code ""} is the main room. */
    private final Map<String, CompletableFuture<MediaRoom>> rooms = new HashMap<>();
    /** The breakout groups that have rooms now. */
    private final Set<GroupId> groups = new java.util.LinkedHashSet<>();
    /** Trainees in a group (absent: in the main room). By user, so a reconnect keeps the group. */
    private final Map<UserId, GroupId> placement = new HashMap<>();
    /** Lecturers visiting a group besides the main room. */
    private final Map<UserId, GroupId> visiting = new HashMap<>();
    /** Trainees who may publish a camera in the main room (a speaking turn). */
    private final Set<UserId> cameraGrants = new HashSet<>();
    /** issue I live room (i-live): the practice live room's host may share a screen into the main room. */
    private final Set<UserId> screenGrants = new HashSet<>();
    /** Each presence's current resume token (rotated at every join and resume). */
    private final Map<ParticipantId, String> resumeTokens = new HashMap<>();
    /** Presences whose connection dropped, waiting for their page to resume. */
    private final Map<ParticipantId, Suspension> suspended = new HashMap<>();
    private ClassSession session;
    /** Bumped whenever media state is thrown away; stale completions compare against it. */
    private long mediaEpoch;

    private record Member(Participant participant, ClientConnection connection) {
    }

    /** A dropped connection's presence: what it missed, since when, and the end of the wait. */
    private record Suspension(Instant since, HeldMessages held, ClientConnection holder,
                              Scheduler.Cancellable expiry) {
    }

    /**
     * A published stream. It is {@code announced} (told to the class, listed in {@code class.join.ok},
     * open for subscription) only once its media flows: Janus refuses subscriptions to a publisher
     * whose peer connection is not up yet ("no such feed").
     */
    private record Published(StreamView view, Publisher publisher, boolean announced) {
    }

    private record Subscribed(SubscriptionId id, ParticipantId owner, StreamId stream, Subscriber subscriber) {
    }

    public LiveClassroom(Classroom classroom, MediaServer media, InstantSource clock, Executor lane,
                         IdGenerator ids, ClassSessionListener listener) {
        this(classroom, media, clock, lane, ids, listener, ResumePolicy.OFF);
    }

    public LiveClassroom(Classroom classroom, MediaServer media, InstantSource clock, Executor lane,
                         IdGenerator ids, ClassSessionListener listener, ResumePolicy resume) {
        this.resume = Objects.requireNonNull(resume, "resume");
        this.classroom = Objects.requireNonNull(classroom, "classroom");
        this.media = Objects.requireNonNull(media, "media");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ClassroomId id() {
        return classroom.id();
    }

    public Classroom classroom() {
        return classroom;
    }

    /** The serial executor every method of this class must run on. */
    public Executor lane() {
        return lane;
    }

    /**
     * Where the lane's tasks run (with lanes on the network event loops, this class's loop): the
     * connections of the class move there as they join (docs/adr/0027).
     */
    public Executor home() {
        return lane instanceof org.wlcy.classroom.lane.SerialLane serial ? serial.executor() : lane;
    }

    // ---------------------------------------------------------------- presence

    /** {@code class.join} without a resume token. */
    public void join(ClientConnection conn, String requestId) {
        join(conn, requestId, null);
    }

    /**
     * {@code class.join}: checks membership and the Art. 7 limits, replaces an earlier presence;
     * with the earlier presence's {@code resumeToken}, takes that presence back instead (its streams,
     * subscriptions and what it missed while away), as long as it still waits.
     */
    public void join(ClientConnection conn, String requestId, String resumeToken) {
        var identity = conn.identity();
        if (conn.classroom() != null) {
            throw new ClassroomException(ErrorCode.ALREADY_JOINED, "this connection has joined a class already");
        }
        if (!identity.mayEnter(classroom.id())) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER,
                    "your token does not list class " + classroom.id());
        }
        listener.checkJoin(classroom.id(), identity.userId().value(), identity.role()); // may refuse (issue H roster: not on the roster)
        ParticipantId previous = byUser.get(identity.userId());
        if (resumeToken != null && previous != null && resumeToken.equals(resumeTokens.get(previous))) {
            Suspension waiting = suspended.get(previous);
            if (waiting == null || !waiting.held().overflowed()) {
                resume(conn, requestId, previous, waiting);
                return;
            }
        }
        Role role = identity.role();
        if (role.takesSeat()) {
            long present = members.values().stream()
                    .filter(m -> m.participant().role() == role && !m.participant().participantId().equals(previous))
                    .count();
            int limit = role == Role.TRAINEE ? classroom.maxTrainees() : classroom.maxLecturers();
            if (present >= limit) {
                throw new ClassroomException(ErrorCode.CLASS_FULL, "class " + classroom.id() + " already has "
                        + limit + (role == Role.TRAINEE ? " trainees" : " lecturers") + " present");
            }
        }
        if (previous != null) {
            Member old = members.get(previous);
            old.connection().channel().send(new PresenceReplacedEvent(LeaveReason.DUPLICATE_IDENTITY,
                    "you joined this class from another page"));
            removeMember(previous, LeaveReason.DUPLICATE_IDENTITY);
            old.connection().channel().close(LeaveReason.DUPLICATE_IDENTITY);
        }
        Participant p = new Participant(new ParticipantId(ids.next("p-")), identity.userId(),
                identity.displayName(), role, clock.instant());
        broadcast(new ParticipantJoinedEvent(p));
        members.put(p.participantId(), new Member(p, conn));
        byUser.put(p.userId(), p.participantId());
        conn.bind(this, p.participantId());
        conn.channel().send(joined(requestId, p, false));
        listener.onParticipantJoined(classroom.id(), p);
    }

    private JoinClassResponse joined(String requestId, Participant p, boolean resumed) {
        String token = null;
        if (resume.enabled()) {
            token = ResumeTokens.next();
            resumeTokens.put(p.participantId(), token);
        }
        return new JoinClassResponse(requestId, MessageTypes.PROTOCOL_VERSION, clock.instant(),
                ClassroomView.of(classroom), p, SessionView.of(liveSession()), participants(),
                streams.values().stream().filter(Published::announced).map(Published::view)
                        .filter(v -> sees(p, v)).toList(), token, resumed);
    }

    /**
     * The page of a presence comes back on a new connection: it takes the presence over (from the
     * held messages of a dropped connection, or from a connection the server still thinks alive),
     * gets a fresh snapshot, then everything it missed, in order.
     */
    private void resume(ClientConnection conn, String requestId, ParticipantId pid, Suspension waiting) {
        Member m = members.get(pid);
        Instant since = clock.instant();
        if (waiting != null) {
            suspended.remove(pid);
            waiting.expiry().cancel();
            since = waiting.since();
        } else {
            ClientConnection old = m.connection();
            old.unbind();
            old.channel().close(LeaveReason.DUPLICATE_IDENTITY);
        }
        members.put(pid, new Member(m.participant(), conn));
        conn.bind(this, pid);
        conn.channel().send(joined(requestId, m.participant(), true));
        if (waiting != null) {
            waiting.held().deliverTo(conn.channel());
        }
        listener.onParticipantResumed(classroom.id(), m.participant(), since);
    }

    /**
     * The connection of a presence dropped: with resuming on, the presence waits for its page to
     * come back, and what the class sends it is held meanwhile; otherwise it ends.
     */
    private void suspend(ParticipantId pid, ClientConnection dropped) {
        Member m = members.get(pid);
        HeldMessages held = new HeldMessages(resume.maxBuffered());
        ClientConnection holder = new ClientConnection(dropped.identity(), held);
        holder.bind(this, pid);
        members.put(pid, new Member(m.participant(), holder));
        Scheduler.Cancellable expiry;
        try {
            expiry = resume.scheduler().schedule(resume.grace(), () -> lane.execute(() -> {
                Member now = members.get(pid);
                if (now != null && now.connection() == holder) {
                    removeMember(pid, LeaveReason.SIGNAL_TIMEOUT);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            removeMember(pid, LeaveReason.SIGNAL_TIMEOUT); // the server is stopping: nobody will come back
            return;
        }
        suspended.put(pid, new Suspension(clock.instant(), held, holder, expiry));
        listener.onParticipantSuspended(classroom.id(), m.participant());
    }

    /**
     * {@code class.leave}, or the connection closed ({@code requestId} null): a connection that
     * dropped or went silent ({@link LeaveReason#SIGNAL_TIMEOUT}) waits for its page when resuming
     * is on.
     */
    public void leave(ClientConnection conn, String requestId, LeaveReason reason) {
        ParticipantId pid = conn.participantId();
        if (conn.classroom() == this && pid != null && members.containsKey(pid)
                && members.get(pid).connection() == conn) {
            if (requestId == null && reason == LeaveReason.SIGNAL_TIMEOUT && resume.enabled()) {
                suspend(pid, conn);
            } else {
                removeMember(pid, reason);
            }
        }
        conn.unbind();
        if (requestId != null) {
            conn.channel().send(new LeaveClassResponse(requestId));
        }
    }

    /**
     * The caller's presence, or {@link ErrorCode#NOT_JOINED}. For feature handlers (trace,
     * proctoring, interaction) that run on this lane.
     */
    public Participant participantOf(ClientConnection conn) {
        return member(conn).participant();
    }

    /**
     * The caller's presence if a lecturer, else {@link ErrorCode#ROLE_FORBIDDEN} saying
     * "only lecturers " + {@code what}. The one role check of feature handlers.
     */
    public Participant lecturerOf(ClientConnection conn, String what) {
        Participant p = participantOf(conn);
        if (p.role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only lecturers " + what);
        }
        return p;
    }

    /** Sends to everyone present whose presence matches (e.g. the lecturers). */
    public void sendTo(java.util.function.Predicate<Participant> who, ServerMessage message) {
        long start = System.nanoTime();
        for (Member m : members.values()) {
            if (who.test(m.participant())) {
                m.connection().channel().send(message);
            }
        }
        org.wlcy.classroom.lane.StageTimes.since(org.wlcy.classroom.lane.Stage.BROADCAST, start);
    }

    /** The verified identity behind a user's current presence (institution, region...), if present. */
    public java.util.Optional<org.wlcy.classroom.participant.Identity> identityOf(UserId user) {
        ParticipantId pid = byUser.get(user);
        Member m = pid == null ? null : members.get(pid);
        return m == null ? java.util.Optional.empty() : java.util.Optional.of(m.connection().identity());
    }

    /** The announced stream of this kind that a user publishes now, for server-side checks. */
    public java.util.Optional<Publisher> publisherOf(UserId user, StreamKind kind) {
        return streams.values().stream()
                .filter(p -> p.announced() && p.view().userId().equals(user) && p.view().kind() == kind)
                .map(Published::publisher).findFirst();
    }

    /** The streams announced now (media flowing), in publishing order; for recorders. */
    public List<StreamView> announcedStreams() {
        return streams.values().stream().filter(Published::announced).map(Published::view).toList();
    }

    /** The publisher of an announced stream, for server-side recorders. */
    public java.util.Optional<Publisher> publisherOf(StreamId streamId) {
        Published p = streams.get(streamId);
        return p == null || !p.announced() ? java.util.Optional.empty() : java.util.Optional.of(p.publisher());
    }

    /** Sends to one user's current presence, if present. */
    public void sendToUser(UserId user, ServerMessage message) {
        ParticipantId pid = byUser.get(user);
        Member m = pid == null ? null : members.get(pid);
        if (m != null) {
            m.connection().channel().send(message);
        }
    }

    /**
     * Per-class state of a feature (proctoring, quizzes...), created on first use and kept as long
     * as this class is live on this node. Only touched on the lane.
     */
    @SuppressWarnings("unchecked")
    public <T> T feature(Class<T> type, java.util.function.Supplier<T> create) {
        return (T) features.computeIfAbsent(type, k -> create.get());
    }

    /** Everyone present, in joining order. */
    public List<Participant> participants() {
        return members.values().stream().map(Member::participant).toList();
    }

    /** The lesson while it is live, else null. */
    public ClassSession liveSession() {
        return session != null && session.isLive() ? session : null;
    }

    // ---------------------------------------------------------------- the lesson

    /**
     * Takes over a lesson that another gateway node was running when it died (several nodes,
     * issue E): the lesson is live here from now on, under its id; nobody is told (the pages join
     * again and see it), and the lesson's start is on the record already. Ignored when a lesson is
     * live here.
     */
    public void restoreSession(ClassSession live) {
        if (liveSession() == null && live.isLive() && live.classroomId().equals(classroom.id())) {
            session = live;
        }
    }

    /** True while anyone is present or a lesson is live (a node keeps running such a class). */
    public boolean isActive() {
        return !members.isEmpty() || liveSession() != null;
    }

    /** {@code session.start} (lecturers). */
    public void startSession(ClientConnection conn, String requestId) {
        Member m = lecturer(conn, "start a lesson");
        if (liveSession() != null) {
            throw new ClassroomException(ErrorCode.SESSION_ALREADY_LIVE, "a lesson is already live");
        }
        listener.checkSessionStart(classroom.id()); // may refuse (issue H: a class not approved to open)
        ClassSession starting = new ClassSession(new ClassSessionId(ids.next("cs-")), classroom.id(),
                clock.instant(), m.participant().userId(), null);
        ClassSession previous = session;
        session = starting;
        try {
            openRoom(null);
        } catch (RuntimeException e) {
            session = previous; // nothing was told yet: leave no half-started lesson behind
            throw e;
        }
        SessionView view = SessionView.of(session);
        conn.channel().send(new SessionMessages.StartSessionResponse(requestId, view));
        broadcast(new SessionMessages.SessionStartedEvent(view));
        listener.onSessionStarted(session);
    }

    /** {@code session.end} (lecturers): every stream ends, everyone is told. */
    public void endSession(ClientConnection conn, String requestId) {
        Member m = lecturer(conn, "end a lesson");
        if (liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "no lesson is live");
        }
        dropMedia(LeaveReason.SESSION_ENDED, true);
        session = session.endedAt(clock.instant());
        SessionView view = SessionView.of(session);
        conn.channel().send(new SessionMessages.EndSessionResponse(requestId, view));
        broadcast(new SessionMessages.SessionEndedEvent(view, m.participant().userId()));
        listener.onSessionEnded(session);
    }

    // ---------------------------------------------------------------- media

    /** {@code media.publish} into the publisher's own room. */
    public void publish(ClientConnection conn, String requestId, StreamKind kind, String sdpOffer) {
        publish(conn, requestId, kind, sdpOffer, null);
    }

    /**
     * {@code media.publish}: lecturers a camera and a screen share per room (main, or the group they
     * visit: {@code group}); trainees their proctoring camera (main room) and a camera in their
     * group or while they hold a speaking turn. One stream of a kind per person and room.
     */
    public void publish(ClientConnection conn, String requestId, StreamKind kind, String sdpOffer, GroupId group) {
        Member m = member(conn);
        GroupId target = publishRoom(m.participant(), kind, group);
        requireLive();
        ParticipantId owner = m.participant().participantId();
        boolean taken = Stream.concat(streams.values().stream().map(Published::view),
                        pendingStreams.values().stream())
                .anyMatch(v -> v.participantId().equals(owner) && v.kind() == kind
                        && Objects.equals(v.groupId(), target));
        if (taken) {
            throw new ClassroomException(ErrorCode.TOO_MANY_STREAMS, "you already publish a " + kind.wire()
                    + (target == null ? "" : " in group " + target));
        }
        StreamId streamId = new StreamId(ids.next("s-"));
        StreamView view = new StreamView(streamId, owner, m.participant().userId(),
                m.participant().displayName(), kind, target);
        long epoch = mediaEpoch;
        MediaEvents events = new PeerEvents(conn, owner, streamId.value(), () -> announce(streamId),
                () -> removeStream(streamId, LeaveReason.MEDIA_FAILURE));
        pendingStreams.put(streamId, view);
        withRoom(target, r -> r.publish(owner.value() + "/" + kind.wire(), sdpOffer, events))
                .whenCompleteAsync((publisher, error) -> {
                    pendingStreams.remove(streamId);
                    boolean connected = connectedEarly.remove(streamId);
                    if (error != null) {
                        conn.channel().send(mediaError(requestId, error));
                        return;
                    }
                    if (epoch != mediaEpoch || !isCurrent(conn, owner)) {
                        publisher.close();
                        conn.channel().send(!isCurrent(conn, owner) || liveSession() == null
                                ? ErrorResponse.of(requestId, ErrorCode.NO_LIVE_SESSION,
                                        "the lesson or your presence ended while publishing")
                                : ErrorResponse.of(requestId, ErrorCode.MEDIA_UNAVAILABLE,
                                        "the media server restarted while publishing; publish again"));
                        return;
                    }
                    if (!belongs(view)) {
                        publisher.close();
                        conn.channel().send(ErrorResponse.of(requestId, ErrorCode.NOT_INVITED,
                                "your room changed while publishing; publish again"));
                        return;
                    }
                    streams.put(streamId, new Published(view, publisher, false));
                    conn.channel().send(new MediaMessages.PublishResponse(requestId, streamId, publisher.sdpAnswer()));
                    if (connected) {
                        announce(streamId);
                    }
                }, lane);
    }

    /** The stream's media flows: tell the class. */
    private void announce(StreamId streamId) {
        Published p = streams.get(streamId);
        if (p == null && pendingStreams.containsKey(streamId)) {
            connectedEarly.add(streamId);
            return;
        }
        if (p == null || p.announced()) {
            return;
        }
        streams.put(streamId, new Published(p.view(), p.publisher(), true));
        ParticipantId owner = p.view().participantId();
        sendTo(q -> !q.participantId().equals(owner) && sees(q, p.view()),
                new MediaMessages.StreamPublishedEvent(p.view()));
        listener.onStreamPublished(classroom.id(), p.view());
    }

    /** {@code media.unpublish}: only one's own stream. */
    public void unpublish(ClientConnection conn, String requestId, StreamId streamId) {
        Member m = member(conn);
        Published p = streams.get(streamId);
        if (p == null || !p.view().participantId().equals(m.participant().participantId())) {
            throw new ClassroomException(ErrorCode.STREAM_NOT_FOUND, "you publish no stream " + streamId);
        }
        removeStream(streamId, LeaveReason.CLIENT_REQUEST);
        conn.channel().send(new MediaMessages.UnpublishResponse(requestId));
    }

    /** {@code media.subscribe}: anyone present may receive a published stream. */
    public void subscribe(ClientConnection conn, String requestId, StreamId streamId) {
        Member m = member(conn);
        requireLive();
        Published p = streams.get(streamId);
        if (p == null || !p.announced() || !sees(m.participant(), p.view())) {
            throw new ClassroomException(ErrorCode.STREAM_NOT_FOUND, "no stream " + streamId + " is published");
        }
        ParticipantId owner = m.participant().participantId();
        SubscriptionId subId = new SubscriptionId(ids.next("sub-"));
        long epoch = mediaEpoch;
        MediaEvents events = new PeerEvents(conn, owner, subId.value(), () -> { }, () -> {
            Subscribed gone = subscriptions.remove(subId);
            if (gone != null) {
                gone.subscriber().close();
            }
            return gone != null;
        });
        withRoom(p.view().groupId(), r -> r.subscribe(p.publisher().feedId(), events))
                .whenCompleteAsync((subscriber, error) -> {
                    if (error != null) {
                        conn.channel().send(mediaError(requestId, error));
                        return;
                    }
                    if (epoch != mediaEpoch || !isCurrent(conn, owner) || !streams.containsKey(streamId)) {
                        subscriber.close();
                        conn.channel().send(ErrorResponse.of(requestId, ErrorCode.STREAM_NOT_FOUND,
                                "stream " + streamId + " ended while subscribing"));
                        return;
                    }
                    subscriptions.put(subId, new Subscribed(subId, owner, streamId, subscriber));
                    conn.channel().send(new MediaMessages.SubscribeResponse(requestId, subId, streamId,
                            subscriber.sdpOffer()));
                }, lane);
    }

    /** {@code media.answer}: the browser's answer to a subscription's offer. */
    public void answer(ClientConnection conn, String requestId, SubscriptionId subId, String sdpAnswer) {
        Subscribed s = ownSubscription(conn, subId);
        s.subscriber().start(sdpAnswer).whenCompleteAsync((ok, error) -> conn.channel().send(error != null
                ? mediaError(requestId, error)
                : new MediaMessages.AnswerResponse(requestId)), lane);
    }

    /** {@code media.unsubscribe}. */
    public void unsubscribe(ClientConnection conn, String requestId, SubscriptionId subId) {
        Subscribed s = ownSubscription(conn, subId);
        subscriptions.remove(s.id());
        s.subscriber().close();
        conn.channel().send(new MediaMessages.UnsubscribeResponse(requestId));
    }

    /** {@code media.trickle}: to one of the caller's streams or subscriptions. */
    public void trickle(ClientConnection conn, String requestId, String target, IceCandidate candidate) {
        Member m = member(conn);
        ParticipantId owner = m.participant().participantId();
        Published p = streams.get(parseStreamId(target));
        if (p != null && p.view().participantId().equals(owner)) {
            p.publisher().trickle(candidate);
        } else {
            Subscribed s = subscriptions.get(parseSubscriptionId(target));
            if (s == null || !s.owner().equals(owner)) {
                throw new ClassroomException(ErrorCode.STREAM_NOT_FOUND,
                        "no stream or subscription of yours is called " + target);
            }
            s.subscriber().trickle(candidate);
        }
        conn.channel().send(new MediaMessages.TrickleResponse(requestId));
    }

    /** The media server went away: every stream is gone; the class goes on without media. */
    public void onMediaLost(String reason) {
        dropMedia(LeaveReason.MEDIA_FAILURE, false);
        broadcast(new MediaMessages.MediaLostEvent(reason));
    }

    /**
     * One of the class's rooms is gone while the media server as a whole still answers (a pool's
     * instance died): the class's media starts over on the instances left, as after a restart.
     */
    private void onRoomLost(String reason) {
        dropMedia(LeaveReason.MEDIA_FAILURE, true);
        broadcast(new MediaMessages.MediaLostEvent(reason));
        if (media.isAvailable()) {
            onMediaRestored();
        }
    }

    /** The media server is back: re-open the room of a live lesson and ask publishers to publish. */
    public void onMediaRestored() {
        if (liveSession() != null) {
            for (GroupId g : Stream.concat(Stream.of((GroupId) null), groups.stream()).toList()) {
                if (!rooms.containsKey(key(g))) {
                    openRoom(g);
                }
            }
        }
        broadcast(new MediaMessages.MediaRestoredEvent());
    }

    /** The server is stopping: everyone is told, media closed. */
    public void shutdown() {
        dropMedia(LeaveReason.SERVER_SHUTDOWN, true);
        for (Member m : List.copyOf(members.values())) {
            m.connection().unbind();
            m.connection().channel().close(LeaveReason.SERVER_SHUTDOWN);
        }
        members.clear();
        byUser.clear();
    }

    // ---------------------------------------------------------------- rooms (breakout groups, speaking turns)

    /** Opens a media room for each group (during a live lesson); people are placed with {@link #placeAll}. */
    public void openGroups(java.util.Collection<GroupId> ids) {
        requireLive();
        for (GroupId g : ids) {
            if (groups.add(g) && media.isAvailable()) {
                openRoom(g);
            }
        }
    }

    /**
     * Puts trainees into groups ({@code null}: the main room). Their cameras in the room they leave
     * end; each person present is told what they stopped and started seeing.
     */
    public void placeAll(Map<UserId, GroupId> moves) {
        moves.values().forEach(this::requireGroup);
        relocate(() -> moves.forEach((user, group) -> {
            if (group == null) {
                placement.remove(user);
            } else {
                placement.put(user, group);
            }
        }), LeaveReason.ROOM_CHANGED);
        listener.onPlaced(classroom.id(), java.util.Collections.unmodifiableMap(new java.util.HashMap<>(moves)));
    }

    /** A lecturer visits one group besides the main room ({@code null}: stops visiting). */
    public void visit(UserId lecturer, GroupId group) {
        requireGroup(group);
        relocate(() -> {
            if (group == null) {
                visiting.remove(lecturer);
            } else {
                visiting.put(lecturer, group);
            }
        }, LeaveReason.ROOM_CHANGED);
    }

    /** Everyone back in the main room: every group stream ends and the groups' rooms close. */
    public void closeGroups() {
        relocate(() -> {
            placement.clear();
            visiting.clear();
        }, LeaveReason.ROOM_CHANGED);
        for (GroupId g : groups) {
            CompletableFuture<MediaRoom> r = rooms.remove(key(g));
            if (r != null) {
                r.thenAccept(MediaRoom::close);
            }
        }
        List<GroupId> closed = List.copyOf(groups);
        groups.clear();
        listener.onGroupsClosed(classroom.id(), closed);
    }

    /** Whether {@code group} has a room now (one of the running breakout's groups). */
    public boolean hasGroup(GroupId group) {
        return groups.contains(group);
    }

    /** Whether groups have rooms now (a breakout runs). */
    public boolean inBreakout() {
        return !groups.isEmpty();
    }

    /** The group a user is in, if any. */
    public java.util.Optional<GroupId> groupOf(UserId user) {
        return java.util.Optional.ofNullable(placement.get(user));
    }

    /** The group a lecturer visits, if any. */
    public java.util.Optional<GroupId> visitedBy(UserId user) {
        return java.util.Optional.ofNullable(visiting.get(user));
    }

    /** A trainee may publish a camera in the main room (a speaking turn started). */
    public void grantCamera(UserId user) {
        cameraGrants.add(user);
    }

    /** The trainee's main-room camera right ends, and the camera with it ({@link LeaveReason#TURN_ENDED}). */
    public void revokeCamera(UserId user) {
        relocate(() -> cameraGrants.remove(user), LeaveReason.TURN_ENDED);
    }

    /**
     * A trainee may share a screen (the practice live room's host, issue I): into the room they are
     * in, the main room or their breakout group's; it ends when they move or the right is revoked.
     */
    public void grantScreen(UserId user) {
        screenGrants.add(user);
    }

    /** The trainee's screen right ends, and the screen with it ({@link LeaveReason#TURN_ENDED}). */
    public void revokeScreen(UserId user) {
        relocate(() -> screenGrants.remove(user), LeaveReason.TURN_ENDED);
    }

    private void requireGroup(GroupId group) {
        if (group != null && !groups.contains(group)) {
            throw new IllegalArgumentException("no room for group " + group);
        }
    }

    /** The room a new stream goes into, or why it may not be published. */
    private GroupId publishRoom(Participant who, StreamKind kind, GroupId requested) {
        Role role = who.role();
        boolean hostScreen = kind == StreamKind.SCREEN && role == Role.TRAINEE && screenGrants.contains(who.userId());
        if (!kind.publishableBy(role) && !hostScreen) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, switch (kind) {
                case PROCTOR -> "only trainees publish a proctoring camera";
                case SCREEN -> "only lecturers (and the practice live room's host) may publish a screen";
                case CAMERA -> "only lecturers and trainees publish a camera";
            });
        }
        if (requested != null && !groups.contains(requested)) {
            throw new ClassroomException(ErrorCode.GROUP_NOT_FOUND, "no group " + requested);
        }
        if (kind == StreamKind.PROCTOR) {
            if (requested != null) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "proctoring cameras stay in the main room");
            }
            return null;
        }
        UserId user = who.userId();
        if (role == Role.TRAINEE) {
            GroupId own = placement.get(user);
            if (requested != null && !requested.equals(own)) {
                throw new ClassroomException(ErrorCode.NOT_INVITED, "you are not in group " + requested);
            }
            if (hostScreen) {
                return own;
            }
            if (own == null && !cameraGrants.contains(user)) {
                throw new ClassroomException(ErrorCode.NOT_INVITED,
                        "trainees publish a camera in a breakout group or when invited to speak");
            }
            return own;
        }
        if (requested != null && !requested.equals(visiting.get(user))) {
            throw new ClassroomException(ErrorCode.NOT_INVITED, "visit group " + requested + " first");
        }
        return requested;
    }

    /** Whether a stream may stay where it is: its publisher is (still) in or visiting its room. */
    private boolean belongs(StreamView v) {
        if (v.kind() == StreamKind.PROCTOR) {
            return true;
        }
        Member m = members.get(v.participantId());
        if (m == null) {
            return false;
        }
        UserId user = v.userId();
        if (m.participant().role() == Role.TRAINEE) {
            GroupId own = placement.get(user);
            if (v.kind() == StreamKind.SCREEN) {
                return Objects.equals(own, v.groupId()) && screenGrants.contains(user);
            }
            return Objects.equals(own, v.groupId()) && (own != null || cameraGrants.contains(user));
        }
        return v.groupId() == null || v.groupId().equals(visiting.get(user));
    }

    /** The visibility rule: in or visiting the stream's room, and allowed to see its kind. */
    private boolean sees(Participant q, StreamView v) {
        if (!v.kind().visibleTo(q.role())) {
            return false;
        }
        GroupId g = v.groupId();
        return Objects.equals(placement.get(q.userId()), g) || (g != null && g.equals(visiting.get(q.userId())));
    }

    /** Who is told that a stream ended: those who see it, and its publisher. */
    private boolean toldOf(Participant q, StreamView v) {
        return q.participantId().equals(v.participantId()) || sees(q, v);
    }

    /** The announced streams each person present sees now (not their own). */
    private Map<ParticipantId, Set<StreamId>> visibility() {
        Map<ParticipantId, Set<StreamId>> out = new HashMap<>();
        for (Member m : members.values()) {
            Participant q = m.participant();
            Set<StreamId> seen = new java.util.LinkedHashSet<>();
            for (Published p : streams.values()) {
                if (p.announced() && !p.view().participantId().equals(q.participantId()) && sees(q, p.view())) {
                    seen.add(p.view().streamId());
                }
            }
            out.put(q.participantId(), seen);
        }
        return out;
    }

    /**
     * Applies a change of who is in which room: streams that no longer belong end (their publishers
     * are told, with {@code reason}); everyone present is told {@code stream.unpublished} for what
     * they no longer see (their subscriptions to it end) and {@code stream.published} for what they
     * now see.
     */
    private void relocate(Runnable change, LeaveReason reason) {
        Map<ParticipantId, Set<StreamId>> before = visibility();
        Map<StreamId, StreamView> views = new HashMap<>();
        streams.values().forEach(p -> views.put(p.view().streamId(), p.view()));
        change.run();
        List<Published> ended = new ArrayList<>();
        for (Published p : List.copyOf(streams.values())) {
            if (!belongs(p.view())) {
                streams.remove(p.view().streamId());
                p.publisher().close();
                closeSubscriptions(s -> s.stream().equals(p.view().streamId()));
                ended.add(p);
            }
        }
        Map<ParticipantId, Set<StreamId>> after = visibility();
        for (Member m : members.values()) {
            ParticipantId pid = m.participant().participantId();
            Set<StreamId> was = before.getOrDefault(pid, Set.of());
            Set<StreamId> now = after.getOrDefault(pid, Set.of());
            for (StreamId gone : was) {
                if (!now.contains(gone)) {
                    closeSubscriptions(s -> s.owner().equals(pid) && s.stream().equals(gone));
                    m.connection().channel().send(new MediaMessages.StreamUnpublishedEvent(gone,
                            views.get(gone).participantId(), reason));
                }
            }
            for (StreamId came : now) {
                if (!was.contains(came)) {
                    m.connection().channel().send(new MediaMessages.StreamPublishedEvent(streams.get(came).view()));
                }
            }
        }
        for (Published p : ended) {
            Member owner = members.get(p.view().participantId());
            if (owner != null) {
                owner.connection().channel().send(new MediaMessages.StreamUnpublishedEvent(p.view().streamId(),
                        p.view().participantId(), reason));
            }
            if (p.announced()) {
                listener.onStreamUnpublished(classroom.id(), p.view(), reason);
            }
        }
    }

    private void closeSubscriptions(java.util.function.Predicate<Subscribed> which) {
        subscriptions.values().removeIf(s -> {
            if (which.test(s)) {
                s.subscriber().close();
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------- internals

    private Member member(ClientConnection conn) {
        ParticipantId pid = conn.participantId();
        Member m = pid == null ? null : members.get(pid);
        if (m == null || m.connection() != conn) {
            throw new ClassroomException(ErrorCode.NOT_JOINED, "join the class first");
        }
        return m;
    }

    private Member lecturer(ClientConnection conn, String what) {
        lecturerOf(conn, "may " + what);
        return member(conn);
    }

    private void requireLive() {
        if (liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "no lesson is live");
        }
    }

    private boolean isCurrent(ClientConnection conn, ParticipantId pid) {
        Member m = members.get(pid);
        return m != null && m.connection() == conn;
    }

    private Subscribed ownSubscription(ClientConnection conn, SubscriptionId subId) {
        Member m = member(conn);
        Subscribed s = subscriptions.get(subId);
        if (s == null || !s.owner().equals(m.participant().participantId())) {
            throw new ClassroomException(ErrorCode.SUBSCRIPTION_NOT_FOUND, "you have no subscription " + subId);
        }
        return s;
    }

    private static String key(GroupId group) {
        return group == null ? "" : group.value();
    }

    /** Opens the main room ({@code group} null) or a group's room of the live lesson. */
    private CompletableFuture<MediaRoom> openRoom(GroupId group) {
        String name = classroom.id().value() + "/" + session.id().value() + (group == null ? "" : "/" + group);
        RoomSpec spec = new RoomSpec(name, classroom.name() + (group == null ? "" : " / " + group),
                2 * classroom.maxLecturers() + classroom.maxTrainees());
        String key = key(group);
        var self = new java.util.concurrent.atomic.AtomicReference<CompletableFuture<MediaRoom>>();
        CompletableFuture<MediaRoom> opening = media.openRoom(spec,
                reason -> lane.execute(() -> {
                    if (rooms.get(key) == self.get()) { // not a room replaced since
                        onRoomLost(reason);
                    }
                })).toCompletableFuture();
        self.set(opening);
        rooms.put(key, opening);
        // A room that failed to open is forgotten, so the next request tries again.
        opening.whenCompleteAsync((r, error) -> {
            if (error != null && rooms.get(key) == opening) {
                rooms.remove(key);
            }
        }, lane);
        return opening;
    }

    private <T> CompletionStage<T> withRoom(GroupId group, Function<MediaRoom, CompletionStage<T>> action) {
        CompletableFuture<MediaRoom> room = rooms.get(key(group));
        if (room == null) {
            if (!media.isAvailable()) {
                return CompletableFuture.failedFuture(MediaException.unavailable("the media server is down"));
            }
            room = openRoom(group);
        }
        // No extra stage between the media server's answer and the caller's lane task: the reply
        // (.ok) must be queued on the lane before any candidate the media server sends after it.
        return room.thenCompose(action);
    }

    private void removeMember(ParticipantId pid, LeaveReason reason) {
        Member m = members.remove(pid);
        if (m == null) {
            return;
        }
        resumeTokens.remove(pid);
        Suspension waiting = suspended.remove(pid);
        if (waiting != null) {
            waiting.expiry().cancel();
        }
        byUser.remove(m.participant().userId(), pid);
        m.connection().unbind();
        for (Published p : List.copyOf(streams.values())) {
            if (p.view().participantId().equals(pid)) {
                removeStream(p.view().streamId(), reason);
            }
        }
        closeSubscriptions(s -> s.owner().equals(pid));
        broadcast(new ParticipantLeftEvent(pid, m.participant().userId(), reason));
        listener.onParticipantLeft(classroom.id(), m.participant(), reason);
    }

    private boolean removeStream(StreamId streamId, LeaveReason reason) {
        Published p = streams.remove(streamId);
        if (p == null) {
            return false;
        }
        p.publisher().close();
        closeSubscriptions(s -> s.stream().equals(streamId));
        if (p.announced()) {
            sendTo(q -> toldOf(q, p.view()),
                    new MediaMessages.StreamUnpublishedEvent(streamId, p.view().participantId(), reason));
            listener.onStreamUnpublished(classroom.id(), p.view(), reason);
        }
        return true;
    }

    /** Throws away every stream, subscription and the room; {@code close} says whether to tell Janus. */
    private void dropMedia(LeaveReason reason, boolean close) {
        mediaEpoch++;
        List<Published> gone = new ArrayList<>(streams.values());
        if (close) {
            subscriptions.values().forEach(s -> s.subscriber().close());
            gone.forEach(p -> p.publisher().close());
        }
        subscriptions.clear();
        streams.clear();
        for (Published p : gone) {
            if (!p.announced()) {
                continue;
            }
            sendTo(q -> toldOf(q, p.view()),
                    new MediaMessages.StreamUnpublishedEvent(p.view().streamId(), p.view().participantId(),
                    reason));
            listener.onStreamUnpublished(classroom.id(), p.view(), reason);
        }
        List<CompletableFuture<MediaRoom>> open = List.copyOf(rooms.values());
        rooms.clear();
        if (close) {
            open.forEach(r -> r.thenAccept(MediaRoom::close));
        }
    }

    private void broadcast(ServerMessage message) {
        for (Member m : members.values()) {
            m.connection().channel().send(message);
        }
    }

    private void broadcastExcept(ParticipantId except, ServerMessage message) {
        for (Member m : members.values()) {
            if (!m.participant().participantId().equals(except)) {
                m.connection().channel().send(message);
            }
        }
    }

    private static ErrorResponse mediaError(String requestId, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof MediaException me && me.isUnavailable()) {
            return ErrorResponse.of(requestId, ErrorCode.MEDIA_UNAVAILABLE, "the media server is unavailable: "
                    + me.getMessage());
        }
        if (cause instanceof ClassroomException ce) {
            return ErrorResponse.of(requestId, ce.code(), ce.getMessage());
        }
        return ErrorResponse.of(requestId, ErrorCode.MEDIA_FAILED, "the media server refused: " + cause.getMessage());
    }

    private static StreamId parseStreamId(String target) {
        return new StreamId(target);
    }

    private static SubscriptionId parseSubscriptionId(String target) {
        return new SubscriptionId(target);
    }

    /**
     * Relays one peer connection's media events to its owner, on the lane: to the connection that
     * holds the owner's presence now (it may have resumed on another one), else to the original.
     */
    private final class PeerEvents implements MediaEvents {
        private final ClientConnection conn;
        private final ParticipantId owner;
        private final String target;
        private final Runnable onConnected;
        private final BooleanSupplier removeIfPresent;

        PeerEvents(ClientConnection conn, ParticipantId owner, String target, Runnable onConnected,
                   BooleanSupplier removeIfPresent) {
            this.conn = conn;
            this.owner = owner;
            this.target = target;
            this.onConnected = onConnected;
            this.removeIfPresent = removeIfPresent;
        }

        private ClientConnection current() {
            Member m = members.get(owner);
            return m != null ? m.connection() : conn;
        }

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            lane.execute(() -> current().channel().send(new MediaMessages.TrickleEvent(target, candidate)));
        }

        @Override
        public void onConnected() {
            lane.execute(() -> {
                current().channel().send(MediaStateEvent.connected(target));
                onConnected.run();
            });
        }

        @Override
        public void onHangup(String reason) {
            lane.execute(() -> {
                if (removeIfPresent.getAsBoolean()) {
                    current().channel().send(MediaStateEvent.hangup(target, reason));
                }
            });
        }
    }
}
