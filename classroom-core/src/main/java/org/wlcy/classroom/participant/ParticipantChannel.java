package org.wlcy.classroom.participant;

import org.wlcy.classroom.protocol.ServerMessage;

/**
 * The outbound side of one connection. Netty implements it; tests record it. Both methods are
 * safe to call from any thread and never block.
 */
public interface ParticipantChannel {

    /** Queues one message for the client; dropped silently once the channel is closed. */
    void send(ServerMessage message);

    /** Closes the connection (after what was queued), telling the client why. Idempotent. */
    void close(LeaveReason reason);
}
