package org.wlcy.classroom.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.session.Classrooms;

/**
 * The Netty server: one pipeline for HTTP and WebSocket on one port. The pipeline is built in
 * {@link #initChannel}; handlers hold no business logic.
 */
public final class GatewayServer implements AutoCloseable {
    /** Largest HTTP request body (REST); uploads get their own path later. */
    private static final int MAX_HTTP_BODY = 64 * 1024;
    private final GatewayConfig config;
    private final ProtocolCodec codec;
    private final Signalling signalling;
    private final WebSocketGate gate;
    private final HttpApiHandler api;
    private final Json json;
    private final ErrorCodeCounter errorCounter;
    private final GatewayMetrics metrics;
    /** Linux's epoll transport when its native library loads (fewer copies and wake-ups), else NIO. */
    static final boolean EPOLL = io.netty.channel.epoll.Epoll.isAvailable();
    private final EventLoopGroup boss = EPOLL ? new io.netty.channel.epoll.EpollEventLoopGroup(1)
            : new NioEventLoopGroup(1);
    private final EventLoopGroup workers;
    private Channel serverChannel;
    private final java.util.List<StreamingRoute> streamingRoutes;

    public GatewayServer(GatewayConfig config, ProtocolCodec codec, MessageRouter router, TokenService tokens,
                         MediaServer media, Classrooms classrooms, ProctoringWiring proctoring,
                         java.time.InstantSource clock, java.util.List<ApiRoute> routes, Signalling signalling,
                         java.util.function.BooleanSupplier clusterUp, GatewayMetrics metrics,
                         EventLoopGroup ioLoops) {
        this.config = config;
        this.workers = ioLoops;
        this.codec = codec;
        this.metrics = metrics;
        this.signalling = signalling;
        Json json = new Json(codec.mapper());
        this.json = json;
        // ---- hostile input (docs/adr/0013-hostile-input.md) ----
        this.gate = new WebSocketGate(config.http(), tokens, json, new ConnectionLimits(config.ws().maxConnectionsPerUser()),
                new FailedUpgrades(config.ws().failedUpgradesPerMinute(), System::nanoTime));
        RegulatorApi regulator = new RegulatorApi(tokens, proctoring, clock, json);
        // ---- issue L: the live trace checkpoint and consistency proofs (docs/trace-bundle.md §4.2) ----
        java.util.List<ApiRoute> allRoutes = new java.util.ArrayList<>(routes);
        allRoutes.add(new TraceCheckpointApi(tokens, proctoring, clock));
        // ---- end issue L ----
        this.api = new HttpApiHandler(config, tokens, media, classrooms, codec.mapper(), json,
                new StaticFiles(GatewayServer.class.getClassLoader()), regulator, allRoutes, clusterUp,
                () -> proctoring.setAside().size(), metrics);
        this.errorCounter = new ErrorCodeCounter(metrics);
        this.streamingRoutes = routes.stream().filter(StreamingRoute.class::isInstance)
                .map(StreamingRoute.class::cast).toList();
    }

    /**
     * The event loops for the connections: {@code threads} of them, epoll's when it loads. The
     * caller owns them (class lanes may run on them too) and shuts them down after {@link #close}.
     */
    public static EventLoopGroup ioLoops(int threads) {
        java.util.concurrent.ThreadFactory named = new io.netty.util.concurrent.DefaultThreadFactory("io");
        return EPOLL ? new io.netty.channel.epoll.EpollEventLoopGroup(threads, named)
                : new NioEventLoopGroup(threads, named);
    }

    /** Binds and returns the bound port (useful when configured as 0 in tests). */
    public int start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(EPOLL ? io.netty.channel.epoll.EpollServerSocketChannel.class
                        : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        GatewayServer.this.initChannel(ch.pipeline());
                    }
                });
        serverChannel = b.bind(config.http().host(), config.http().port()).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    private void initChannel(ChannelPipeline p) {
        // Keep-alive (docs/protocol.md): silence from the client for half the idle timeout gets a
        // ping, silence for all of it closes (SignalFrameHandler). The reader's silence, not the
        // writer's: in a busy class the server writes to a listening page all the time.
        long halfIdleMillis = config.ws().idleTimeoutSeconds() * 1000L / 2;
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .handshakeTimeoutMillis(config.ws().handshakeTimeoutMillis())
                // Exactly one close frame per connection (docs/adr/0013-hostile-input.md): every
                // close frame goes out through "ws-protocol", which lets the first pass and fails
                // every write after it. So Netty's decoder and UTF-8 validator do not write their
                // own (they would bypass it, and "ws-protocol" would add a 1000): they throw, and
                // SignalFrameHandler closes with the exception's code (1002, 1007, 1009).
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.ws().hardFrameLimitBytes())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(false)
                        .build())
                .build();
        p.addLast("idle", new IdleStateHandler(halfIdleMillis, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast("http-errors", errorCounter);
        p.addLast("request-guard", new HttpRequestGuard(config.ws().handshakeTimeoutMillis(), json));
        // Streamed bodies (video upload chunks) are taken before the aggregator (issue D).
        for (int i = 0; i < streamingRoutes.size(); i++) {
            p.addLast("http-stream-" + i, streamingRoutes.get(i).newHandler());
        }
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY));
        p.addLast("ws-gate", gate);
        p.addLast("ws-rate", new FrameRateLimit(config.ws(), codec, System::nanoTime));
        p.addLast("ws-protocol", new WebSocketServerProtocolHandler(ws));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(config.ws().hardFrameLimitBytes()));
        p.addLast("signal", new SignalFrameHandler(codec, signalling, config.ws().maxMessageBytes(), metrics));
        p.addLast("api", api);
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
