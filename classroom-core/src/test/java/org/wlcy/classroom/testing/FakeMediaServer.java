package org.wlcy.classroom.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.media.RtpCodec;
import org.wlcy.classroom.media.RtpForward;
import org.wlcy.classroom.media.Subscriber;

/**
 * An in-memory {@link MediaServer} for tests: no network, no Janus, everything inspectable.
 *
 * <ul>
 *   <li><b>State.</b> Every room, publisher and subscriber ever created stays listed
 *       ({@link #rooms()}, {@link #publishers()}, {@link #subscribers()}) with its flags:
 *       {@code isClosed()} (closed by the caller or by a cascade), {@code closedDirectly()}
 *       (its own {@code close()} was called) and {@code isLost()} (the media server went down
 *       under it). Publishers and subscribers record the browser candidates trickled to them.</li>
 *   <li><b>Availability.</b> {@link #goDown(String)} marks everything lost and calls
 *       {@link MediaServerListener#onMediaServerLost} on every listener; {@link #comeBack()} calls
 *       {@link MediaServerListener#onMediaServerAvailable}. While down, every request fails with
 *       {@link MediaException#unavailable(String)}.</li>
 *   <li><b>Failures.</b> {@link #failNext(Op, MediaException)} makes the next request of a kind
 *       (or of any kind, {@link Op#ANY}) fail; {@link #failNextUnavailable(Op)} likewise with an
 *       "unavailable" error.</li>
 *   <li><b>Held completions.</b> After {@link #holdCompletions()}, requests return futures that
 *       stay incomplete until {@link #releaseHeld()} / {@link #releaseNext()}, which complete them
 *       on the calling thread in request order. Use it to test races such as a publish answered
 *       after the lesson ended.</li>
 *   <li><b>SDP.</b> Answers and offers are fake but recognisable: they start with {@code v=0} and
 *       contain {@link #ANSWER_MARKER} or {@link #OFFER_MARKER} and the feed id.</li>
 * </ul>
 *
 * <p>Unless held, futures complete synchronously on the caller's thread. The class is
 * thread-safe, so it can also sit behind a real server in integration tests.
 */
public final class FakeMediaServer implements MediaServer {

    /** Janus videoroom "no such room". */
    public static final int NO_SUCH_ROOM = 426;
    /** Janus videoroom "no such feed". */
    public static final int NO_SUCH_FEED = 428;
    /** Marker contained in every fake SDP answer (publishers). */
    public static final String ANSWER_MARKER = "fake-answer";
    /** Marker contained in every fake SDP offer (subscribers). */
    public static final String OFFER_MARKER = "fake-offer";

    /** Kinds of request, for {@link #failNext(Op, MediaException)}. */
    public enum Op {
        OPEN_ROOM, PUBLISH, SUBSCRIBE, START_SUBSCRIBER, KEYFRAME, FORWARD_RTP, RECORD,
        /** Matches any request. */
        ANY
    }

    private record PlannedFailure(Op op, Supplier<MediaException> error) {
    }

    private record Held(String what, Runnable completion) {
    }

    private final Object lock = new Object();
    private final AtomicLong nextFeed = new AtomicLong(1);
    private final AtomicLong nextSubscriber = new AtomicLong(1);
    private final List<FakeRoom> rooms = new CopyOnWriteArrayList<>();
    private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();
    private final Deque<PlannedFailure> failures = new ArrayDeque<>();
    private final Deque<Held> held = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean available = true;
    private volatile boolean holding;
    private volatile boolean autoConnectPublishers = true;
    private volatile boolean closed;

    // ------------------------------------------------------------------ MediaServer

    @Override
    public CompletionStage<MediaRoom> openRoom(RoomSpec spec) {
        Objects.requireNonNull(spec, "spec");
        MediaException error = planned(Op.OPEN_ROOM);
        if (error != null) {
            return respond("openRoom " + spec.name(), () -> {
                throw error;
            });
        }
        FakeRoom room = new FakeRoom(spec);
        rooms.add(room);
        return respond("openRoom " + spec.name(), () -> room);
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public void addListener(MediaServerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Closes every room (cascading); may be called twice. */
    @Override
    public void close() {
        closed = true;
        rooms.forEach(FakeRoom::cascadeClose);
    }

    // ------------------------------------------------------------------ controls

    /**
     * The media server goes away: every room, publisher and subscriber is marked lost (not
     * closed: the server forgot them) and every listener's {@code onMediaServerLost(reason)} is
     * called on this thread. Later requests fail as unavailable until {@link #comeBack()}.
     */
    public void goDown(String reason) {
        available = false;
        rooms.forEach(FakeRoom::markLost);
        listeners.forEach(l -> l.onMediaServerLost(reason));
    }

    /** The media server answers again; every listener's {@code onMediaServerAvailable()} is called. */
    public void comeBack() {
        available = true;
        listeners.forEach(MediaServerListener::onMediaServerAvailable);
    }

    /** The next request of kind {@code op} fails with {@code error} (queued in order). */
    public FakeMediaServer failNext(Op op, MediaException error) {
        Objects.requireNonNull(error, "error");
        synchronized (lock) {
            failures.add(new PlannedFailure(op, () -> error));
        }
        return this;
    }

    /** The next request of kind {@code op} fails with a media-server error of {@code code}. */
    public FakeMediaServer failNext(Op op, int code, String message) {
        return failNext(op, new MediaException(code, message));
    }

    /** The next request of kind {@code op} fails as if the media server could not be reached. */
    public FakeMediaServer failNextUnavailable(Op op) {
        return failNext(op, MediaException.unavailable("fake media server unreachable"));
    }

    /** From now on, completions wait for {@link #releaseHeld()} or {@link #releaseNext()}. */
    public void holdCompletions() {
        holding = true;
    }

    /** Stops holding new completions and releases those held so far; returns how many. */
    public int stopHolding() {
        holding = false;
        return releaseHeld();
    }

    /** How many completions are waiting. */
    public int heldCount() {
        synchronized (lock) {
            return held.size();
        }
    }

    /** Descriptions of the waiting completions, e.g. {@code "publish p-1/camera"}. */
    public List<String> heldRequests() {
        synchronized (lock) {
            return held.stream().map(Held::what).toList();
        }
    }

    /** Completes every held request on this thread, in request order; returns how many. */
    public int releaseHeld() {
        int n = 0;
        while (releaseNext()) {
            n++;
        }
        return n;
    }

    /** Completes the oldest held request on this thread; false if none was held. */
    public boolean releaseNext() {
        Held next;
        synchronized (lock) {
            next = held.poll();
        }
        if (next == null) {
            return false;
        }
        next.completion().run();
        return true;
    }

    // ------------------------------------------------------------------ inspection

    /** Total requests made (open, publish, subscribe, start, keyframe), failed ones included. */
    public int requestCount() {
        return requests.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Every room ever opened, in order. */
    public List<FakeRoom> rooms() {
        return List.copyOf(rooms);
    }

    /** Rooms neither closed nor lost. */
    public List<FakeRoom> openRooms() {
        return rooms.stream().filter(r -> !r.isClosed() && !r.isLost()).toList();
    }

    /** The room opened last; fails if none was. */
    public FakeRoom lastRoom() {
        if (rooms.isEmpty()) {
            throw new AssertionError("no media room has been opened");
        }
        return rooms.get(rooms.size() - 1);
    }

    /** Every publisher of every room, in order. */
    public List<FakePublisher> publishers() {
        return rooms.stream().flatMap(r -> r.publishers().stream()).toList();
    }

    /** Publishers that are neither closed nor lost. */
    public List<FakePublisher> activePublishers() {
        return publishers().stream().filter(FakePublisher::isActive).toList();
    }

    /** Every subscriber of every room, in order. */
    public List<FakeSubscriber> subscribers() {
        return rooms.stream().flatMap(r -> r.subscribers().stream()).toList();
    }

    /** Subscribers that are neither closed nor lost. */
    public List<FakeSubscriber> activeSubscribers() {
        return subscribers().stream().filter(FakeSubscriber::isActive).toList();
    }

    /** The publisher with this feed id, in any room. */
    public Optional<FakePublisher> publisher(FeedId feed) {
        return publishers().stream().filter(p -> p.feedId().equals(feed)).findFirst();
    }

    /** The publisher created last; fails if none was. */
    public FakePublisher lastPublisher() {
        List<FakePublisher> all = publishers();
        if (all.isEmpty()) {
            throw new AssertionError("nothing has been published");
        }
        return all.get(all.size() - 1);
    }

    /** The subscriber created last; fails if none was. */
    public FakeSubscriber lastSubscriber() {
        List<FakeSubscriber> all = subscribers();
        if (all.isEmpty()) {
            throw new AssertionError("nothing has been subscribed");
        }
        return all.get(all.size() - 1);
    }

    /** A browser-like SDP offer for publishing, recognisable by {@code tag}. */
    public static String browserOffer(String tag) {
        return "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=browser-offer-" + tag + "\r\nt=0 0\r\n";
    }

    /** A browser-like SDP answer for a subscription, recognisable by {@code tag}. */
    public static String browserAnswer(String tag) {
        return "v=0\r\no=- 46118 2 IN IP4 127.0.0.1\r\ns=browser-answer-" + tag + "\r\nt=0 0\r\n";
    }

    // ------------------------------------------------------------------ internals

    private MediaException planned(Op op) {
        requests.incrementAndGet();
        if (!available || closed) {
            return MediaException.unavailable(closed ? "fake media server closed" : "fake media server is down");
        }
        synchronized (lock) {
            for (var it = failures.iterator(); it.hasNext(); ) {
                PlannedFailure f = it.next();
                if (f.op() == op || f.op() == Op.ANY) {
                    it.remove();
                    return f.error().get();
                }
            }
        }
        return null;
    }

    /**
     * Whether publishers report {@code onConnected} right after their publish completes (default
     * true, as a browser that applies the answer would); false lets a test fire it by hand.
     */
    public FakeMediaServer autoConnectPublishers(boolean on) {
        this.autoConnectPublishers = on;
        return this;
    }

    /** Completes now, or later when holding, with the supplier's value or the exception it throws. */
    private <T> CompletionStage<T> respond(String what, Supplier<T> outcome) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable completion = () -> {
            try {
                future.complete(outcome.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        if (holding) {
            synchronized (lock) {
                held.add(new Held(what, completion));
            }
        } else {
            completion.run();
        }
        return future;
    }

    // ------------------------------------------------------------------ fakes

    /** A fake videoroom. */
    public final class FakeRoom implements MediaRoom {
        private final RoomSpec spec;
        private final List<FakePublisher> publishers = new CopyOnWriteArrayList<>();
        private final List<FakeSubscriber> subscribers = new CopyOnWriteArrayList<>();
        private volatile boolean closed;
        private volatile boolean closedDirectly;
        private volatile boolean lost;

        FakeRoom(RoomSpec spec) {
            this.spec = spec;
        }

        @Override
        public RoomSpec spec() {
            return spec;
        }

        @Override
        public CompletionStage<Publisher> publish(String display, String sdpOffer, MediaEvents events) {
            MediaException error = gone();
            if (error == null) {
                error = planned(Op.PUBLISH);
            } else {
                requests.incrementAndGet();
            }
            String what = "publish " + display;
            if (error != null) {
                MediaException e = error;
                return respond(what, () -> {
                    throw e;
                });
            }
            FakePublisher p = new FakePublisher(this, new FeedId(nextFeed.getAndIncrement()), display, sdpOffer,
                    events);
            publishers.add(p);
            CompletionStage<Publisher> answer = respond(what, () -> p);
            if (autoConnectPublishers) {
                // Like Janus's webrtcup right after the browser applies the answer.
                answer.thenRun(() -> {
                    if (p.isActive()) {
                        events.onConnected();
                    }
                });
            }
            return answer;
        }

        @Override
        public CompletionStage<Subscriber> subscribe(FeedId feed, MediaEvents events) {
            MediaException error = gone();
            if (error == null) {
                error = planned(Op.SUBSCRIBE);
            } else {
                requests.incrementAndGet();
            }
            if (error == null && publishers.stream().noneMatch(p -> p.feedId().equals(feed) && p.isActive())) {
                error = new MediaException(NO_SUCH_FEED, "no such feed " + feed);
            }
            String what = "subscribe " + feed;
            if (error != null) {
                MediaException e = error;
                return respond(what, () -> {
                    throw e;
                });
            }
            FakeSubscriber s = new FakeSubscriber(this, nextSubscriber.getAndIncrement(), feed, events);
            subscribers.add(s);
            return respond(what, () -> s);
        }

        /** Closes the room and, in cascade, its publishers and subscribers. Idempotent. */
        @Override
        public void close() {
            closedDirectly = true;
            cascadeClose();
        }

        void cascadeClose() {
            closed = true;
            publishers.forEach(FakePublisher::cascadeClose);
            subscribers.forEach(FakeSubscriber::cascadeClose);
        }

        void markLost() {
            lost = true;
            publishers.forEach(p -> p.lost = true);
            subscribers.forEach(s -> s.lost = true);
        }

        private MediaException gone() {
            if (lost) {
                return new MediaException(NO_SUCH_ROOM, "no such room " + spec.name());
            }
            if (closed) {
                return new MediaException(NO_SUCH_ROOM, "room " + spec.name() + " was destroyed");
            }
            return null;
        }

        public boolean isClosed() {
            return closed;
        }

        /** True if {@link #close()} was called on this room itself. */
        public boolean closedDirectly() {
            return closedDirectly;
        }

        /** True once the media server went down under this room. */
        public boolean isLost() {
            return lost;
        }

        public List<FakePublisher> publishers() {
            return List.copyOf(publishers);
        }

        public List<FakeSubscriber> subscribers() {
            return List.copyOf(subscribers);
        }

        @Override
        public String toString() {
            return "FakeRoom[" + spec.name() + (closed ? ", closed" : "") + (lost ? ", lost" : "") + "]";
        }
    }

    /** Common state of a fake publisher or subscriber: flags, trickled candidates, event access. */
    public abstract static class FakePeer {
        private final FakeRoom room;
        private final FeedId feedId;
        private final MediaEvents events;
        private final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
        private volatile boolean endOfCandidates;
        private volatile boolean closed;
        private volatile boolean closedDirectly;
        volatile boolean lost;

        FakePeer(FakeRoom room, FeedId feedId, MediaEvents events) {
            this.room = room;
            this.feedId = feedId;
            this.events = events;
        }

        public FeedId feedId() {
            return feedId;
        }

        public FakeRoom room() {
            return room;
        }

        /** The callbacks the caller registered; fire media-server events through them. */
        public MediaEvents events() {
            return events;
        }

        /** Fires {@link MediaEvents#onLocalCandidate} as the media server would. */
        public void fireCandidate(IceCandidate candidate) {
            events.onLocalCandidate(candidate);
        }

        /** Fires {@link MediaEvents#onConnected}. */
        public void fireConnected() {
            events.onConnected();
        }

        /** Fires {@link MediaEvents#onHangup}. */
        public void fireHangup(String reason) {
            events.onHangup(reason);
        }

        /** Browser candidates trickled so far (without the end-of-candidates {@code null}). */
        public List<IceCandidate> candidates() {
            return List.copyOf(candidates);
        }

        /** True once a {@code null} candidate (end of candidates) was trickled. */
        public boolean endOfCandidates() {
            return endOfCandidates;
        }

        /** Closed directly or by the room's cascade. */
        public boolean isClosed() {
            return closed;
        }

        /** True if {@code close()} was called on this peer itself. */
        public boolean closedDirectly() {
            return closedDirectly;
        }

        /** True once the media server went down under this peer. */
        public boolean isLost() {
            return lost;
        }

        /** Neither closed nor lost. */
        public boolean isActive() {
            return !closed && !lost;
        }

        void recordTrickle(IceCandidate candidate) {
            if (candidate == null) {
                endOfCandidates = true;
            } else {
                candidates.add(candidate);
            }
        }

        void closeDirectly() {
            closedDirectly = true;
            closed = true;
        }

        void cascadeClose() {
            closed = true;
        }
    }

    /** A fake published stream. */
    public final class FakePublisher extends FakePeer implements Publisher {
        private final String display;
        private final String sdpOffer;
        private final AtomicInteger keyframeRequests = new AtomicInteger();
        private final List<FakeRtpForward> forwards = new CopyOnWriteArrayList<>();
        private final List<java.nio.file.Path> recordings = new CopyOnWriteArrayList<>();
        private volatile java.nio.file.Path recording;

        FakePublisher(FakeRoom room, FeedId feedId, String display, String sdpOffer, MediaEvents events) {
            super(room, feedId, events);
            this.display = display;
            this.sdpOffer = sdpOffer;
        }

        /** The label the caller gave. */
        public String display() {
            return display;
        }

        /** The browser's offer the caller passed. */
        public String sdpOffer() {
            return sdpOffer;
        }

        @Override
        public String sdpAnswer() {
            return "v=0\r\no=- " + feedId().value() + " 1 IN IP4 127.0.0.2\r\ns=" + ANSWER_MARKER + "-"
                    + feedId().value() + "\r\nt=0 0\r\n";
        }

        @Override
        public void trickle(IceCandidate candidate) {
            recordTrickle(candidate);
        }

        @Override
        public CompletionStage<Void> requestKeyframe() {
            keyframeRequests.incrementAndGet();
            MediaException error = isActive() ? planned(Op.KEYFRAME)
                    : new MediaException(NO_SUCH_FEED, "publisher " + feedId() + " is gone");
            return respond("keyframe " + feedId(), () -> {
                if (error != null) {
                    throw error;
                }
                return null;
            });
        }

        public int keyframeRequests() {
            return keyframeRequests.get();
        }

        /**
         * Records the forward (no packets are sent); fails like Janus when the publisher is gone,
         * or as planned with {@link Op#FORWARD_RTP}. Video is described as VP8 on payload type 96,
         * audio as Opus on 111.
         */
        @Override
        public CompletionStage<RtpForward> forwardRtp(String host, int audioPort, int videoPort) {
            MediaException error = isActive() ? planned(Op.FORWARD_RTP)
                    : new MediaException(NO_SUCH_FEED, "publisher " + feedId() + " is gone");
            FakeRtpForward forward = error == null ? new FakeRtpForward(host, audioPort, videoPort) : null;
            if (forward != null) {
                forwards.add(forward);
            }
            return respond("forward " + feedId() + " to " + host, () -> {
                if (error != null) {
                    throw error;
                }
                return forward;
            });
        }

        /**
         * Records the file base (no file is written); fails like Janus when the publisher is gone,
         * or as planned with {@link Op#RECORD}.
         */
        @Override
        public CompletionStage<Void> record(java.nio.file.Path fileBase) {
            MediaException error = isActive() ? planned(Op.RECORD)
                    : new MediaException(NO_SUCH_FEED, "publisher " + feedId() + " is gone");
            if (error == null) {
                recordings.add(fileBase);
                recording = fileBase;
            }
            return respond("record " + feedId(), () -> {
                if (error != null) {
                    throw error;
                }
                return null;
            });
        }

        @Override
        public CompletionStage<Void> stopRecording() {
            recording = null;
            return CompletableFuture.completedFuture(null);
        }

        /** The file base being recorded now, or null (also null once the publisher closed). */
        public java.nio.file.Path recording() {
            return isActive() ? recording : null;
        }

        /** Every file base {@link #record} was started with, in order. */
        public List<java.nio.file.Path> recordings() {
            return List.copyOf(recordings);
        }

        /** Every RTP forward started on this publisher, in order. */
        public List<FakeRtpForward> forwards() {
            return List.copyOf(forwards);
        }

        @Override
        public void close() {
            closeDirectly();
        }

        @Override
        public String toString() {
            return "FakePublisher[" + feedId() + " " + display + (isClosed() ? ", closed" : "")
                    + (isLost() ? ", lost" : "") + "]";
        }
    }

    /** A fake subscription to one feed. */
    public final class FakeSubscriber extends FakePeer implements Subscriber {
        private final long number;
        private final List<String> answers = new CopyOnWriteArrayList<>();

        FakeSubscriber(FakeRoom room, long number, FeedId feedId, MediaEvents events) {
            super(room, feedId, events);
            this.number = number;
        }

        @Override
        public String sdpOffer() {
            return "v=0\r\no=- " + (1_000_000 + number) + " 1 IN IP4 127.0.0.2\r\ns=" + OFFER_MARKER + "-"
                    + number + "-feed-" + feedId().value() + "\r\nt=0 0\r\n";
        }

        @Override
        public CompletionStage<Void> start(String sdpAnswer) {
            answers.add(sdpAnswer);
            MediaException error = isActive() ? planned(Op.START_SUBSCRIBER)
                    : new MediaException(NO_SUCH_FEED, "subscriber " + number + " is gone");
            return respond("start subscriber " + number, () -> {
                if (error != null) {
                    throw error;
                }
                return null;
            });
        }

        /** The browser answers passed to {@link #start(String)}, in order. */
        public List<String> answers() {
            return List.copyOf(answers);
        }

        /** True once {@link #start(String)} was called. */
        public boolean started() {
            return !answers.isEmpty();
        }

        @Override
        public void trickle(IceCandidate candidate) {
            recordTrickle(candidate);
        }

        @Override
        public void close() {
            closeDirectly();
        }

        @Override
        public String toString() {
            return "FakeSubscriber[" + number + " of feed " + feedId() + (isClosed() ? ", closed" : "")
                    + (isLost() ? ", lost" : "") + "]";
        }
    }

    /** A recorded RTP forward of a {@link FakePublisher}. */
    public static final class FakeRtpForward implements RtpForward {
        private final String host;
        private final int audioPort;
        private final int videoPort;
        private final AtomicInteger stops = new AtomicInteger();

        FakeRtpForward(String host, int audioPort, int videoPort) {
            this.host = host;
            this.audioPort = audioPort;
            this.videoPort = videoPort;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int audioPort() {
            return audioPort;
        }

        @Override
        public int videoPort() {
            return videoPort;
        }

        @Override
        public RtpCodec video() {
            return videoPort > 0 ? new RtpCodec("VP8", 96, 90000, 0) : null;
        }

        @Override
        public RtpCodec audio() {
            return audioPort > 0 ? new RtpCodec("opus", 111, 48000, 2) : null;
        }

        @Override
        public CompletionStage<Void> stop() {
            stops.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        /** True once {@link #stop()} was called. */
        public boolean isStopped() {
            return stops.get() > 0;
        }

        /** How many times {@link #stop()} was called. */
        public int stopCalls() {
            return stops.get();
        }

        @Override
        public String toString() {
            return "FakeRtpForward[" + host + " audio " + audioPort + " video " + videoPort
                    + (isStopped() ? ", stopped" : "") + "]";
        }
    }
}
