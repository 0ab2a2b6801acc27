package org.wlcy.classroom.session;

import java.util.ArrayList;
import java.util.List;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.ParticipantChannel;
import org.wlcy.classroom.protocol.ServerMessage;

/**
 * The channel of a presence whose connection dropped: keeps what the class sends it, up to a
 * limit, for the page to get when it resumes. Past the limit the page cannot catch up and must
 * start a new presence. Used on the class's lane only.
 */
final class HeldMessages implements ParticipantChannel {
    private final int limit;
    private final List<ServerMessage> held = new ArrayList<>();
    private boolean overflowed;

    HeldMessages(int limit) {
        this.limit = limit;
    }

    @Override
    public void send(ServerMessage message) {
        if (held.size() >= limit) {
            overflowed = true;
            return;
        }
        held.add(message);
    }

    @Override
    public void close(LeaveReason reason) {
        // nothing to close: the connection is gone already
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Sends everything held, in order, to the resumed connection. */
    void deliverTo(ParticipantChannel channel) {
        held.forEach(channel::send);
        held.clear();
    }
}
