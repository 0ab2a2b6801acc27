package org.wlcy.classroom.session;

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
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
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
 * {@link Classroom#maxLecturers()} lecturers present; only lecturers start, end and publish.
 */
public final class LiveClassroom {
    private final Classroom classroom;
    private final MediaServer media;
    private final InstantSource clock;
    private final Executor lane;
    private final IdGenerator ids;
    private final ClassSessionListener listener;

    private final Map<ParticipantId, Member> members = new LinkedHashMap<>();
    private final Map<UserId, ParticipantId> byUser = new HashMap<>();
    private final Map<StreamId, Published> streams = new LinkedHashMap<>();
    private final Map<SubscriptionId, Subscribed> subscriptions = new HashMap<>();
    /** Streams being negotiated with the media server, so one person cannot publish a kind twice. */
    private final Map<StreamId, StreamView> pendingStreams = new HashMap<>();
    /** Pending streams whose media connected before their publish completed on the lane. */
    private final Set<StreamId> connectedEarly = new HashSet<>();
    private final Map<Class<?>, Object> features = new HashMap<>();
    private ClassSession session;
    private CompletableFuture<MediaRoom> room;
    /** Bumped whenever media state is thrown away; stale completions compare against it. */
    private long mediaEpoch;

    private record Member(Participant participant, ClientConnection connection) {
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

    // ---------------------------------------------------------------- presence

    /** {@code class.join}: checks membership and the Art. 7 limits, replaces an earlier presence. */
    public void join(ClientConnection conn, String requestId) {
        var identity = conn.identity();
        if (conn.classroom() != null) {
            throw new ClassroomException(ErrorCode.ALREADY_JOINED, "this connection has joined a class already");
        }
        if (!identity.mayEnter(classroom.id())) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER,
                    "your token does not list class " + classroom.id());
        }
        ParticipantId previous = byUser.get(identity.userId());
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
        conn.channel().send(new JoinClassResponse(requestId, MessageTypes.PROTOCOL_VERSION, clock.instant(),
                ClassroomView.of(classroom), p, SessionView.of(liveSession()), participants(),
                streams.values().stream().filter(Published::announced).map(Published::view)
                        .filter(v -> v.kind().visibleTo(role)).toList()));
        listener.onParticipantJoined(classroom.id(), p);
    }

    /** {@code class.leave}, or the connection closed ({@code requestId} null). */
    public void leave(ClientConnection conn, String requestId, LeaveReason reason) {
        ParticipantId pid = conn.participantId();
        if (conn.classroom() == this && pid != null && members.containsKey(pid)
                && members.get(pid).connection() == conn) {
            removeMember(pid, reason);
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

    /** Sends to everyone present whose presence matches (e.g. the lecturers). */
    public void sendTo(java.util.function.Predicate<Participant> who, ServerMessage message) {
        for (Member m : members.values()) {
            if (who.test(m.participant())) {
                m.connection().channel().send(message);
            }
        }
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

    /** {@code session.start} (lecturers). */
    public void startSession(ClientConnection conn, String requestId) {
        Member m = lecturer(conn, "start a lesson");
        if (liveSession() != null) {
            throw new ClassroomException(ErrorCode.SESSION_ALREADY_LIVE, "a lesson is already live");
        }
        ClassSession starting = new ClassSession(new ClassSessionId(ids.next("cs-")), classroom.id(),
                clock.instant(), m.participant().userId(), null);
        ClassSession previous = session;
        session = starting;
        try {
            openRoom();
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

    /** {@code media.publish} (lecturers): one camera and one screen share each. */
    public void publish(ClientConnection conn, String requestId, StreamKind kind, String sdpOffer) {
        Member m = member(conn);
        if (!kind.publishableBy(m.participant().role())) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, kind == StreamKind.PROCTOR
                    ? "only trainees publish a proctoring camera" : "only lecturers may publish a " + kind.wire());
        }
        requireLive();
        ParticipantId owner = m.participant().participantId();
        boolean taken = Stream.concat(streams.values().stream().map(Published::view),
                        pendingStreams.values().stream())
                .anyMatch(v -> v.participantId().equals(owner) && v.kind() == kind);
        if (taken) {
            throw new ClassroomException(ErrorCode.TOO_MANY_STREAMS, "you already publish a " + kind.wire());
        }
        StreamId streamId = new StreamId(ids.next("s-"));
        StreamView view = new StreamView(streamId, owner, m.participant().userId(),
                m.participant().displayName(), kind);
        long epoch = mediaEpoch;
        MediaEvents events = new PeerEvents(conn, streamId.value(), () -> announce(streamId),
                () -> removeStream(streamId, LeaveReason.MEDIA_FAILURE));
        pendingStreams.put(streamId, view);
        withRoom(r -> r.publish(owner.value() + "/" + kind.wire(), sdpOffer, events))
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
        StreamKind kind = p.view().kind();
        ParticipantId owner = p.view().participantId();
        sendTo(q -> !q.participantId().equals(owner) && kind.visibleTo(q.role()),
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
        if (p == null || !p.announced() || !p.view().kind().visibleTo(m.participant().role())) {
            throw new ClassroomException(ErrorCode.STREAM_NOT_FOUND, "no stream " + streamId + " is published");
        }
        ParticipantId owner = m.participant().participantId();
        SubscriptionId subId = new SubscriptionId(ids.next("sub-"));
        long epoch = mediaEpoch;
        MediaEvents events = new PeerEvents(conn, subId.value(), () -> { }, () -> {
            Subscribed gone = subscriptions.remove(subId);
            if (gone != null) {
                gone.subscriber().close();
            }
            return gone != null;
        });
        withRoom(r -> r.subscribe(p.publisher().feedId(), events))
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

    /** The media server is back: re-open the room of a live lesson and ask publishers to publish. */
    public void onMediaRestored() {
        if (liveSession() != null && room == null) {
            openRoom();
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
        Member m = member(conn);
        if (m.participant().role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only lecturers may " + what);
        }
        return m;
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

    private void openRoom() {
        RoomSpec spec = new RoomSpec(classroom.id().value() + "/" + session.id().value(),
                classroom.name(), 2 * classroom.maxLecturers() + classroom.maxTrainees());
        CompletableFuture<MediaRoom> opening = media.openRoom(spec).toCompletableFuture();
        room = opening;
        // A room that failed to open is forgotten, so the next request tries again.
        opening.whenCompleteAsync((r, error) -> {
            if (error != null && room == opening) {
                room = null;
            }
        }, lane);
    }

    private <T> CompletionStage<T> withRoom(Function<MediaRoom, CompletionStage<T>> action) {
        if (room == null) {
            if (!media.isAvailable()) {
                return CompletableFuture.failedFuture(MediaException.unavailable("the media server is down"));
            }
            openRoom();
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
        byUser.remove(m.participant().userId(), pid);
        m.connection().unbind();
        for (Published p : List.copyOf(streams.values())) {
            if (p.view().participantId().equals(pid)) {
                removeStream(p.view().streamId(), reason);
            }
        }
        subscriptions.values().removeIf(s -> {
            if (s.owner().equals(pid)) {
                s.subscriber().close();
                return true;
            }
            return false;
        });
        broadcast(new ParticipantLeftEvent(pid, m.participant().userId(), reason));
        listener.onParticipantLeft(classroom.id(), m.participant(), reason);
    }

    private boolean removeStream(StreamId streamId, LeaveReason reason) {
        Published p = streams.remove(streamId);
        if (p == null) {
            return false;
        }
        p.publisher().close();
        subscriptions.values().removeIf(s -> {
            if (s.stream().equals(streamId)) {
                s.subscriber().close();
                return true;
            }
            return false;
        });
        if (p.announced()) {
            sendTo(q -> p.view().kind().visibleTo(q.role()),
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
            sendTo(q -> p.view().kind().visibleTo(q.role()),
                    new MediaMessages.StreamUnpublishedEvent(p.view().streamId(), p.view().participantId(),
                    reason));
            listener.onStreamUnpublished(classroom.id(), p.view(), reason);
        }
        CompletableFuture<MediaRoom> r = room;
        room = null;
        if (r != null && close) {
            r.thenAccept(MediaRoom::close);
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

    /** Relays one peer connection's media events to its owner, on the lane. */
    private final class PeerEvents implements MediaEvents {
        private final ClientConnection conn;
        private final String target;
        private final Runnable onConnected;
        private final BooleanSupplier removeIfPresent;

        PeerEvents(ClientConnection conn, String target, Runnable onConnected, BooleanSupplier removeIfPresent) {
            this.conn = conn;
            this.target = target;
            this.onConnected = onConnected;
            this.removeIfPresent = removeIfPresent;
        }

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            lane.execute(() -> conn.channel().send(new MediaMessages.TrickleEvent(target, candidate)));
        }

        @Override
        public void onConnected() {
            lane.execute(() -> {
                conn.channel().send(MediaStateEvent.connected(target));
                onConnected.run();
            });
        }

        @Override
        public void onHangup(String reason) {
            lane.execute(() -> {
                if (removeIfPresent.getAsBoolean()) {
                    conn.channel().send(MediaStateEvent.hangup(target, reason));
                }
            });
        }
    }
}
