package org.wlcy.classroom.enrolment.roster;

import java.util.List;

/**
 * What an import would do, shown before anything is saved: how the file was read, the rows that
 * passed, and every problem by line. The import is taken only when {@link #acceptable()}: one
 * problem anywhere refuses the whole file, so a class never holds half a roster.
 */
public record RosterPreview(String format, String charset, int rowsRead, List<RosterEntry> entries,
                            List<RosterProblem> problems) {
    public RosterPreview {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    public boolean acceptable() {
        return problems.isEmpty() && !entries.isEmpty();
    }
}
