package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.RoomSpec;

/** The adapter against a real Janus run by {@link ManagedJanus} (one for the whole class). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JanusMediaServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScheduledExecutorService scheduler;
    private ManagedJanus janus;
    private JanusMediaServer adapter;
    private RawJanusClient raw;

    @BeforeAll
    void startJanus(@TempDir Path dir) throws Exception {
        JanusTestSupport.quietLogs();
        JanusTestSupport.assumeJanusInstalled();
        scheduler = Executors.newScheduledThreadPool(2);
        janus = new ManagedJanus(JanusTestSupport.managedSettings(dir).build(), scheduler);
        janus.start().get(10, TimeUnit.SECONDS);
        adapter = new JanusMediaServer(JanusTestSupport.fastAdapter(janus.adapterSettings()), scheduler);
        adapter.start();
        raw = new RawJanusClient(janus.websocketUri());
    }

    @AfterAll
    void stopJanus() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (adapter != null) {
            adapter.close();
            adapter.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (janus != null) {
            janus.close();
            assertThat(janus.isRunning()).isFalse();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Test
    void managedJanusStartsAndAdapterBecomesAvailable() throws Exception {
        assertThat(janus.pid()).isPresent();
        assertThat(Files.readString(janus.confDir().resolve("janus.jcfg"))).contains("full_trickle = true");
        assertThat(janus.logFile()).exists();
        String iface = System.getenv("CLASSROOM_TEST_ICE_IFACE");
        if (iface != null) {
            assertThat(Files.readString(janus.confDir().resolve("janus.jcfg")))
                    .contains("ice_enforce_list = \"" + iface + "\"");
        }
        assertThat(adapter.awaitAvailable(WAIT)).isTrue();
        assertThat(adapter.isAvailable()).isTrue();
        assertThat(adapter.sessionId()).isNotZero();
    }

    @Test
    void openRoomCreatesTheRoomAndReopeningReusesIt() throws Exception {
        assertThat(adapter.awaitAvailable(WAIT)).isTrue();
        RoomSpec spec = new RoomSpec("class-test/session-open", "open test", 4);
        long roomId = RoomIds.of(spec.name());
        assertThat(raw.roomExists(roomId)).isFalse();

        MediaRoom room = get(adapter.openRoom(spec));
        assertThat(room.spec()).isEqualTo(spec);
        assertThat(raw.roomExists(roomId)).isTrue();

        // same adapter: the open room is returned again
        assertThat(get(adapter.openRoom(spec))).isSameAs(room);

        // another adapter (another Janus session): Janus says "room exists" (427), reused
        try (JanusMediaServer other = new JanusMediaServer(
                JanusTestSupport.fastAdapter(janus.adapterSettings()), scheduler)) {
            other.start();
            assertThat(other.awaitAvailable(WAIT)).isTrue();
            MediaRoom again = get(other.openRoom(spec));
            assertThat(again.spec()).isEqualTo(spec);
            assertThat(raw.roomExists(roomId)).isTrue();
        }
        // closing the other adapter destroyed the room too (close cascades to its rooms)
        Await.until(WAIT, "room destroyed by the other adapter's close", () -> !exists(roomId));

        MediaRoom reopened = get(adapter.openRoom(new RoomSpec(spec.name(), "again", 4)));
        assertThat(raw.roomExists(roomId)).isTrue();
        reopened.close();
        reopened.close();
        Await.until(WAIT, "room destroyed after close()", () -> !exists(roomId));
    }

    @Test
    void garbageSdpFailsWithAJanusCodeAndTheAdapterStaysUsable() throws Exception {
        assertThat(adapter.awaitAvailable(WAIT)).isTrue();
        RoomSpec spec = new RoomSpec("class-test/session-garbage", "garbage sdp", 4);
        MediaRoom room = get(adapter.openRoom(spec));

        Throwable failure = failure(room.publish("alice/camera", "this is not an SDP", new MediaEvents() { }));
        assertThat(failure).isInstanceOf(MediaException.class);
        MediaException me = (MediaException) failure;
        assertThat(me.isUnavailable()).isFalse();
        assertThat(me.mediaCode()).isEqualTo(465); // JANUS_ERROR_JSEP_INVALID_SDP

        // the failed publisher's handle was detached: it left the room
        long roomId = RoomIds.of(spec.name());
        Await.until(WAIT, "no participants left", () -> participants(roomId) == 0);

        // subscribing to a feed that does not exist: a videoroom error code
        Throwable noFeed = failure(room.subscribe(new FeedId(424242), new MediaEvents() { }));
        assertThat(noFeed).isInstanceOf(MediaException.class);
        assertThat(((MediaException) noFeed).mediaCode()).isEqualTo(428); // videoroom: no such feed

        assertThat(adapter.isAvailable()).isTrue();
        MediaRoom other = get(adapter.openRoom(new RoomSpec("class-test/session-after", "after", 2)));
        assertThat(raw.roomExists(RoomIds.of("class-test/session-after"))).isTrue();
        other.close();
        room.close();
    }

    @Test
    void closeTwiceIsHarmlessAndClosedAdapterRefusesRooms() throws Exception {
        JanusMediaServer own = new JanusMediaServer(
                JanusTestSupport.fastAdapter(janus.adapterSettings()), scheduler);
        own.start();
        assertThat(own.awaitAvailable(WAIT)).isTrue();
        RoomSpec spec = new RoomSpec("class-test/session-close", "close test", 2);
        get(own.openRoom(spec));
        assertThat(raw.roomExists(RoomIds.of(spec.name()))).isTrue();

        own.close();
        own.close();
        own.closed().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(own.isAvailable()).isFalse();
        assertThat(raw.roomExists(RoomIds.of(spec.name()))).isFalse();
        Throwable refused = failure(own.openRoom(spec));
        assertThat(refused).isInstanceOf(MediaException.class);
        assertThat(((MediaException) refused).isUnavailable()).isTrue();
    }

    @Test
    void adapterPointedAtNothingIsUnavailableAndFailsFast() throws Exception {
        int port = JanusTestSupport.freePort();
        JanusMediaServer nowhere = new JanusMediaServer(JanusTestSupport.fastAdapter(
                java.net.URI.create("ws://127.0.0.1:" + port + "/")), scheduler);
        try {
            nowhere.start();
            assertThat(nowhere.awaitAvailable(Duration.ofMillis(300))).isFalse();
            assertThat(nowhere.isAvailable()).isFalse();
            long t0 = System.nanoTime();
            Throwable refused = failure(nowhere.openRoom(new RoomSpec("x", "x", 1)));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
            assertThat(refused).isInstanceOf(MediaException.class);
            assertThat(((MediaException) refused).isUnavailable()).isTrue();
        } finally {
            nowhere.close();
            nowhere.closed().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean exists(long roomId) {
        try {
            return raw.roomExists(roomId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int participants(long roomId) {
        try {
            return raw.participants(roomId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Throwable failure(CompletionStage<?> stage) {
        ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ExecutionException.class, () -> get(stage));
        assertThat(e).as("expected the future to fail").isNotNull();
        return e.getCause();
    }
}
