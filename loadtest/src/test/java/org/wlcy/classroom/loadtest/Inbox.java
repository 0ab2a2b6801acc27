package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the events a connection received since it last looked: counts chat and danmaku
 * deliveries with their latency ({@link Deliveries}), remembers the running exercise and a
 * question to vote for. Cheap string matching, no JSON parsing: the server writes {@code type}
 * first.
 */
final class Inbox {
    private static final Pattern EXERCISE_ID = Pattern.compile("\"exerciseId\":\"([^\"]+)\"");
    private static final Pattern QUESTION = Pattern.compile("\"questionId\":\"([^\"]+)\"[^}]*?\"userId\":\"([^\"]+)\"");

    private Inbox() {
    }

    static ActionBuilder drain() {
        return ws.processUnmatchedMessages(Inbox::read);
    }

    static Session read(List<WsInboundMessage> messages, Session session) {
        Session s = session;
        for (WsInboundMessage m : messages) {
            if (!(m instanceof WsInboundMessage.Text text)) {
                continue;
            }
            String frame = text.message();
            if (frame.startsWith("{\"type\":\"chat.message\"") || frame.startsWith("{\"type\":\"danmaku.shown\"")) {
                Deliveries.received(frame, text.timestamp(), s.contains("sender"));
            } else if (frame.startsWith("{\"type\":\"exercise.started\"")) {
                Matcher e = EXERCISE_ID.matcher(frame);
                if (e.find()) {
                    s = s.set("exerciseId", e.group(1));
                }
            } else if (frame.startsWith("{\"type\":\"qa.question\"")) {
                Matcher q = QUESTION.matcher(frame);
                if (q.find() && !q.group(2).equals(s.getString("userId"))) {
                    s = s.set("questionId", q.group(1));
                }
            }
        }
        return s;
    }
}
