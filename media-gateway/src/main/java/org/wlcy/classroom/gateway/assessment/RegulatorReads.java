package org.wlcy.classroom.gateway.assessment;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The regulator desk's two rules, for the assessment endpoints regulators read (the same as
 * {@code gateway.http.RegulatorApi}'s, copied rather than shared so that file stays as it is): a
 * regulator sees the classes whose region code starts with the token's region without its
 * trailing zeros, an admin every class; and every read is recorded durably as an
 * {@code audit.regulator-read} event in the trace of each class it returned, before the answer.
 */
final class RegulatorReads {
    private final TraceLog trace;
    private final InstantSource clock;

    RegulatorReads(TraceLog trace, InstantSource clock) {
        this.trace = trace;
        this.clock = clock;
    }

    static boolean inScope(Identity who, String classRegion) {
        if (who.role() == Role.ADMIN) {
            return true;
        }
        return org.wlcy.classroom.participant.RegionCode.covers(who.region(), classRegion);
    }

    /** Records the read in each class's trace, durably (blocking). */
    void audit(Identity who, List<ClassroomId> classes, String what, String subject, String from, String to) {
        if (classes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TraceEvent> events = classes.stream().map(id -> new TraceEvent(-1, id, null, who.userId(),
                TraceKind.REGULATOR_READ, now, "srv/audit-" + UUID.randomUUID(), null,
                Map.<String, Object>of("what", what, "subject", subject, "from", from, "to", to))).toList();
        trace.append(events).toCompletableFuture().join();
    }
}
