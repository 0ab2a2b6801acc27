package org.wlcy.classroom.enrolment;

import java.util.List;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.roster.RosterEntry;

/** A class as an institution created it: its opening application (with its plan) and its roster. */
public record EnrolledClass(OpeningApplication application, List<RosterEntry> roster) {
    public EnrolledClass {
        roster = List.copyOf(roster);
    }

    /**
     * issue H roster: the platform user ids its roster gives (empty when the roster has none; then the
     * class has no membership rule beyond the tokens').
     */
    public java.util.Set<String> rosterUserIds() {
        return roster.stream().map(RosterEntry::userId).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public String classId() {
        return application.plan().classId();
    }
}
