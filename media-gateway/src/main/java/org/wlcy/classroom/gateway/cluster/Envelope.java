package org.wlcy.classroom.gateway.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.wlcy.classroom.participant.Identity;

/**
 * One message between gateway nodes about one client connection.
 *
 * <ul>
 *   <li>{@code in}: a request of a client of node {@code from} for a class this node runs:
 *       {@code who} (checked by {@code from} at the upgrade) and the request frame {@code body};</li>
 *   <li>{@code gone}: that client's connection ended ({@code reason});</li>
 *   <li>{@code out}: a server message frame ({@code body}) for the client {@code conn} of this node;</li>
 *   <li>{@code close}: close that client's connection ({@code reason}).</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Envelope(String t, String conn, String from, Identity who, String body, String reason) {
    static Envelope in(String conn, String from, Identity who, String body) {
        return new Envelope("in", conn, from, who, body, null);
    }

    static Envelope gone(String conn, String from, String reason) {
        return new Envelope("gone", conn, from, null, null, reason);
    }

    static Envelope out(String conn, String body) {
        return new Envelope("out", conn, null, null, body, null);
    }

    static Envelope close(String conn, String reason) {
        return new Envelope("close", conn, null, null, null, reason);
    }
}
