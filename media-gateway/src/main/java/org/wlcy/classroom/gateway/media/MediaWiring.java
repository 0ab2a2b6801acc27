package org.wlcy.classroom.gateway.media;

import java.net.URI;
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

/**
 * Chooses and starts the media server from the configuration: a managed Janus child process
 * (the embedded default) or external Janus instances. When Janus cannot run, the gateway still
 * starts: the adapter stays unavailable, {@code /readyz} says so, pages show "media server down",
 * and {@link #status()} tells the operator what to do.
 */
public final class MediaWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWiring.class);
    private final ManagedJanus managed;
    private final JanusMediaServer server;
    private final String status;

    private MediaWiring(ManagedJanus managed, JanusMediaServer server, String status) {
        this.managed = managed;
        this.server = server;
        this.status = status;
    }

    public static MediaWiring start(GatewayConfig config, ScheduledExecutorService scheduler)
            throws InterruptedException {
        GatewayConfig.Janus janus = config.janus();
        if (!janus.managed()) {
            URI url = janus.urls().get(0);
            if (janus.urls().size() > 1) {
                LOG.warn("{} Janus URLs configured; this version uses the first, {} (placement across "
                        + "several instances is not built yet)", janus.urls().size(), url);
            }
            JanusMediaServer server = adapter(adapterSettings(JanusSettings.of(url), janus), scheduler);
            return new MediaWiring(null, server, "external Janus at " + url);
        }
        ManagedJanusSettings settings = managedSettings(config);
        if (!ManagedJanus.isJanusInstalled()) {
            String hint = "Janus is not installed, so there is no audio or video; install it with: "
                    + ManagedJanus.installCommand();
            LOG.error(hint);
            JanusMediaServer server = adapter(adapterSettings(JanusSettings.of(settings.websocketUri()), janus),
                    scheduler);
            return new MediaWiring(null, server, hint);
        }
        ManagedJanus process = new ManagedJanus(settings, scheduler);
        String status;
        try {
            process.start().get(settings.startTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            status = "managed Janus at " + settings.websocketUri() + " (log: " + process.logFile() + ")";
        } catch (Exception e) {
            status = "managed Janus did not start (" + e.getMessage() + "); see " + process.logFile();
            LOG.error(status);
        }
        JanusMediaServer server = adapter(adapterSettings(process.adapterSettings(), janus), scheduler);
        server.awaitAvailable(Duration.ofSeconds(10));
        return new MediaWiring(process, server, status);
    }

    /** The managed Janus's settings from the configuration (public for tests). */
    public static ManagedJanusSettings managedSettings(GatewayConfig config) {
        GatewayConfig.Ice ice = config.ice();
        ManagedJanusSettings.Builder b = ManagedJanusSettings.builder(config.dataDir().toAbsolutePath(),
                        config.janus().managedWsPort())
                .wsIp(config.janus().managedWsIp())
                .rtpPorts(ice.rtpPortMin(), ice.rtpPortMax());
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

    public MediaServer server() {
        return server;
    }

    /** One line for the operator: which media server, or why there is none. */
    public String status() {
        return status;
    }

    /** The managed Janus process, or null for external Janus. */
    public ManagedJanus managed() {
        return managed;
    }

    @Override
    public void close() {
        server.close();
        if (managed != null) {
            managed.close();
        }
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
