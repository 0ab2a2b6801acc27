package org.wlcy.classroom.participant;

import java.util.concurrent.Executor;
import org.wlcy.classroom.protocol.ServerMessage;

/**
 * The outbound side of one connection. Netty implements it; tests record it. Both methods are
 * safe to call from any thread and never block.
 */
public interface ParticipantChannel {

    /** Queues one message for the client; dropped silently once the channel is closed. */
    void send(ServerMessage message);

    /**
     * Moves this connection's reads and writes to the thread of {@code executor} when it can, then
     * runs {@code then} on that thread; else runs {@code then} at once. Called with a class's lane
     * executor at {@code class.join}, before the connection is in any class, so that a message of
     * the class is read, decided and written to its members on one thread (issue J, docs/adr/0027).
     * {@code then} is not run if the connection closes while it moves. By default it does not move.
     */
    default void moveTo(Executor executor, Runnable then) {
        then.run();
    }

    /** Closes the connection (after what was queued), telling the client why. Idempotent. */
    void close(LeaveReason reason);
}
