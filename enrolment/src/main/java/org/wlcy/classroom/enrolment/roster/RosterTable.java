package org.wlcy.classroom.enrolment.roster;

import java.util.List;

/**
 * A roster file as rows of cells, whatever its format: the header row, then each further
 * non-empty row with its line in the file, and the problems found while reading (an unreadable
 * file has no rows and a problem that says why).
 */
public record RosterTable(List<String> header, List<Row> rows, List<RosterProblem> problems) {
    public RosterTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** One row of cells as read; {@code formulas} holds the indexes of cells that were formulas. */
    public record Row(int line, List<String> cells, List<Integer> formulas) {
        public Row {
            cells = List.copyOf(cells);
            formulas = List.copyOf(formulas);
        }

        public String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }
    }

    public static RosterTable refused(RosterProblem why) {
        return new RosterTable(List.of(), List.of(), List.of(why));
    }
}
