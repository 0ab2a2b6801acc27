package org.wlcy.classroom.enrolment.roster;

/**
 * A roster file as read: its format ({@code csv} or {@code xlsx}), the character set a text file
 * was read in (so the preview can say "read as GB18030"), and its table.
 */
public record RosterFile(String format, String charset, RosterTable table) {
}
