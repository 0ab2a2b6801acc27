package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.ErrorResponse;

/**
 * REST work that blocks (a durable write, a read of a class's trace) runs on an executor, never on
 * the event loop. The request is retained until the work is done; a coded error becomes the
 * route's refusal, a bug a logged 500 ({@code INTERNAL}), and an executor that no longer takes work
 * (the server is stopping) an {@code INTERNAL} refusal too: every request gets exactly one answer.
 */
public final class OffTheLoop {
    private static final Logger LOG = LoggerFactory.getLogger(OffTheLoop.class);

    private OffTheLoop() {
    }

    /** How a route answers a coded error (e.g. with its own HTTP status per code). */
    @FunctionalInterface
    public interface Refusal {
        void send(ChannelHandlerContext ctx, FullHttpRequest req, ClassroomException e);
    }

    /** The protocol's error body with {@link Json#statusOf}'s status. */
    public static Refusal plain(Json json) {
        return (ctx, req, e) -> json.error(ctx, req, e.code(), e.getMessage());
    }

    /** The protocol's error body with the route's own status for each code. */
    public static Refusal withStatus(Json json, Function<ErrorCode, HttpResponseStatus> status) {
        return (ctx, req, e) -> json.write(ctx, req, status.apply(e.code()), ErrorResponse.of(null, e.code(), e.getMessage()));
    }

    /** Runs {@code work} on {@code executor}; {@code what} names the request in the log if it fails. */
    public static void run(Executor executor, ChannelHandlerContext ctx, FullHttpRequest req, String what,
                           Refusal refusal, Runnable work) {
        req.retain();
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (ClassroomException e) {
                    refusal.send(ctx, req, e);
                } catch (RuntimeException e) {
                    LOG.error("{} failed", what, e);
                    refusal.send(ctx, req, new ClassroomException(ErrorCode.INTERNAL, "internal error (logged)"));
                } finally {
                    req.release();
                }
            });
        } catch (RejectedExecutionException e) {
            req.release();
            refusal.send(ctx, req, new ClassroomException(ErrorCode.INTERNAL, "the server is shutting down"));
        }
    }
}
