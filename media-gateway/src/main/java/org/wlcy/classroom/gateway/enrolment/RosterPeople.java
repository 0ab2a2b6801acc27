package org.wlcy.classroom.gateway.enrolment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.roster.RosterEntry;

/**
 * issue H roster: a class's people when its roster gives the platform's user ids: every trainee on the
 * roster, in its order and by its name, then anyone else the trace knows (a trainee who joined
 * before the class was approved, or in dev mode). Without user ids the trace's people alone.
 */
final class RosterPeople {
    private RosterPeople() {
    }

    /** The roster's trainees with user ids, user id to name, in roster order (empty: no user ids). */
    static Map<String, String> of(EnrolledClass c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RosterEntry e : c.roster()) {
            if (e.userId() != null) {
                out.put(e.userId(), e.name());
            }
        }
        return out;
    }

    /**
     * Rows for everyone: the trace's row of a roster trainee (its name replaced by the roster's),
     * {@code missing} for a roster trainee the trace never saw, then the trace's other rows.
     *
     * @param userIdOf the user id a trace row is for
     * @param named a trace row with the roster's name
     * @param missing the row of a roster trainee (user id, name) the trace never saw
     */
    static <R> List<R> rows(EnrolledClass c, List<R> traced, Function<R, String> userIdOf, BiFunction<R, String, R> named,
                            BiFunction<String, String, R> missing) {
        Map<String, String> roster = of(c);
        if (roster.isEmpty()) {
            return traced;
        }
        Map<String, R> byUser = new LinkedHashMap<>();
        traced.forEach(r -> byUser.put(userIdOf.apply(r), r));
        List<R> out = new ArrayList<>();
        roster.forEach((u, name) -> {
            R r = byUser.remove(u);
            out.add(r == null ? missing.apply(u, name) : named.apply(r, name));
        });
        out.addAll(byUser.values());
        return out;
    }
}
