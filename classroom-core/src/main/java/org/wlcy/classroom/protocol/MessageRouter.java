package org.wlcy.classroom.protocol;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.LeaveClassRequest;
import org.wlcy.classroom.protocol.MediaMessages.AnswerRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.SubscribeRequest;
import org.wlcy.classroom.protocol.MediaMessages.TrickleRequest;
import org.wlcy.classroom.protocol.MediaMessages.UnpublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.UnsubscribeRequest;
import org.wlcy.classroom.protocol.PingMessages.PingRequest;
import org.wlcy.classroom.protocol.PingMessages.PingResponse;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * The one router: each request type has one handler, run on the lane of the caller's class.
 * Handlers check permission, change the model and emit events; a {@link ClassroomException} they
 * throw becomes an {@link ErrorResponse} here, and the connection goes on.
 */
public final class MessageRouter {
    private final Classrooms classrooms;
    private final InstantSource clock;
    private final Map<Class<? extends ClientMessage>, Handler<?>> handlers = new HashMap<>();

    /** A handler for one request type, called on the class's lane. */
    @FunctionalInterface
    public interface Handler<M extends ClientMessage> {
        void handle(LiveClassroom classroom, ClientConnection conn, M message);
    }

    public MessageRouter(Classrooms classrooms, InstantSource clock) {
        this.classrooms = classrooms;
        this.clock = clock;
        on(LeaveClassRequest.class, (c, conn, m) -> c.leave(conn, m.requestId(), LeaveReason.CLIENT_REQUEST));
        on(StartSessionRequest.class, (c, conn, m) -> c.startSession(conn, m.requestId()));
        on(EndSessionRequest.class, (c, conn, m) -> c.endSession(conn, m.requestId()));
        on(PublishRequest.class, (c, conn, m) -> c.publish(conn, m.requestId(), m.kind(), m.sdp(), m.groupId()));
        on(UnpublishRequest.class, (c, conn, m) -> c.unpublish(conn, m.requestId(), m.streamId()));
        on(SubscribeRequest.class, (c, conn, m) -> c.subscribe(conn, m.requestId(), m.streamId()));
        on(AnswerRequest.class, (c, conn, m) -> c.answer(conn, m.requestId(), m.subscriptionId(), m.sdp()));
        on(UnsubscribeRequest.class, (c, conn, m) -> c.unsubscribe(conn, m.requestId(), m.subscriptionId()));
        on(TrickleRequest.class, (c, conn, m) -> c.trickle(conn, m.requestId(), m.target(), m.candidate()));
    }

    /**
     * Registers the handler of one request type; feature modules (proctoring, interaction) add
     * theirs while the server is wired, before it accepts connections.
     */
    public <M extends ClientMessage> MessageRouter on(Class<M> type, Handler<M> handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("a handler for " + type.getSimpleName() + " is registered already");
        }
        return this;
    }

    /** Routes one decoded request; called on the connection's event loop. */
    public void route(ClientConnection conn, ClientMessage message) {
        if (message instanceof PingRequest ping) {
            conn.channel().send(new PingResponse(ping.requestId(), clock.instant()));
            return;
        }
        if (message instanceof JoinClassRequest join) {
            if (conn.classroom() != null) {
                reply(conn, join.requestId(), ErrorCode.ALREADY_JOINED, "this connection has joined a class already");
                return;
            }
            if (!conn.identity().mayEnter(join.classroomId())) {
                reply(conn, join.requestId(), ErrorCode.NOT_A_MEMBER,
                        "your token does not list class " + join.classroomId());
                return;
            }
            classrooms.find(join.classroomId()).ifPresentOrElse(
                    c -> conn.channel().moveTo(c.home(), () -> run(c, conn, join.requestId(),
                            () -> c.join(conn, join.requestId(), join.resumeToken()))),
                    () -> reply(conn, join.requestId(), ErrorCode.CLASS_NOT_FOUND,
                            "no class " + join.classroomId()));
            return;
        }
        LiveClassroom classroom = conn.classroom();
        if (classroom == null) {
            reply(conn, message.requestId(), ErrorCode.NOT_JOINED, "join a class first");
            return;
        }
        dispatch(classroom, conn, message);
    }

    /** The connection closed: its presence ends. */
    public void closed(ClientConnection conn, LeaveReason reason) {
        LiveClassroom classroom = conn.classroom();
        if (classroom != null) {
            classroom.lane().execute(() -> classroom.leave(conn, null, reason));
        }
    }

    @SuppressWarnings("unchecked")
    private <M extends ClientMessage> void dispatch(LiveClassroom classroom, ClientConnection conn, M message) {
        Handler<M> handler = (Handler<M>) handlers.get(message.getClass());
        if (handler == null) {
            reply(conn, message.requestId(), ErrorCode.UNKNOWN_TYPE, "no handler for this message");
            return;
        }
        run(classroom, conn, message.requestId(), () -> handler.handle(classroom, conn, message));
    }

    private static void run(LiveClassroom classroom, ClientConnection conn, String requestId, Runnable action) {
        classroom.lane().execute(() -> {
            try {
                action.run();
            } catch (ClassroomException e) {
                reply(conn, requestId, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                reply(conn, requestId, ErrorCode.INTERNAL, "internal error");
                throw e; // reaches the lane's error handler, which logs it
            }
        });
    }

    private static void reply(ClientConnection conn, String requestId, ErrorCode code, String message) {
        conn.channel().send(ErrorResponse.of(requestId, code, message));
    }
}
