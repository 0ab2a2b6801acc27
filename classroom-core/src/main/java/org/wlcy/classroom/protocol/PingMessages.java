package org.wlcy.classroom.protocol;

import java.time.Instant;

/** Application-level keep-alive with the server's clock. */
public final class PingMessages {
    private PingMessages() {
    }

    /** {@code ping}. */
    public record PingRequest(String requestId) implements ClientMessage {
        public PingRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code ping.ok}. */
    public record PingResponse(String requestId, Instant serverTime) implements ServerMessage {
    }
}
