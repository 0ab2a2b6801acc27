package org.wlcy.classroom.gateway.cluster;

import java.util.function.Consumer;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.ParticipantChannel;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ServerMessage;

/**
 * On the node that runs a class: the outbound side of a client connected to another node. Each
 * message is encoded here and sent to that node, which writes it to the client's socket.
 */
final class RemoteChannel implements ParticipantChannel {
    private final String conn;
    private final ProtocolCodec codec;
    private final Consumer<Envelope> toNode;
    private volatile boolean closed;

    RemoteChannel(String conn, ProtocolCodec codec, Consumer<Envelope> toNode) {
        this.conn = conn;
        this.codec = codec;
        this.toNode = toNode;
    }

    @Override
    public void send(ServerMessage message) {
        if (!closed) {
            toNode.accept(Envelope.out(conn, codec.encode(message)));
        }
    }

    @Override
    public void close(LeaveReason reason) {
        if (!closed) {
            closed = true;
            toNode.accept(Envelope.close(conn, reason.name()));
        }
    }
}
