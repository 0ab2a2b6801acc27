package org.wlcy.classroom.gateway.media;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.media.janus.JanusMediaServer;
import org.wlcy.classroom.gateway.media.janus.JanusSettings;
import org.wlcy.classroom.gateway.media.janus.ManagedJanus;
import org.wlcy.classroom.gateway.media.janus.ManagedJanusSettings;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerPool;

/**
 * Chooses and starts the media server from the configuration: a managed Janus child process
 * (the embedded default) or external Janus instances. When Janus cannot run, the gateway still
 * starts: the adapter stays unavailable, {@code /readyz} says so, pages show "media server down",
 * and {@link #status()} tells the operator what to do.
 */
public final class MediaWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWiring.class);
    private final List<ManagedJanus> managed;
    private final List<JanusMediaServer> adapters;
    private final MediaServer server;
    private final String status;

    private MediaWiring(List<ManagedJanus> managed, List<JanusMediaServer> adapters, String status) {
        this.managed = List.copyOf(managed);
        this.adapters = List.copyOf(adapters);
        // One instance is the port itself; several are placed by load (MediaServerPool).
        this.server = adapters.size() == 1 ? adapters.get(0) : new MediaServerPool(adapters);
        this.status = status;
    }

    public static MediaWiring start(GatewayConfig config, ScheduledExecutorService scheduler)
            throws InterruptedException {
        GatewayConfig.Janus janus = config.janus();
        if (!janus.managed()) {
            List<JanusMediaServer> adapters = new ArrayList<>();
            for (URI url : janus.urls()) {
                adapters.add(adapter(adapterSettings(JanusSettings.of(url), janus), scheduler));
            }
            return new MediaWiring(List.of(), adapters, "external Janus at " + janus.urls());
        }
        int n = janus.managedInstances();
        if (!ManagedJanus.isJanusInstalled()) {
            String hint = "Janus is not installed, so there is no audio or video; install it with: "
                    + ManagedJanus.installCommand();
            LOG.error(hint);
            JanusMediaServer server = adapter(adapterSettings(JanusSettings.of(managedSettings(config, 0)
                    .websocketUri()), janus), scheduler);
            return new MediaWiring(List.of(), List.of(server), hint);
        }
        List<ManagedJanus> processes = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ManagedJanusSettings settings = managedSettings(config, i);
            ManagedJanus process = new ManagedJanus(settings, scheduler);
            try {
                process.start().get(settings.startTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
                statuses.add("managed Janus at " + settings.websocketUri() + " (log: " + process.logFile() + ")");
            } catch (Exception e) {
                String status = "managed Janus did not start (" + e.getMessage() + "); see " + process.logFile();
                statuses.add(status);
                LOG.error(status);
            }
            processes.add(process);
        }
        List<JanusMediaServer> adapters = new ArrayList<>();
        for (ManagedJanus process : processes) {
            JanusMediaServer server = adapter(adapterSettings(process.adapterSettings(), janus), scheduler);
            server.awaitAvailable(Duration.ofSeconds(10));
            adapters.add(server);
        }
        return new MediaWiring(processes, adapters, String.join("; ", statuses));
    }

    /** The first managed Janus's settings from the configuration (public for tests). */
    public static ManagedJanusSettings managedSettings(GatewayConfig config) {
        return managedSettings(config, 0);
    }

    /**
     * Settings of managed instance {@code i} (0-based): WebSocket port {@code wsPort + i}, its slice
     * of the RTP port range, and, from the second on, its own folder {@code <data.dir>/janus-<i+1>}.
     */
    static ManagedJanusSettings managedSettings(GatewayConfig config, int i) {
        GatewayConfig.Ice ice = config.ice();
        int n = config.janus().managedInstances();
        int slice = (ice.rtpPortMax() - ice.rtpPortMin() + 1) / n;
        int rtpMin = ice.rtpPortMin() + i * slice;
        int rtpMax = i == n - 1 ? ice.rtpPortMax() : rtpMin + slice - 1;
        java.nio.file.Path dir = config.dataDir().toAbsolutePath();
        ManagedJanusSettings.Builder b = ManagedJanusSettings.builder(i == 0 ? dir : dir.resolve("janus-" + (i + 1)),
                        config.janus().managedWsPort() + i)
                .wsIp(config.janus().managedWsIp())
                .rtpPorts(rtpMin, rtpMax);
        if (!config.janus().binary().equals("janus")) {
            b.janusBinary(java.nio.file.Path.of(config.janus().binary()));
        }
        if (!ice.enforceList().isEmpty()) {
            b.iceEnforceList(String.join(",", ice.enforceList()));
        }
        if (!ice.natOneToOneIp().isEmpty()) {
            b.nat11Mapping(ice.natOneToOneIp());
        }
        if (!ice.stunServer().isEmpty()) {
            HostPort hp = HostPort.parse(ice.stunServer(), 3478);
            b.stun(hp.host(), hp.port());
        }
        if (!ice.turnServer().isEmpty()) {
            HostPort hp = HostPort.parse(ice.turnServer(), 3478);
            b.turn(new ManagedJanusSettings.Turn(hp.host(), hp.port(), ice.turnType(), ice.turnUser(),
                    ice.turnPassword()));
        }
        if (!config.janus().apiSecret().isEmpty()) {
            b.apiSecret(config.janus().apiSecret());
        }
        return b.build();
    }

    private static JanusSettings adapterSettings(JanusSettings base, GatewayConfig.Janus janus) {
        JanusSettings s = base.withKeepalive(Duration.ofSeconds(janus.keepaliveSeconds()))
                .withRequestTimeout(Duration.ofSeconds(janus.requestTimeoutSeconds()));
        return janus.apiSecret().isEmpty() ? s : s.withApiSecret(janus.apiSecret());
    }

    private static JanusMediaServer adapter(JanusSettings settings, ScheduledExecutorService scheduler) {
        JanusMediaServer server = new JanusMediaServer(settings, scheduler);
        server.start();
        return server;
    }

    /** The media port: one Janus, or a pool of several. */
    public MediaServer server() {
        return server;
    }

    /** One line for the operator: which media server, or why there is none. */
    public String status() {
        return status;
    }

    /** The (first) managed Janus process, or null for external Janus. */
    public ManagedJanus managed() {
        return managed.isEmpty() ? null : managed.get(0);
    }

    /** Every managed Janus process, in order (empty for external Janus). */
    public List<ManagedJanus> managedInstances() {
        return managed;
    }

    @Override
    public void close() {
        server.close();
        managed.forEach(ManagedJanus::close);
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(text, defaultPort);
            }
            return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
