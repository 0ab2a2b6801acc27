package org.wlcy.classroom.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.participant.ParticipantChannel;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ServerMessage;

/**
 * The outbound side of one WebSocket: encodes on the caller's thread, writes on the event loop
 * (through its {@link LoopOutbox} when called from another thread).
 * A class lane broadcasts by sending one message instance to each member in turn; the last
 * message a thread encoded is remembered, so a broadcast to 30 is encoded once and its bytes are
 * shared by the 30 frames (wrapped, not copied).
 */
final class NettyParticipantChannel implements ParticipantChannel {
    /** The last message this thread encoded (compared by identity) and its UTF-8 JSON. */
    private static final ThreadLocal<Encoded> LAST = new ThreadLocal<>();
    /** Close code for a presence replaced by a newer one (application range 4000-4999). */
    static final int CLOSE_REPLACED = 4409;
    static final int CLOSE_KICKED = 4403;
    private final Channel channel;
    private final ProtocolCodec codec;
    private final AtomicBoolean closed = new AtomicBoolean();
    private static final int WRITE_SAMPLE_MASK = 31;
    /** Frames sent, to pick the ones timed (a plain int: a lost increment only moves the sample). */
    private int sent;

    private final GatewayMetrics metrics;

    NettyParticipantChannel(Channel channel, ProtocolCodec codec, GatewayMetrics metrics) {
        this.channel = channel;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void send(ServerMessage message) {
        if (closed.get() || !channel.isActive()) {
            return;
        }
        TextWebSocketFrame frame = new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8(message)));
        if ((++sent & WRITE_SAMPLE_MASK) == 0) {
            // One frame in 32 is timed until written (issue J's breakdown); the rest need no promise.
            long queued = System.nanoTime();
            LoopOutbox.write(channel, frame, f -> StageTimes.since(Stage.WRITE, queued));
        } else {
            LoopOutbox.write(channel, frame, null);
        }
        metrics.messageOut();
        if (message instanceof ErrorResponse error) {
            metrics.error(error.code());
        }
    }

    private record Encoded(ProtocolCodec codec, ServerMessage message, byte[] utf8) {
    }

    private byte[] utf8(ServerMessage message) {
        Encoded last = LAST.get();
        if (last != null && last.message() == message && last.codec() == codec) {
            return last.utf8();
        }
        byte[] utf8 = codec.encodeUtf8(message);
        LAST.set(new Encoded(codec, message, utf8));
        return utf8;
    }

    /** Moves the connection to the lane's event loop (a {@link LoopMove}) when it is another loop. */
    @Override
    public void moveTo(java.util.concurrent.Executor executor, Runnable then) {
        LoopMove.move(channel, executor, then);
    }

    @Override
    public void close(LeaveReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int code = switch (reason) {
            case DUPLICATE_IDENTITY -> CLOSE_REPLACED;
            case KICKED -> CLOSE_KICKED;
            case SERVER_SHUTDOWN -> 1001;
            case SIGNAL_TIMEOUT -> 1001;
            default -> 1000;
        };
        if (channel.isActive()) {
            LoopOutbox.writeAndClose(channel, new CloseWebSocketFrame(code, reason.name()));
        }
    }
}
