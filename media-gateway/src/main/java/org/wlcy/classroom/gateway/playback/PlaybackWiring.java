package org.wlcy.classroom.gateway.playback;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.playback.catalog.FileVideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;

/**
 * Issue D assembled: the video catalogue under {@code <data.dir>/videos}, processing jobs,
 * recording, uploads, and the watch API (progress rules, in-video questions, danmaku and comments).
 * Built by {@code Gateway.start} after the proctoring module, whose trace it writes to.
 */
public final class PlaybackWiring implements AutoCloseable {
    private final GatewayConfig config;
    private final VideoCatalog catalog;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final List<ClassSessionListener> listeners = new ArrayList<>();

    private PlaybackWiring(GatewayConfig config, VideoCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    public static PlaybackWiring open(GatewayConfig config, InstantSource clock, ProctoringWiring proctoring,
                                      TokenService tokens) {
        VideoCatalog catalog = FileVideoCatalog.open(config.dataDir().resolve("videos"));
        PlaybackWiring wiring = new PlaybackWiring(config, catalog);
        return wiring;
    }

    /** Signalling handlers (recording controls). */
    public void register(MessageRouter router, Classrooms classrooms) {
    }

    /** Lesson start/end listeners (always-on recording). */
    public List<ClassSessionListener> listeners() {
        return List.copyOf(listeners);
    }

    /** REST endpoints, offered each {@code /api/} request in order. */
    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    public VideoCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
    }
}
