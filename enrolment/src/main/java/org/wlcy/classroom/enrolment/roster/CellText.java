package org.wlcy.classroom.enrolment.roster;

/** What counts as a formula in a text cell, and the spaces a cell loses when read. */
final class CellText {
    private CellText() {
    }

    /**
     * True when a spreadsheet would run the cell as a formula (CSV injection, OWASP): it starts
     * with {@code =} or {@code @}, or with {@code +} or {@code -} followed by something other than
     * a digit ({@code +8613800138000} is a phone number, {@code +cmd|' /c calc'!A0} is not).
     */
    static boolean formula(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (c == '=' || c == '@') {
            return true;
        }
        return (c == '+' || c == '-') && s.length() > 1 && !Character.isDigit(s.charAt(1));
    }

    /** The cell without surrounding white space, ideographic spaces and a leading apostrophe. */
    static String clean(String cell) {
        String s = cell.replace('\u3000', ' ').strip();
        return s.startsWith("'") ? s.substring(1).strip() : s;
    }
}
