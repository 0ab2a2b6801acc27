package org.wlcy.classroom.participant;

import java.util.Objects;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * The state of one authenticated connection: who it is, where replies go, and which class
 * presence it holds once joined. The binding is written on the class's lane and read from the
 * connection's event loop, hence volatile.
 */
public final class ClientConnection {
    private final Identity identity;
    private final ParticipantChannel channel;
    private volatile LiveClassroom classroom;
    private volatile ParticipantId participantId;

    public ClientConnection(Identity identity, ParticipantChannel channel) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    public Identity identity() {
        return identity;
    }

    public ParticipantChannel channel() {
        return channel;
    }

    public LiveClassroom classroom() {
        return classroom;
    }

    public ParticipantId participantId() {
        return participantId;
    }

    public void bind(LiveClassroom room, ParticipantId id) {
        this.classroom = room;
        this.participantId = id;
    }

    public void unbind() {
        this.classroom = null;
        this.participantId = null;
    }
}
