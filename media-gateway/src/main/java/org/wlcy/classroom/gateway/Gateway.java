package org.wlcy.classroom.gateway;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.gateway.assessment.AssessmentWiring;
import org.wlcy.classroom.gateway.auth.DevSecret;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.enrolment.EnrolmentWiring;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.gateway.dev.DemoClass;
import org.wlcy.classroom.gateway.cluster.ClusterBus;
import org.wlcy.classroom.gateway.cluster.ClusterSignalling;
import org.wlcy.classroom.gateway.cluster.LessonMirror;
import org.wlcy.classroom.gateway.cluster.RedisClusterBus;
import org.wlcy.classroom.gateway.http.GatewayServer;
import org.wlcy.classroom.gateway.http.Signalling;
import org.wlcy.classroom.gateway.interaction.InteractionWiring;
import org.wlcy.classroom.gateway.playback.PlaybackWiring;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.wlcy.classroom.breakout.BreakoutService;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.speak.SpeakService;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.qa.QuestionService;
import org.wlcy.classroom.quiz.ExerciseService;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.ResumePolicy;

/**
 * The signalling server assembled by hand, in one place: codec, tokens, classes, router, Netty.
 * {@link Main} adds the media server; tests pass a fake or a real one. Closes in reverse order.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private final GatewayConfig config;
    private final TokenService tokens;
    private final Classrooms classrooms;
    private final ExecutorService workers;
    private final EventLoopGroup ioLoops;
    private final ScheduledExecutorService timers;
    private final ProctoringWiring proctoring;
    private final PlaybackWiring playback;
    private final AssessmentWiring assessment;
    private final ClusterSignalling cluster;
    private final GatewayServer server;
    private final int port;
    private final EnrolmentWiring enrolment;
    private org.wlcy.classroom.gateway.exchange.webhook.WebhookWiring webhooks; // issue H webhooks, set once by start

    private Gateway(GatewayConfig config, TokenService tokens, Classrooms classrooms, ExecutorService workers,
                    EventLoopGroup ioLoops,
                    ScheduledExecutorService timers, ProctoringWiring proctoring, PlaybackWiring playback,
                    AssessmentWiring assessment, EnrolmentWiring enrolment, ClusterSignalling cluster,
                    GatewayServer server, int port) {
        this.enrolment = enrolment;
        this.config = config;
        this.tokens = tokens;
        this.classrooms = classrooms;
        this.workers = workers;
        this.ioLoops = ioLoops;
        this.timers = timers;
        this.proctoring = proctoring;
        this.playback = playback;
        this.assessment = assessment;
        this.cluster = cluster;
        this.server = server;
        this.port = port;
    }

    /** Builds the graph and binds the port. The media server is owned by the caller. */
    public static Gateway start(GatewayConfig config, MediaServer media, InstantSource clock)
            throws InterruptedException {
        TokenService tokens = tokenService(config, clock);
        InMemoryClassroomDirectory directory = new InMemoryClassroomDirectory(config.classes().acceptFromTokens());
        if (config.auth().devMode()) {
            directory.add(DemoClass.CLASSROOM);
        }
        AtomicInteger n = new AtomicInteger();
        // issue J (docs/adr/0026): the connections' event loops; class lanes run on them by default.
        EventLoopGroup ioLoops = GatewayServer.ioLoops(config.threads().ioThreads());
        ExecutorService workers = Executors.newFixedThreadPool(config.threads().workerThreads(), r -> {
            Thread t = new Thread(r, "class-lane-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "class-timers");
            t.setDaemon(true);
            return t;
        });
        GatewayMetrics metrics = new GatewayMetrics(); // issue H: GET /metrics
        org.wlcy.classroom.lane.StageTimes.install(metrics.stageSink()); // issue J: latency per stage
        ProctoringWiring proctoring = ProctoringWiring.open(config, clock, metrics);
        // ---- issue B: Q&A, in-class exercises, breakout groups, speaking turns ----------------------
        // Deadlines, tallies and breakout timers run on one timer thread; their work hops onto the
        // class's lane. Exercise answers are gated by the proctoring module's tab-switch lock (issue C).
        IdGenerator ids = IdGenerator.random();
        QuestionService questions = new QuestionService(proctoring.trace(), clock, ids);
        ExerciseService exercises = new ExerciseService(proctoring.trace(), clock, ids, timers,
                proctoring.proctoring().exerciseLock());
        SpeakService speak = new SpeakService(proctoring.trace(), clock, ids, config.interaction().maxSpeakers());
        BreakoutService breakouts = new BreakoutService(proctoring.trace(), clock, Scheduler.of(timers), ids,
                new SecureRandom(), speak);
        // exercises listen first: an exercise closed by the lesson's end is on the record before lesson.ended
        List<ClassSessionListener> listeners = new ArrayList<>(List.of(exercises));
        listeners.addAll(proctoring.listeners());
        listeners.add(speak);
        listeners.add(breakouts);
        // ---- end issue B ------------------------------------------------------------------------------
        // ---- issue B: live interaction — chat, danmaku, likes (docs/adr/0011-live-interaction.md) --------
        InteractionWiring interaction = InteractionWiring.open(config.interaction(), clock, ids, Scheduler.of(timers),
                proctoring);
        listeners.addAll(interaction.listeners());
        // ---- end live interaction -----------------------------------------------------------------------
        // ---- issue I: the practice live room, 模拟直播电商 (docs/adr/0025) -----------------------------
        // state on the class's lane; flash-sale ends and the once-a-second dashboard on the timer thread
        var commerce = new org.wlcy.classroom.commerce.CommerceService(proctoring.trace(), clock, ids,
                Scheduler.of(timers), interaction.guard()); // product names screened as chat is
        listeners.add(commerce); // its handlers: commerce.register(router, classrooms) below
        // ---- end issue I -------------------------------------------------------------------------------
        // ---- issue D: recording, replays, on-demand lessons, watch rules (docs/playback.md) -------------
        PlaybackWiring playback = PlaybackWiring.open(config, clock, proctoring, tokens);
        listeners.addAll(playback.listeners());
        // ---- end issue D ----------------------------------------------------------------------------------
        // ---- issue G: result assessment, feedback forms, e-certificates (docs/adr/0018) -------------------
        AssessmentWiring assessment = AssessmentWiring.open(proctoring, tokens, clock,
                c -> directory.find(c).map(org.wlcy.classroom.classroom.Classroom::name).orElse(c.value()),
                config.http().publicUrl(), config.dataDir(), config.assessment());
        listeners.addAll(assessment.listeners());
        List<org.wlcy.classroom.gateway.http.ApiRoute> routes = new ArrayList<>(playback.routes());
        routes.addAll(assessment.routes());
        // ---- end issue G ----------------------------------------------------------------------------------
        // ---- issue H: classes and people as data (docs/adr/0021) ------------------------------------------
        // issue H: PostgreSQL with the traces; approved classes join the directory; lessons only once approved
        EnrolmentWiring enrolment = EnrolmentWiring.open(tokens, clock, config, directory::add);
        listeners.addAll(enrolment.lessonGate(config.classes().requireApproval()));
        routes.addAll(enrolment.routes(tokens));
        routes.addAll(enrolment.exportRoutes(tokens, assessment)); // issue H: CSV and .xlsx exports
        routes.addAll(enrolment.offlineRoutes(tokens, proctoring, clock)); // offline: plan's offline days, roll call
        // ---- end issue H ----------------------------------------------------------------------------------
        // ---- issue H partners: partner keys and scopes, /api/v1, /api/openapi.json (docs/adr/0022) ----------------
        var partners = org.wlcy.classroom.gateway.exchange.partner.PartnerWiring.open(tokens, clock, config.dataDir(),
                enrolment.service(), assessment.reads(), proctoring.store(), proctoring.trace(), proctoring.blocking());
        routes.addAll(partners.routes()); // partners.authenticate(req, scope) for other partner endpoints (webhooks)
        // ---- end issue H partners --------------------------------------------------------------------------------
        // ---- issue H webhooks: webhooks from the trace and the enrolment store, durable outbox (docs/adr/0023) ----
        org.wlcy.classroom.gateway.exchange.webhook.WebhookWiring webhooks =
                org.wlcy.classroom.gateway.exchange.webhook.WebhookWiring.open(config.webhooks(), config.dataDir(),
                        clock, proctoring.store(), enrolment.service(), assessment.service(), proctoring.attendance(),
                        tokens, metrics);
        routes.addAll(webhooks.routes());
        // ---- end issue H webhooks ----------------------------------------------------------------------------------
        ResumePolicy resume = config.resume().graceSeconds() == 0 ? ResumePolicy.OFF
                : new ResumePolicy(java.time.Duration.ofSeconds(config.resume().graceSeconds()),
                        config.resume().maxHeldMessages(), Scheduler.of(timers));
        // ---- issue E: several gateway nodes through Redis (docs/adr/0016) --------------------------------
        ClusterBus bus = config.cluster().enabled()
                ? RedisClusterBus.connect(config.cluster().redisUrl(), config.cluster().nodeId()) : null;
        ProtocolCodec codec = new ProtocolCodec();
        if (bus != null) {
            listeners.add(new LessonMirror(bus, codec.mapper()));
        }
        // ---- end several nodes ----------------------------------------------------------------------------
        java.util.function.Supplier<java.util.concurrent.Executor> lanePools = config.threads().lanesOnIo()
                ? ioLoops::next : () -> workers;
        Classrooms classrooms = new Classrooms(directory, media, clock, lanePools, ids,
                ClassSessionListener.all(listeners), (t, e) -> LOG.error("class lane task failed", e), resume);
        MessageRouter router = new MessageRouter(classrooms, clock);
        proctoring.register(router, classrooms);
        questions.register(router);
        exercises.register(router, classrooms);
        speak.register(router, classrooms);
        breakouts.register(router, classrooms);
        interaction.register(router, classrooms);
        commerce.register(router, classrooms); // issue I
        playback.register(router, classrooms);
        assessment.attach(classrooms);
        ClusterSignalling cluster = bus == null ? null : new ClusterSignalling(router, classrooms, bus, codec, timers,
                java.time.Duration.ofSeconds(config.cluster().leaseSeconds()));
        GatewayServer server = new GatewayServer(config, codec, router, tokens, media, classrooms, proctoring, clock,
                routes, cluster == null ? Signalling.local(router) : cluster,
                cluster == null ? null : cluster::busAvailable, metrics, ioLoops);
        metrics.gauge("classroom_classes_live", "classes with a lesson live", () -> (int) classrooms.all().stream()
                .filter(c -> c.liveSession() != null).count());
        metrics.gauge("classroom_media_up", "the media server (Janus) answers: 1 up, 0 down",
                () -> media.isAvailable() ? 1 : 0);
        metrics.gauge("classroom_video_jobs", "video jobs (recordings, on-demand uploads) queued or processing",
                () -> playback.jobs().activeCount());
        int port;
        try {
            port = server.start();
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            ioLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (cluster != null) {
                cluster.close();
            }
            webhooks.close(); // issue H webhooks
            assessment.close();
            enrolment.close();
            playback.close();
            proctoring.close();
            timers.shutdownNow();
            throw e;
        }
        LOG.info("classroom gateway listening on {}:{}", config.http().host(), port);
        Gateway g = new Gateway(config, tokens, classrooms, workers, ioLoops, timers, proctoring, playback, assessment, enrolment,
                cluster, server, port);
        g.webhooks = webhooks; // issue H webhooks
        return g;
    }

    /** Token checks with the configured secret, or the development secret of the data folder. */
    public static TokenService tokenService(GatewayConfig config, InstantSource clock) {
        byte[] secret = config.auth().hmacSecret().isEmpty()
                ? DevSecret.loadOrCreate(config.dataDir())
                : config.auth().hmacSecret().getBytes(StandardCharsets.UTF_8);
        return new TokenService(secret, config.auth().audience(), config.auth().devIssuer(), clock);
    }

    public int port() {
        return port;
    }

    public TokenService tokens() {
        return tokens;
    }

    public GatewayConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.giveUpClasses();
        }
        timers.shutdownNow();
        classrooms.shutdown();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        // Lanes on the event loops have run what classrooms.shutdown() queued: a graceful
        // shutdown runs the queued tasks first.
        ioLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (cluster != null) {
            cluster.close();
        }
        webhooks.close(); // issue H webhooks
        assessment.close();
        enrolment.close();
        playback.close();
        proctoring.close();
    }

    /** issue H webhooks: webhook endpoints, outbox, delivery log. */
    public org.wlcy.classroom.gateway.exchange.webhook.WebhookWiring webhooks() {
        return webhooks;
    }

    /** Issue G: result assessment, feedback forms, e-certificates. */
    public AssessmentWiring assessment() {
        return assessment;
    }

    /** Issue D: video catalogue, jobs, recording, watch API. */
    public PlaybackWiring playback() {
        return playback;
    }

    /** The proctoring module (trace store, services). */
    public ProctoringWiring proctoring() {
        return proctoring;
    }
}
