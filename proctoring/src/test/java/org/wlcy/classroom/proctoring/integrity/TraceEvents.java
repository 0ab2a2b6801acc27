package org.wlcy.classroom.proctoring.integrity;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** Test events and keys. */
final class TraceEvents {
    static final ClassroomId CLASS = new ClassroomId("wlcy-2026-11-sz01");

    private TraceEvents() {
    }

    /** A plausible unstored event of trainee {@code u<seq % 5>} recorded at {@code at}. */
    static TraceEvent event(ClassroomId c, int seq, Instant at) {
        TraceKind kind = TraceKind.values()[seq % TraceKind.values().length];
        String user = "u" + (seq % 5);
        Map<String, Object> data = switch (seq % 4) {
            case 0 -> Map.of("visible", true);
            case 1 -> Map.of("hiddenMs", 1500L + seq);
            case 2 -> Map.of("reason", "网络断开 \"quoted\"\n", "count", (long) seq);
            default -> Map.of();
        };
        return new TraceEvent(-1, c, seq % 3 == 0 ? null : "lesson-1", new UserId(user), kind, at,
                user + "/" + seq, seq % 2 == 0 ? at.minusMillis(120) : null, data);
    }

    /** {@code n} events from {@code seqFrom}, one per second from {@code start}. */
    static List<TraceEvent> events(ClassroomId c, int seqFrom, int n, Instant start) {
        List<TraceEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(c, seqFrom + i, start.plus(Duration.ofSeconds(i))));
        }
        return out;
    }

    /** A deterministic Ed25519 key pair whose 32-byte private seed is {@code seed} repeated. */
    static KeyPair fixedKeyPair(byte seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(255, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    Arrays.fill(bytes, seed);
                }
            });
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
