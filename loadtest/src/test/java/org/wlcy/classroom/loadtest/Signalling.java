package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The protocol as the simulations speak it (docs/protocol.md): connect to {@code /ws?token=},
 * requests with a {@code requestId} whose reply ({@code <type>.ok} or {@code error}) is awaited and
 * timed under the request's type, and the events in between read by {@link Inbox}.
 */
final class Signalling {
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private Signalling() {
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(LoadSettings.baseUrl())
                .wsBaseUrl(LoadSettings.wsBaseUrl())
                // Events arriving between requests wait here until Inbox.drain() reads them. A sent
                // frame clears this buffer, so every request drains first.
                .wsUnmatchedInboundMessageBufferSize(20_000);
    }

    /** Opens the WebSocket with the person's token and joins their class. */
    static ChainBuilder connectAndJoin() {
        // The Origin of the server's own pages: the gateway refuses upgrades without one
        // (http.allowMissingOrigin=false), as browsers always send it.
        return exec(ws("connect").connect("/ws?token=#{token}").header("Origin", LoadSettings.baseUrl()))
                .exec(request("class.join", (s, rid) -> "{\"type\":\"class.join\",\"requestId\":\"" + rid
                        + "\",\"classroomId\":\"" + s.getString("classroomId") + "\"}"));
    }

    /**
     * Reads waiting events, sends one request built by {@code frame(session, requestId)} and awaits
     * its reply; OK when the reply's type is {@code <type>.ok}, KO on an {@code error} or timeout.
     */
    static ChainBuilder request(String type, BiFunction<Session, String, String> frame) {
        return requestSaving(type, frame, null);
    }

    /**
     * As {@link #request}, also saving the first {@code "<field>":"..."} of the reply in the session
     * as {@code field} (none if {@code field} is null).
     */
    static ChainBuilder requestSaving(String type, BiFunction<Session, String, String> frame, String field) {
        var reply = ws.checkTextMessage(type).matching(substring("\"requestId\":\"#{rid}\""));
        var ok = regex("^\\{\"type\":\"([a-z.]+)\"").is(type + ".ok");
        return exec(Inbox.drain())
                .exec(s -> s.set("rid", "r" + Long.toString(REQUEST_IDS.incrementAndGet(), 36)))
                .exec(Replies::sending)
                // Gatling lists the frame's send as "send <type>" and the reply as "<type>".
                .exec(ws("send " + type).sendText(s -> frame.apply(s, s.getString("rid")))
                        .await(REPLY_TIMEOUT).on(field == null ? reply.check(ok)
                                : reply.check(ok, regex("\"" + field + "\":\"([^\"]+)\"").saveAs(field))))
                .exec(s -> Replies.replied(type, s));
    }

    /** A request whose frame has only {@code type} and {@code requestId} plus {@code extra} JSON members. */
    static ChainBuilder simple(String type, String extra) {
        return request(type, (s, rid) -> "{\"type\":\"" + type + "\",\"requestId\":\"" + rid + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    /**
     * Sends a {@code ping} if this connection has sent nothing for 15 s. The server closes
     * connections silent for {@code ws.idleTimeoutSeconds} (40 s); browsers answer its WebSocket
     * pings, Gatling's client does not, so a connection that only listens must ping, as the
     * protocol allows. Not awaited and not counted: keeping alive is not the measured load (its
     * {@code ping.ok} is read with the other events).
     */
    static ChainBuilder keepAlive() {
        return exec(io.gatling.javaapi.core.CoreDsl.doIf(s -> !s.contains("sentMillis")
                || System.currentTimeMillis() - s.getLong("sentMillis") > 15_000).then(
                exec(Inbox.drain())
                        .exec(s -> s.set("sentMillis", System.currentTimeMillis()))
                        .exec(ws("keepalive ping").sendText(s -> "{\"type\":\"ping\",\"requestId\":\"k"
                                + Long.toString(REQUEST_IDS.incrementAndGet(), 36) + "\"}"))));
    }

    /** Chat text carrying the send time (epoch ms) for {@link Deliveries}: {@code ts:<millis> ...}. */
    static String stamped(String rest) {
        return "ts:" + System.currentTimeMillis() + (rest.isEmpty() ? "" : " " + rest);
    }
}
