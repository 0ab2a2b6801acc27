package org.wlcy.classroom.gateway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.media.MediaWiring;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * The product as {@code Main} wires it (gateway + managed real Janus), on free loopback ports and
 * a temporary data folder, for end-to-end tests. Inside the test network namespace (see
 * {@code scripts/java-in-netns}) Janus gathers ICE candidates only on the namespace's veth.
 */
public final class MediaStack implements AutoCloseable {
    private final Path dataDir;
    private final ScheduledExecutorService scheduler;
    private final MediaWiring media;
    private final Gateway gateway;

    private MediaStack(Path dataDir, ScheduledExecutorService scheduler, MediaWiring media, Gateway gateway) {
        this.dataDir = dataDir;
        this.scheduler = scheduler;
        this.media = media;
        this.gateway = gateway;
    }

    public static MediaStack start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /** As {@link #start()}, with the gateway given {@code wrap(janus)} (a test hook around the media port). */
    public static MediaStack start(UnaryOperator<MediaServer> wrap) throws Exception {
        return start(wrap, List.of());
    }

    /** As {@link #start(UnaryOperator)}, with extra settings ({@code --key=value}). */
    public static MediaStack start(UnaryOperator<MediaServer> wrap, List<String> extraFlags) throws Exception {
        Path dataDir = Files.createTempDirectory("classroom-e2e");
        List<String> flags = new ArrayList<>(List.of(
                "--http.host=127.0.0.1",
                "--http.port=" + freePort(),
                "--data.dir=" + dataDir,
                "--janus.managed.wsPort=" + freePort(),
                "--ice.rtpPortRange=41000-42000"));
        String iface = System.getenv("CLASSROOM_TEST_ICE_IFACE");
        if (iface != null && !iface.isBlank()) {
            flags.add("--ice.enforceList=" + iface);
        }
        flags.addAll(extraFlags);
        GatewayConfig config = GatewayConfig.load(Map.of(), flags);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        MediaWiring media = MediaWiring.start(config, scheduler);
        if (!media.server().isAvailable()) {
            throw new IllegalStateException("Janus did not come up: " + media.status());
        }
        Gateway gateway = Gateway.start(config, wrap.apply(media.server()), Clock.systemUTC());
        return new MediaStack(dataDir, scheduler, media, gateway);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public Gateway gateway() {
        return gateway;
    }

    public MediaWiring media() {
        return media;
    }

    /** A join link for a person of {@code classroom}, as the training platform would make it. */
    public String link(String page, String classroom, String userId, String name, Role role) {
        Identity who = new Identity(new UserId(userId), name, role, Set.of(new ClassroomId(classroom)), "测试机构",
                "110000", Instant.EPOCH);
        return baseUrl() + "/" + page + "?class=" + classroom + "&token="
                + gateway.tokens().issue(who, Duration.ofHours(1));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        gateway.close();
        media.close();
        scheduler.shutdownNow();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        } catch (IOException ignored) {
            // temp folder
        }
    }
}
