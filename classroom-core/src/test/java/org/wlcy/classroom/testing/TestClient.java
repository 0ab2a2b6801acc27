package org.wlcy.classroom.testing;

import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ParticipantId;

/**
 * One simulated browser: a {@link ClientConnection} whose outbound side is a
 * {@link RecordingParticipantChannel}. Also hands out request ids ({@link #nextRequestId()}).
 */
public final class TestClient {
    private final ClientConnection connection;
    private final RecordingParticipantChannel channel;
    private int requests;

    private TestClient(Identity identity) {
        this.channel = new RecordingParticipantChannel(identity.userId().value());
        this.connection = new ClientConnection(identity, channel);
    }

    public static TestClient of(Identity identity) {
        return new TestClient(identity);
    }

    public ClientConnection connection() {
        return connection;
    }

    public RecordingParticipantChannel channel() {
        return channel;
    }

    public Identity identity() {
        return connection.identity();
    }

    /** This connection's presence, or null while not joined. */
    public ParticipantId participantId() {
        return connection.participantId();
    }

    /** A fresh request id: {@code userId-1}, {@code userId-2}... */
    public synchronized String nextRequestId() {
        return identity().userId().value() + "-" + (++requests);
    }

    @Override
    public String toString() {
        return "TestClient[" + identity().userId() + "]";
    }
}
