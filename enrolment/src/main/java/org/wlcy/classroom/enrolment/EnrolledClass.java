package org.wlcy.classroom.enrolment;

import java.util.List;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.roster.RosterEntry;

/** A class as an institution created it: its opening application (with its plan) and its roster. */
public record EnrolledClass(OpeningApplication application, List<RosterEntry> roster) {
    public EnrolledClass {
        roster = List.copyOf(roster);
    }

    public String classId() {
        return application.plan().classId();
    }
}
