package org.wlcy.classroom.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.ParticipantChannel;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ServerMessage;

/** The outbound side of one WebSocket: encodes on the caller's thread, writes on the event loop. */
final class NettyParticipantChannel implements ParticipantChannel {
    /** Close code for a presence replaced by a newer one (application range 4000-4999). */
    static final int CLOSE_REPLACED = 4409;
    static final int CLOSE_KICKED = 4403;
    private final Channel channel;
    private final ProtocolCodec codec;
    private final AtomicBoolean closed = new AtomicBoolean();

    NettyParticipantChannel(Channel channel, ProtocolCodec codec) {
        this.channel = channel;
        this.codec = codec;
    }

    @Override
    public void send(ServerMessage message) {
        if (closed.get() || !channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(codec.encode(message)), channel.voidPromise());
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
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason.name()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
