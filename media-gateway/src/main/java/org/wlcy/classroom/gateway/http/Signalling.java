package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.MessageRouter;

/**
 * Where a connection's decoded requests go: this node's router, or, with several gateway nodes,
 * the node that runs the class (see {@code cluster.ClusterSignalling}). Called on the event loop.
 */
public interface Signalling {
    void route(ClientConnection conn, ClientMessage message);

    void closed(ClientConnection conn, LeaveReason reason);

    /** Everything handled on this node. */
    static Signalling local(MessageRouter router) {
        return new Signalling() {
            @Override
            public void route(ClientConnection conn, ClientMessage message) {
                router.route(conn, message);
            }

            @Override
            public void closed(ClientConnection conn, LeaveReason reason) {
                router.closed(conn, reason);
            }
        };
    }
}
