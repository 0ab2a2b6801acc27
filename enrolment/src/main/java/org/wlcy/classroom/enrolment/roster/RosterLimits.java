package org.wlcy.classroom.enrolment.roster;

/**
 * How much of a roster file is read: its size as uploaded, its size unzipped (an .xlsx is a zip;
 * this stops a zip bomb), the rows after the header, and a cell's characters.
 */
public record RosterLimits(int maxBytes, long maxUnzippedBytes, int maxRows, int maxCellChars) {
    /** 1 MiB in, 16 MiB unzipped, 200 rows (a class has at most 30, Art. 7(1)), 100 characters a cell. */
    public static final RosterLimits DEFAULT = new RosterLimits(1 << 20, 16L << 20, 200, 100);
}
