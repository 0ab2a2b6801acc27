package org.wlcy.classroom.gateway.media.janus;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/** Shared helpers of the Janus tests: free ports, the test ICE interface, a managed Janus. */
final class JanusTestSupport {

    private JanusTestSupport() {
    }

    /** Keeps Jetty's and the JDK's debug logging out of the test output. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("jdk")).setLevel(Level.INFO);
    }

    /**
     * Real-Janus tests need the {@code janus} package. The README's test command installs it; a
     * developer running one test class by hand without it gets a skip with the install command.
     * Under CI a missing Janus is a failure, never a silent skip.
     */
    static void assumeJanusInstalled() {
        String hint = "Janus is not installed; install it with: " + ManagedJanus.installCommand();
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(ManagedJanus.isJanusInstalled(), hint);
        }
        Assumptions.assumeTrue(ManagedJanus.isJanusInstalled(), hint);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Settings for a Janus in {@code dir} on a free port; ICE on the test veth when present. */
    static ManagedJanusSettings.Builder managedSettings(Path dir) throws IOException {
        ManagedJanusSettings.Builder b = ManagedJanusSettings.builder(dir, freePort())
                .rtpPorts(30000, 30999)
                .startTimeout(Duration.ofSeconds(10))
                .stopTimeout(Duration.ofSeconds(5))
                .restarts(new ManagedJanusSettings.RestartPolicy(Duration.ofMillis(100),
                        Duration.ofSeconds(1), 3, Duration.ofMinutes(1)));
        String iface = System.getenv("CLASSROOM_TEST_ICE_IFACE");
        if (iface != null && !iface.isBlank()) {
            b.iceEnforceList(iface);
        }
        return b;
    }

    /** Adapter settings with short timeouts so failures show fast. */
    static JanusSettings fastAdapter(JanusSettings base) {
        return base.withRequestTimeout(Duration.ofSeconds(3))
                .withKeepalive(Duration.ofSeconds(5))
                .withReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    static JanusSettings fastAdapter(URI url) {
        return fastAdapter(JanusSettings.of(url));
    }
}
