package org.wlcy.classroom.gateway.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.chat.RateLimiter;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.WordList;

/**
 * The whole configuration as one immutable record tree, built once at start from
 * {@link Settings} and validated: {@link #from} throws {@link ConfigException} listing every
 * problem. See {@code classroom-defaults.properties} for what each key means.
 */
public record GatewayConfig(Http http, Ws ws, Auth auth, Classes classes, Path dataDir, Janus janus, Ice ice,
                            Trace trace, Proctor proctor, Attendance attendance, Interaction interaction,
                            Playback playback, Assessment assessment, Resume resume, Cluster cluster,
                            Threads threads, String logFormat, Webhooks webhooks) {

    /**
     * Threads (issue J, docs/adr/0026): {@code ioThreads} Netty event loops; class lanes run on
     * them ({@code lanesOnIo}, one loop per class, picked in turn) or on a pool of
     * {@code workerThreads}.
     */
    public record Threads(int ioThreads, boolean lanesOnIo, int workerThreads) {
    }

    // ---- issue H webhooks: webhooks to management platforms (docs/adr/0023) ----
    /**
     * Webhook deliveries: retries back off from {@code retryBaseMillis} doubling up to
     * {@code retryMaxMillis}, given up after {@code maxAttempts}; each request may take
     * {@code timeoutSeconds}. {@code allowPrivateUrls}: take loopback and private addresses (tests, a
     * receiver on the same host); off in production.
     */
    public record Webhooks(boolean allowPrivateUrls, int maxAttempts, int retryBaseMillis, int retryMaxMillis,
                           int timeoutSeconds) {
    }
    // ---- end issue H webhooks ----

    /**
     * Result assessment (issue G): the largest file a trainee may attach to a submission, checked
     * while it streams in. See {@code classroom-defaults.properties}.
     */
    public record Assessment(int maxAttachmentKilobytes) {
        public long maxAttachmentBytes() {
            return maxAttachmentKilobytes * 1024L;
        }
    }

    /**
     * Several gateway nodes sharing classes through Redis (docs/adr/0016). {@code redisUrl} empty:
     * one node, nothing shared. {@code nodeId} empty: host name + process id.
     */
    public record Cluster(String redisUrl, String nodeId, int leaseSeconds) {
        public boolean enabled() {
            return !redisUrl.isEmpty();
        }
    }

    /**
     * Resuming after a dropped connection (docs/protocol.md, class.join): how long a presence waits
     * for its page, and how many messages are held for it meanwhile. {@code graceSeconds=0}: off.
     */
    public record Resume(int graceSeconds, int maxHeldMessages) {
    }

    /**
     * Recording, replays, on-demand lessons and watch rules (issue D, Art. 25). See
     * {@code classroom-defaults.properties} and {@code docs/playback.md}.
     */
    public record Playback(boolean alwaysRecord, int jobThreads, int jobTimeoutMinutes, int maxUploadMegabytes,
                           int maxChunkKilobytes, List<String> uploadExtensions, int maxRatePercent,
                           boolean allowSeekAhead, int completionPercent, int heartbeatSeconds,
                           boolean replayCountsAsLearning, boolean rewindOnWrongAnswer) {
    }

    /**
     * Live interaction: at most {@code maxSpeakers} trainees invited or speaking at a time; for chat,
     * danmaku and likes the sensitive words (the built-in list and/or the institution's file, read
     * and checked at start), what the filter does, the per-trainee rates.
     */
    public record Interaction(int maxSpeakers, WordList words, FilterMode filterMode, InteractionPolicy policy) {
    }

    /** Where traces live: {@code store} is {@code file} or {@code postgres}. */
    /**
     * The trace store, and when checkpoints are signed ({@code checkpointEvents} uncovered events,
     * at the latest {@code checkpointSeconds} after the first; issue L, docs/trace-bundle.md §4).
     */
    public record Trace(String store, String postgresUrl, String postgresUser, String postgresPassword,
                        int checkpointEvents, int checkpointSeconds,
                        // issue L witnesses: origin prefix of the C2SP checkpoint notes, witnesses (vkey@url, comma list)
                        String origin, String witnesses, int witnessTimeoutSeconds) {
        public boolean postgres() {
            return store.equals("postgres");
        }
    }

    /** Tab-switch policy and face checks ({@code evidenceRetentionDays} 0 = keep no frames). */
    public record Proctor(int exerciseLockAfter, boolean faceChecks, int faceCheckMinSeconds, int faceCheckMaxSeconds,
                          String faceCheckForwardHost, int evidenceRetentionDays) {
    }

    public record Attendance(int classHourMinutes, int onlineCapPercent) {
    }

    /**
     * Where the gateway listens and who may open {@code /ws}: pages of {@code allowedOrigins}, and,
     * only with {@code allowMissingOrigin}, clients that send no {@code Origin} header at all
     * (browsers always send one; a partner's server-side client may not).
     */
    public record Http(String host, int port, URI publicUrl, List<String> allowedOrigins, boolean allowMissingOrigin) {
        /** Whether a browser page of this origin may open the WebSocket. */
        public boolean allowsOrigin(String origin) {
            return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
        }
    }

    /**
     * WebSocket limits. Hostile input (issue E part 5, {@code docs/adr/0013-hostile-input.md}): each
     * connection's inbound frames pass a token bucket ({@code framesPerSecond}, depth
     * {@code frameBurst}); a user has at most {@code maxConnectionsPerUser} open sockets; a request
     * (or upgrade) must arrive whole within {@code handshakeTimeoutMillis} of connecting; each
     * address may fail the upgrade's checks {@code failedUpgradesPerMinute} times a minute.
     */
    public record Ws(int maxMessageBytes, int hardFrameLimitBytes, int idleTimeoutSeconds,
                     int framesPerSecond, int frameBurst, int maxConnectionsPerUser, int handshakeTimeoutMillis,
                     int failedUpgradesPerMinute) {
        /** Refused frames in one flood after which the connection is closed (1008): three times the burst. */
        public int floodCloseAfter() {
            return 3 * frameBurst;
        }
    }

    /** {@code hmacSecret} empty means: use the development secret from the data folder. */
    public record Auth(String hmacSecret, String audience, String devIssuer, boolean devMode, int devTokenTtlSeconds) {
    }

    /**
     * Where classes come from; (issue H) {@code requireApproval}: lessons start only in a class whose
     * opening application was approved (issue H). The setting {@code classes.requireApproval} empty
     * means: on, except in dev mode (so the demo class works).
     */
    public record Classes(boolean acceptFromTokens, boolean requireApproval) {
    }

    /** {@code urls} empty means: run a managed Janus. */
    public record Janus(List<URI> urls, String apiSecret, int keepaliveSeconds, int requestTimeoutSeconds,
                        String binary, String managedWsIp, int managedWsPort, int managedInstances) {
        public boolean managed() {
            return urls.isEmpty();
        }
    }

    public record Ice(List<String> enforceList, String natOneToOneIp, String stunServer, String turnServer,
                      String turnType, String turnUser, String turnPassword, int rtpPortMin, int rtpPortMax,
                      String clientIceServersJson) {
    }

    public static GatewayConfig load(Map<String, String> env, List<String> flags) {
        return from(Settings.load(env, flags));
    }

    public static GatewayConfig from(Settings s) {
        int port = s.integer("http.port", 1, 65535);
        String publicUrlText = s.string("http.publicUrl");
        URI publicUrl = URI.create("http://localhost:" + port);
        if (!publicUrlText.isEmpty()) {
            try {
                publicUrl = URI.create(publicUrlText.replaceAll("/+$", ""));
                if (publicUrl.getScheme() == null || publicUrl.getHost() == null) {
                    s.problem("http.publicUrl=" + publicUrlText + " must be an absolute URL like https://class.example.org");
                }
            } catch (IllegalArgumentException e) {
                s.problem("http.publicUrl=" + publicUrlText + " is not a URL: " + e.getMessage());
            }
        }
        List<String> origins = new ArrayList<>(s.list("http.allowedOrigins"));
        if (origins.isEmpty()) {
            origins.add(originOf(publicUrl));
            origins.add("http://localhost:" + port);
            origins.add("http://127.0.0.1:" + port);
        }
        Http http = new Http(s.string("http.host"), port, publicUrl, List.copyOf(origins),
                s.bool("http.allowMissingOrigin"));

        Ws ws = new Ws(s.integer("ws.maxMessageBytes", 1024, 16 * 1024 * 1024),
                s.integer("ws.hardFrameLimitBytes", 1024, 64 * 1024 * 1024),
                s.integer("ws.idleTimeoutSeconds", 2, 3600),
                s.integer("ws.framesPerSecond", 1, 10_000), s.integer("ws.frameBurst", 1, 100_000),
                s.integer("ws.maxConnectionsPerUser", 1, 100), s.integer("ws.handshakeTimeoutMillis", 100, 120_000),
                s.integer("ws.failedUpgradesPerMinute", 1, 100_000));
        if (ws.hardFrameLimitBytes() < ws.maxMessageBytes()) {
            s.problem("ws.hardFrameLimitBytes must be at least ws.maxMessageBytes");
        }

        Auth auth = new Auth(s.string("auth.hmacSecret"), s.string("auth.audience"), s.string("auth.devIssuer"),
                s.bool("auth.devMode"), s.integer("auth.devTokenTtlSeconds", 60, 30 * 24 * 3600));
        if (!auth.hmacSecret().isEmpty() && auth.hmacSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            s.problem("auth.hmacSecret must be at least 32 bytes (HS256); generate one with: openssl rand -base64 48");
        }
        if (auth.hmacSecret().isEmpty() && !auth.devMode()) {
            s.problem("auth.hmacSecret is required when auth.devMode=false (the secret shared with the "
                    + "training-management platform)");
        }
        if (auth.devMode()) {
            DevModeGuard.check(http, s::problem);
        }
        if (auth.audience().isEmpty()) {
            s.problem("auth.audience must not be empty");
        }

        List<URI> janusUrls = new ArrayList<>();
        for (String u : s.list("janus.urls")) {
            try {
                URI uri = URI.create(u);
                if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                    s.problem("janus.urls entry " + u + " must start with ws:// or wss://");
                }
                janusUrls.add(uri);
            } catch (IllegalArgumentException e) {
                s.problem("janus.urls entry " + u + " is not a URL: " + e.getMessage());
            }
        }
        Janus janus = new Janus(List.copyOf(janusUrls), s.string("janus.apiSecret"),
                s.integer("janus.keepaliveSeconds", 5, 55), s.integer("janus.requestTimeoutSeconds", 1, 120),
                s.string("janus.binary"), s.string("janus.managed.wsIp"),
                s.integer("janus.managed.wsPort", 1, 65535), s.integer("janus.managed.instances", 1, 16));

        int rtpMin = 20000;
        int rtpMax = 40000;
        String range = s.string("ice.rtpPortRange");
        String[] parts = range.split("-");
        try {
            rtpMin = Integer.parseInt(parts[0].trim());
            rtpMax = Integer.parseInt(parts[1].trim());
            if (parts.length != 2 || rtpMin < 1024 || rtpMax > 65535 || rtpMin >= rtpMax) {
                s.problem("ice.rtpPortRange=" + range + " must be min-max within 1024-65535, e.g. 20000-40000");
            }
        } catch (RuntimeException e) {
            s.problem("ice.rtpPortRange=" + range + " must be min-max, e.g. 20000-40000");
        }
        String turnType = s.string("ice.turnType");
        if (!List.of("udp", "tcp", "tls").contains(turnType)) {
            s.problem("ice.turnType=" + turnType + " must be udp, tcp or tls");
        }
        String clientIce = s.string("ice.clientIceServers");
        if (clientIce.isEmpty()) {
            clientIce = "[]";
        } else if (!clientIce.startsWith("[")) {
            s.problem("ice.clientIceServers must be a JSON array of RTCIceServer, e.g. "
                    + "[{\"urls\":\"stun:stun.example.org:3478\"}]");
        }
        Ice ice = new Ice(s.list("ice.enforceList"), s.string("ice.natOneToOneIp"), s.string("ice.stunServer"),
                s.string("ice.turnServer"), turnType, s.string("ice.turnUser"), s.string("ice.turnPassword"),
                rtpMin, rtpMax, clientIce);

        Trace trace = new Trace(s.string("trace.store"), s.string("trace.postgresUrl"), s.string("trace.postgresUser"),
                s.string("trace.postgresPassword"), s.integer("trace.checkpointEvents", 1, 1_000_000),
                s.integer("trace.checkpointSeconds", 1, 86400),
                // issue L witnesses
                s.string("trace.origin"), s.string("trace.witnesses"), s.integer("trace.witnessTimeoutSeconds", 1, 300));
        // issue L witnesses: the origin is one line without spaces or '+'; each witness entry is vkey@url
        if (trace.origin().isEmpty() || !trace.origin().matches("[^\\s+]+")) {
            s.problem("trace.origin=" + trace.origin() + " must be a name without spaces or '+', e.g. classroom.example.cn/wlcy-trace");
        }
        try {
            org.wlcy.classroom.gateway.proctoring.WitnessClient.Witness.parseAll(trace.witnesses());
        } catch (IllegalArgumentException e) {
            s.problem("trace.witnesses: " + e.getMessage());
        }
        if (!List.of("file", "postgres").contains(trace.store())) {
            s.problem("trace.store=" + trace.store() + " must be file or postgres");
        }
        if (trace.postgres() && !trace.postgresUrl().startsWith("jdbc:postgresql://")) {
            s.problem("trace.postgresUrl must be a PostgreSQL JDBC URL like jdbc:postgresql://db:5432/classroom "
                    + "when trace.store=postgres");
        }
        Proctor proctor = new Proctor(s.integer("proctor.exerciseLockAfter", 0, 1000), s.bool("proctor.faceChecks"),
                s.integer("proctor.faceCheckMinSeconds", 1, 86400), s.integer("proctor.faceCheckMaxSeconds", 1, 86400),
                s.string("proctor.faceCheckForwardHost"), s.integer("proctor.evidenceRetentionDays", 0, 3650));
        if (proctor.faceCheckMaxSeconds() < proctor.faceCheckMinSeconds()) {
            s.problem("proctor.faceCheckMaxSeconds must be at least proctor.faceCheckMinSeconds");
        }
        Attendance attendance = new Attendance(s.integer("attendance.classHourMinutes", 1, 240),
                s.integer("attendance.onlineCapPercent", 0, 100));

        Interaction interaction = interaction(s);

        Playback playback = new Playback(s.bool("playback.alwaysRecord"),
                s.integer("playback.jobThreads", 1, 16), s.integer("playback.jobTimeoutMinutes", 1, 24 * 60),
                s.integer("playback.maxUploadMegabytes", 1, 64 * 1024),
                s.integer("playback.maxChunkKilobytes", 64, 64 * 1024),
                s.list("playback.uploadExtensions").stream().map(x -> x.toLowerCase(java.util.Locale.ROOT)).toList(),
                s.integer("playback.maxRatePercent", 100, 400), s.bool("playback.allowSeekAhead"),
                s.integer("playback.completionPercent", 1, 100), s.integer("playback.heartbeatSeconds", 1, 60),
                s.bool("playback.replayCountsAsLearning"), s.bool("playback.rewindOnWrongAnswer"));
        if (playback.uploadExtensions().isEmpty()) {
            s.problem("playback.uploadExtensions must list at least one file type, e.g. mp4,webm");
        }

        Assessment assessment = new Assessment(s.integer("assessment.maxAttachmentKilobytes", 1, 1024 * 1024));

        Resume resume = new Resume(s.integer("ws.resumeGraceSeconds", 0, 600),
                s.integer("ws.resumeMaxHeldMessages", 10, 100_000));

        String redisUrl = s.string("cluster.redisUrl");
        if (!redisUrl.isEmpty() && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            s.problem("cluster.redisUrl=" + redisUrl + " must look like redis://host:6379");
        }
        String nodeId = s.string("cluster.nodeId");
        if (nodeId.isEmpty()) {
            String host = System.getenv().getOrDefault("HOSTNAME", "node");
            nodeId = host + "-" + ProcessHandle.current().pid();
        }
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            s.problem("cluster.nodeId=" + nodeId + " must be 1-64 letters, digits, '.', '_' or '-'");
        }
        Cluster cluster = new Cluster(redisUrl, nodeId, s.integer("cluster.leaseSeconds", 2, 300));

        int cores = Runtime.getRuntime().availableProcessors();
        int workers = s.integer("runtime.workerThreads", 0, 256);
        int io = s.integer("runtime.ioThreads", 0, 256);
        String lanes = s.string("runtime.lanes");
        if (!List.of("io", "pool").contains(lanes)) {
            s.problem("runtime.lanes=" + lanes + " must be io (on the event loops) or pool (on runtime.workerThreads)");
        }
        Threads threads = new Threads(io == 0 ? cores : io, !"pool".equals(lanes), workers == 0 ? cores : workers);
        GatewayConfig config = new GatewayConfig(http, ws, auth,
                new Classes(s.bool("classes.acceptFromTokens"), requireApproval(s, auth)), Path.of(s.string("data.dir")), janus, ice,
                trace, proctor, attendance, interaction, playback, assessment, resume, cluster,
                threads, s.string("log.format"),
                new Webhooks(s.bool("webhooks.allowPrivateUrls"), s.integer("webhooks.maxAttempts", 1, 100),
                        s.integer("webhooks.retryBaseMillis", 10, 3_600_000),
                        s.integer("webhooks.retryMaxMillis", 10, 86_400_000),
                        s.integer("webhooks.timeoutSeconds", 1, 300))); // issue H webhooks
        if (!List.of("text", "json").contains(config.logFormat())) {
            s.problem("log.format=" + config.logFormat() + " must be text or json");
        }
        if (!s.problems().isEmpty()) {
            throw new ConfigException(s.problems());
        }
        return config;
    }

    /** issue H: {@code classes.requireApproval}, empty = on outside dev mode. */
    private static boolean requireApproval(Settings s, Auth auth) {
        return s.string("classes.requireApproval").isEmpty() ? !auth.devMode() : s.bool("classes.requireApproval");
    }

    private static Interaction interaction(Settings s) {
        WordList words = s.bool("interaction.builtInWords") ? WordList.builtIn() : WordList.empty();
        String file = s.string("interaction.sensitiveWordsFile");
        if (!file.isEmpty()) {
            String key = "interaction.sensitiveWordsFile=" + file;
            try {
                words = words.and(WordList.parse(file, "custom", Files.readAllLines(Path.of(file),
                        StandardCharsets.UTF_8)));
            } catch (NoSuchFileException e) {
                s.problem(key + " does not exist; give the path of a UTF-8 file with one word per line");
            } catch (CharacterCodingException e) {
                s.problem(key + " is not UTF-8 text; save it as UTF-8");
            } catch (IOException e) {
                s.problem(key + " cannot be read: " + e);
            } catch (IllegalArgumentException e) {
                s.problem(key + ": " + e.getMessage());
            }
        }
        FilterMode mode = FilterMode.MASK;
        String modeText = s.string("interaction.filterMode");
        try {
            mode = FilterMode.parse(modeText);
        } catch (IllegalArgumentException e) {
            s.problem("interaction.filterMode=" + modeText + " must be mask or refuse");
        }
        // An out-of-range value is a problem already; clamp it so the records can still be built.
        InteractionPolicy policy = new InteractionPolicy(
                new RateLimiter.Rate(Math.max(1, s.integer("interaction.chatPerMinute", 1, 60_000)),
                        Math.max(1, s.integer("interaction.chatBurst", 1, 1000))),
                new RateLimiter.Rate(Math.max(1, s.integer("interaction.danmakuPerMinute", 1, 60_000)),
                        Math.max(1, s.integer("interaction.danmakuBurst", 1, 1000))),
                Duration.ofMillis(Math.max(50, s.integer("interaction.likeWindowMillis", 50, 10_000))));
        return new Interaction(s.integer("interaction.maxSpeakers", 1, 10), words, mode, policy);
    }

    private static String originOf(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getHost();
        return uri.getPort() == -1 ? origin : origin + ":" + uri.getPort();
    }
}
