package org.wlcy.classroom.enrolment.roster;

/**
 * One thing wrong with a roster file, where a person can find it: the line of the file (1 is the
 * header; 0 when the whole file is meant), the column's header as the file spells it (empty for the
 * whole row or file), a stable {@code code} the pages translate ({@code roster.<code>} in their
 * dictionaries) and an English detail for logs and third-party clients.
 */
public record RosterProblem(int line, String column, String code, String detail) {
    // the file as a whole
    public static final String FILE_EMPTY = "file.empty";
    public static final String FILE_TOO_LARGE = "file.too-large";
    public static final String FILE_TYPE = "file.type";
    public static final String FILE_ENCODING = "file.encoding";
    public static final String FILE_DAMAGED = "file.damaged";
    public static final String TOO_MANY_ROWS = "file.too-many-rows";
    public static final String HEADER_MISSING = "header.missing";
    public static final String HEADER_DUPLICATE = "header.duplicate";
    // a cell
    public static final String CELL_FORMULA = "cell.formula";
    public static final String CELL_TOO_LONG = "cell.too-long";
    public static final String CELL_CONTROL = "cell.control";
    public static final String NAME_MISSING = "name.missing";
    public static final String ID_MISSING = "id.missing";
    public static final String ID_FORMAT = "id.format";
    public static final String ID_BIRTH_DATE = "id.birth-date";
    public static final String ID_CHECKSUM = "id.checksum";
    public static final String GENDER_MISMATCH = "gender.mismatch";
    public static final String PHONE_FORMAT = "phone.format";
    public static final String SELECTION_UNSUITABLE = "selection.unsuitable";
    /** issue H roster: a platform user id is 1 to 64 of {@code A-Z a-z 0-9 . _ : -}. */
    public static final String USER_ID_FORMAT = "user-id.format";
    // a row against the others and the class
    public static final String DUPLICATE_ID = "duplicate.id";
    public static final String DUPLICATE_PHONE = "duplicate.phone";
    public static final String ALREADY_ENROLLED = "already.enrolled";
    /** issue H roster: the same platform user id as another row of the file. */
    public static final String DUPLICATE_USER_ID = "duplicate.user-id";
    /** issue H roster: the platform user id of a trainee already in the class. */
    public static final String USER_ID_ENROLLED = "user-id.enrolled";
    /** issue H roster: the file gives user ids and the class's trainees have none, or the other way round. */
    public static final String USER_ID_MIXED = "user-id.mixed";
    public static final String CLASS_FULL = "class.full";

    public static RosterProblem ofFile(String code, String detail) {
        return new RosterProblem(0, "", code, detail);
    }
}
