package org.wlcy.classroom.gateway.media.janus;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ManagedJanus} configures and runs its own Janus. Build with
 * {@link #builder(Path, int)}; everything but the data folder and the WebSocket port has a
 * default.
 *
 * @param dataDir        the gateway's data folder; Janus gets {@code <dataDir>/janus}
 *                       (config, module links, log) and, with {@code recordings},
 *                       {@code <dataDir>/recordings}
 * @param janusBinary    the {@code janus} executable, or {@code null} to find it on PATH
 * @param wsIp           address the WebSocket API listens on (default {@code 127.0.0.1})
 * @param wsPort         port of the WebSocket API
 * @param iceEnforceList {@code nat.ice_enforce_list}: the only interfaces used for ICE, or null
 * @param nat11Mapping   {@code nat.nat_1_1_mapping}: public IP put in host candidates, or null
 * @param stunServer     STUN server host, or null for none
 * @param stunPort       STUN server port (default 3478)
 * @param turn           TURN server, or null for none
 * @param rtpPortMin     lowest RTP/RTCP port (default 20000)
 * @param rtpPortMax     highest RTP/RTCP port (default 40000)
 * @param apiSecret      Janus {@code api_secret}, or null for none
 * @param adminKey       videoroom {@code admin_key} (required to create rooms), or null
 * @param recordings     create {@code <dataDir>/recordings} for videoroom recordings
 * @param debugLevel     Janus log level 0-7 (default 4)
 * @param startTimeout   how long Janus may take to answer after being launched (default 10 s)
 * @param stopTimeout    how long Janus may take to exit after SIGTERM before it is killed
 *                       (default 5 s)
 * @param restarts       when and how often a dead Janus is restarted
 */
public record ManagedJanusSettings(Path dataDir, Path janusBinary, String wsIp, int wsPort,
                                   String iceEnforceList, String nat11Mapping,
                                   String stunServer, int stunPort, Turn turn,
                                   int rtpPortMin, int rtpPortMax,
                                   String apiSecret, String adminKey, boolean recordings,
                                   int debugLevel, Duration startTimeout, Duration stopTimeout,
                                   RestartPolicy restarts) {

    public ManagedJanusSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(wsIp, "wsIp");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(restarts, "restarts");
        if (wsPort < 1 || wsPort > 65535) {
            throw new IllegalArgumentException("wsPort out of range: " + wsPort);
        }
        if (rtpPortMin < 1 || rtpPortMax > 65535 || rtpPortMin > rtpPortMax) {
            throw new IllegalArgumentException("bad RTP port range " + rtpPortMin + "-" + rtpPortMax);
        }
        if (debugLevel < 0 || debugLevel > 7) {
            throw new IllegalArgumentException("debugLevel must be 0..7");
        }
    }

    /**
     * A TURN server for Janus's own candidates.
     *
     * @param server host
     * @param port   port (usually 3478)
     * @param type   {@code udp}, {@code tcp} or {@code tls}
     * @param user   user name
     * @param pwd    password
     */
    public record Turn(String server, int port, String type, String user, String pwd) {
        public Turn {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Restarting a Janus that died: after {@code backoff} (doubling per recent restart, at most
     * {@code maxBackoff}), at most {@code maxRestarts} times within {@code window}; beyond that
     * ManagedJanus gives up and logs an error.
     */
    public record RestartPolicy(Duration backoff, Duration maxBackoff, int maxRestarts, Duration window) {
        public RestartPolicy {
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(window, "window");
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must be >= 0");
            }
        }

        /** 1 s doubling up to 30 s, at most 5 restarts in 5 minutes. */
        public static RestartPolicy defaults() {
            return new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(5));
        }
    }

    /** The WebSocket API URL, e.g. {@code ws://127.0.0.1:8188/}. */
    public URI websocketUri() {
        String host = wsIp.contains(":") ? "[" + wsIp + "]" : wsIp;
        return URI.create("ws://" + host + ":" + wsPort + "/");
    }

    /** {@code <dataDir>/janus}. */
    public Path janusDir() {
        return dataDir.resolve("janus");
    }

    /** {@code <dataDir>/recordings}. */
    public Path recordingsDir() {
        return dataDir.resolve("recordings");
    }

    public static Builder builder(Path dataDir, int wsPort) {
        return new Builder(dataDir, wsPort);
    }

    /** Builder of {@link ManagedJanusSettings}. */
    public static final class Builder {
        private final Path dataDir;
        private final int wsPort;
        private Path janusBinary;
        private String wsIp = "127.0.0.1";
        private String iceEnforceList;
        private String nat11Mapping;
        private String stunServer;
        private int stunPort = 3478;
        private Turn turn;
        private int rtpPortMin = 20000;
        private int rtpPortMax = 40000;
        private String apiSecret;
        private String adminKey;
        private boolean recordings;
        private int debugLevel = 4;
        private Duration startTimeout = Duration.ofSeconds(10);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private RestartPolicy restarts = RestartPolicy.defaults();

        private Builder(Path dataDir, int wsPort) {
            this.dataDir = dataDir;
            this.wsPort = wsPort;
        }

        public Builder janusBinary(Path binary) {
            this.janusBinary = binary;
            return this;
        }

        public Builder wsIp(String ip) {
            this.wsIp = ip;
            return this;
        }

        public Builder iceEnforceList(String interfaces) {
            this.iceEnforceList = interfaces;
            return this;
        }

        public Builder nat11Mapping(String publicIp) {
            this.nat11Mapping = publicIp;
            return this;
        }

        public Builder stun(String server, int port) {
            this.stunServer = server;
            this.stunPort = port;
            return this;
        }

        public Builder turn(Turn turnServer) {
            this.turn = turnServer;
            return this;
        }

        public Builder rtpPorts(int min, int max) {
            this.rtpPortMin = min;
            this.rtpPortMax = max;
            return this;
        }

        public Builder apiSecret(String secret) {
            this.apiSecret = secret;
            return this;
        }

        public Builder adminKey(String key) {
            this.adminKey = key;
            return this;
        }

        public Builder recordings(boolean enabled) {
            this.recordings = enabled;
            return this;
        }

        public Builder debugLevel(int level) {
            this.debugLevel = level;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        public Builder restarts(RestartPolicy policy) {
            this.restarts = policy;
            return this;
        }

        public ManagedJanusSettings build() {
            return new ManagedJanusSettings(dataDir, janusBinary, wsIp, wsPort, iceEnforceList,
                    nat11Mapping, stunServer, stunPort, turn, rtpPortMin, rtpPortMax, apiSecret,
                    adminKey, recordings, debugLevel, startTimeout, stopTimeout, restarts);
        }
    }
}
