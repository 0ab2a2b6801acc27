package org.wlcy.classroom.enrolment.roster;

/** Picks the reader by what the bytes are, not by the file's name. */
public final class RosterFiles {
    private RosterFiles() {
    }

    public static RosterFile read(byte[] bytes, RosterLimits limits) {
        if (bytes.length == 0) {
            return new RosterFile("", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_EMPTY,
                    "the file is empty")));
        }
        if (bytes.length > limits.maxBytes()) {
            return new RosterFile("", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_TOO_LARGE,
                    "the file is larger than " + (limits.maxBytes() >> 10) + " KiB")));
        }
        if (startsWith(bytes, 0x50, 0x4B, 0x03, 0x04)) {
            return XlsxRosterReader.read(bytes, limits);
        }
        if (startsWith(bytes, 0xD0, 0xCF, 0x11, 0xE0)) {
            return new RosterFile("xls", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_TYPE,
                    "an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV UTF-8")));
        }
        if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) {
            return new RosterFile("pdf", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_TYPE,
                    "a PDF; upload the roster as .xlsx or CSV")));
        }
        return CsvRosterReader.read(bytes, limits);
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
