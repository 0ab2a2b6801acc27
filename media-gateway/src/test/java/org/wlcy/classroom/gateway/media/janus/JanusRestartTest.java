package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.media.RoomSpec;

/** Janus dies: the adapter reports it lost, ManagedJanus restarts it, the adapter comes back. */
class JanusRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void killedJanusIsRestartedAndTheAdapterReconnectsWithANewSession() throws Exception {
        JanusTestSupport.quietLogs();
        JanusTestSupport.assumeJanusInstalled();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        ManagedJanus janus = new ManagedJanus(JanusTestSupport.managedSettings(dir).build(), scheduler);
        JanusMediaServer adapter = null;
        try {
            janus.start().get(10, TimeUnit.SECONDS);
            adapter = new JanusMediaServer(JanusTestSupport.fastAdapter(janus.adapterSettings()), scheduler);
            adapter.addListener(new MediaServerListener() {
                @Override
                public void onMediaServerLost(String reason) {
                    seen.add("lost");
                }

                @Override
                public void onMediaServerAvailable() {
                    seen.add("available");
                }
            });
            adapter.start();
            assertThat(adapter.awaitAvailable(WAIT)).isTrue();
            long firstSession = adapter.sessionId();
            MediaRoom room = JanusMediaServerTest.get(adapter.openRoom(new RoomSpec("class-test/restart", "r", 2)));
            assertThat(room).isNotNull();

            long firstPid = janus.pid().orElseThrow();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

            Await.until(WAIT, "adapter reports Janus lost", () -> seen.contains("lost"));
            Await.until(WAIT, "ManagedJanus restarted Janus",
                    () -> janus.restarts() == 1 && janus.pid().isPresent() && janus.pid().getAsLong() != firstPid);
            JanusMediaServer a = adapter;
            Await.until(WAIT, "adapter available again", a::isAvailable);
            assertThat(seen).containsExactly("available", "lost", "available");
            assertThat(adapter.sessionId()).isNotZero().isNotEqualTo(firstSession);

            MediaRoom again = JanusMediaServerTest.get(adapter.openRoom(new RoomSpec("class-test/restart", "r", 2)));
            assertThat(again).isNotSameAs(room);
            try (RawJanusClient raw = new RawJanusClient(janus.websocketUri())) {
                assertThat(raw.roomExists(RoomIds.of("class-test/restart"))).isTrue();
            }
            room.close(); // a room of the lost session: harmless
            again.close();
        } finally {
            if (adapter != null) {
                adapter.close();
                adapter.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            janus.close();
            scheduler.shutdownNow();
        }
        assertThat(janus.isRunning()).isFalse();
    }
}
