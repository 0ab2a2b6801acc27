package org.wlcy.classroom.enrolment.roster;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.participant.ResidentIdNumber;

/**
 * Checks a roster file against the rules of a class: every required column present, every cell
 * well-formed (no formulas, no control characters, not too long), every identity number valid by
 * GB 11643, every phone a mainland mobile number, no one twice (in the file or already in the
 * class), only trainees whose selection result (选择结果, Art. 5(4)) is online-entrepreneurship
 * training, and the class at most {@link #MAX_CLASS_SIZE} (Art. 7(1)).
 */
public final class RosterCheck {
    /** Art. 7(1): 每班 25 人为宜，最多不超过 30 人. */
    public static final int MAX_CLASS_SIZE = 30;
    private static final int MAX_NAME = 50;
    /** issue H roster: the platform's user id (the tokens' {@code sub}). */
    private static final java.util.regex.Pattern USER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RosterCheck() {
    }

    /**
     * @param enrolledIds the identity numbers (normalised) of the class's trainees already enrolled
     * @param today the day the file is checked (an identity number's birth date is not after it)
     */
    public static RosterPreview check(RosterFile file, RosterLimits limits, Set<String> enrolledIds, LocalDate today) {
        return check(file, limits, enrolledIds, Set.of(), today);
    }

    /**
     * issue H roster: also the platform user ids of the class's trainees already enrolled (a row's user id
     * is unique in the file and the class).
     */
    public static RosterPreview check(RosterFile file, RosterLimits limits, Set<String> enrolledIds,
                                      Set<String> enrolledUserIds, LocalDate today) {
        RosterTable t = file.table();
        List<RosterProblem> problems = new ArrayList<>(t.problems());
        List<RosterEntry> entries = new ArrayList<>();
        if (t.header().isEmpty()) {
            return new RosterPreview(file.format(), file.charset(), 0, entries, problems);
        }
        Map<RosterColumn, Integer> at = new EnumMap<>(RosterColumn.class);
        for (int i = 0; i < t.header().size(); i++) {
            Optional<RosterColumn> c = RosterColumn.of(t.header().get(i));
            if (c.isPresent() && at.putIfAbsent(c.get(), i) != null) {
                problems.add(new RosterProblem(1, t.header().get(i), RosterProblem.HEADER_DUPLICATE,
                        "two columns are " + c.get().header()));
            }
        }
        for (RosterColumn c : RosterColumn.values()) {
            if (c.required() && !at.containsKey(c)) {
                problems.add(new RosterProblem(1, c.header(), RosterProblem.HEADER_MISSING,
                        "no column " + c.header()));
            }
        }
        if (problems.stream().anyMatch(p -> p.line() == 1)) { // a header problem: the rows cannot be read
            return new RosterPreview(file.format(), file.charset(), t.rows().size(), entries, problems);
        }
        Map<String, Integer> idLines = new HashMap<>();
        Map<String, Integer> phoneLines = new HashMap<>();
        Map<String, Integer> userIdLines = new HashMap<>();
        for (RosterTable.Row row : t.rows()) {
            RowReader r = new RowReader(row, at, t.header(), limits, problems);
            String name = r.cell(RosterColumn.NAME);
            String idText = r.cell(RosterColumn.ID_NUMBER);
            String phoneText = r.cell(RosterColumn.PHONE);
            String gender = r.cell(RosterColumn.GENDER);
            String direction = r.cell(RosterColumn.DIRECTION);
            String selection = r.cell(RosterColumn.SELECTION);
            String userId = r.cell(RosterColumn.USER_ID).strip();
            if (!r.cellsOk()) {
                continue;
            }
            int before = problems.size();
            if (name.isEmpty() || name.length() > MAX_NAME) {
                r.problem(RosterColumn.NAME, RosterProblem.NAME_MISSING, "a name of 1 to " + MAX_NAME + " characters");
            }
            String id = ResidentIdNumber.normalise(idText);
            if (id.isEmpty()) {
                r.problem(RosterColumn.ID_NUMBER, RosterProblem.ID_MISSING, "no identity number");
            } else {
                ResidentIdNumber.defect(id, today).ifPresent(d -> r.problem(RosterColumn.ID_NUMBER, switch (d) {
                    case FORMAT -> RosterProblem.ID_FORMAT;
                    case BIRTH_DATE -> RosterProblem.ID_BIRTH_DATE;
                    case CHECKSUM -> RosterProblem.ID_CHECKSUM;
                }, "not a citizen identity number (GB 11643): " + mask(id)));
            }
            Optional<String> phone = MobileNumber.read(phoneText);
            if (phone.isEmpty()) {
                r.problem(RosterColumn.PHONE, RosterProblem.PHONE_FORMAT, "not a mainland mobile number");
            }
            if (at.containsKey(RosterColumn.USER_ID) && !USER_ID.matcher(userId).matches()) {
                r.problem(RosterColumn.USER_ID, RosterProblem.USER_ID_FORMAT,
                        "a platform user id is 1 to 64 of A-Z a-z 0-9 . _ : -");
            }
            if (problems.size() == before) {
                ResidentIdNumber number = new ResidentIdNumber(id);
                Optional<Boolean> said = male(gender);
                if (said.isPresent() && said.get() != number.male()) {
                    r.problem(RosterColumn.GENDER, RosterProblem.GENDER_MISMATCH,
                            "the identity number says " + (number.male() ? "男 (male)" : "女 (female)"));
                }
                if (!selection.isEmpty() && !selection.contains("网络创业")) {
                    r.problem(RosterColumn.SELECTION, RosterProblem.SELECTION_UNSUITABLE,
                            "the selection result is not online-entrepreneurship training (Art. 5(4))");
                }
                Integer sameId = idLines.putIfAbsent(id, row.line());
                if (sameId != null) {
                    r.problem(RosterColumn.ID_NUMBER, RosterProblem.DUPLICATE_ID, "the same person as line " + sameId);
                } else if (enrolledIds.contains(id)) {
                    r.problem(RosterColumn.ID_NUMBER, RosterProblem.ALREADY_ENROLLED, "already a trainee of this class");
                }
                Integer samePhone = phoneLines.putIfAbsent(phone.get(), row.line());
                if (samePhone != null) {
                    r.problem(RosterColumn.PHONE, RosterProblem.DUPLICATE_PHONE, "the same phone as line " + samePhone);
                }
                if (at.containsKey(RosterColumn.USER_ID)) {
                    Integer sameUser = userIdLines.putIfAbsent(userId, row.line());
                    if (sameUser != null) {
                        r.problem(RosterColumn.USER_ID, RosterProblem.DUPLICATE_USER_ID,
                                "the same user id as line " + sameUser);
                    } else if (enrolledUserIds.contains(userId)) {
                        r.problem(RosterColumn.USER_ID, RosterProblem.USER_ID_ENROLLED,
                                "a trainee of this class already has this user id");
                    }
                }
                if (problems.size() == before) {
                    entries.add(new RosterEntry(row.line(), name, number, phone.get(), number.male(), direction,
                            at.containsKey(RosterColumn.USER_ID) ? userId : null));
                }
            }
        }
        int size = enrolledIds.size() + idLines.size();
        if (size > MAX_CLASS_SIZE) {
            problems.add(RosterProblem.ofFile(RosterProblem.CLASS_FULL, "a class has at most " + MAX_CLASS_SIZE
                    + " trainees (Art. 7(1)): " + enrolledIds.size() + " enrolled and " + idLines.size()
                    + " in the file"));
        }
        if (t.rows().isEmpty()) {
            problems.add(RosterProblem.ofFile(RosterProblem.FILE_EMPTY, "the file has a header but no trainees"));
        }
        return new RosterPreview(file.format(), file.charset(), t.rows().size(), entries, problems);
    }

    private static Optional<Boolean> male(String gender) {
        switch (gender.strip().toLowerCase(Locale.ROOT)) {
            case "男", "m", "male":
                return Optional.of(true);
            case "女", "f", "female":
                return Optional.of(false);
            default:
                return Optional.empty();
        }
    }

    private static String mask(String id) {
        return id.length() <= 7 ? "*".repeat(id.length()) : id.substring(0, 3) + "*".repeat(id.length() - 7)
                + id.substring(id.length() - 4);
    }

    /** The cells of one row by column, noting cells that may not be read at all. */
    private static final class RowReader {
        private final RosterTable.Row row;
        private final Map<RosterColumn, Integer> at;
        private final List<String> header;
        private final RosterLimits limits;
        private final List<RosterProblem> problems;
        private boolean ok = true;

        RowReader(RosterTable.Row row, Map<RosterColumn, Integer> at, List<String> header, RosterLimits limits,
                  List<RosterProblem> problems) {
            this.row = row;
            this.at = at;
            this.header = header;
            this.limits = limits;
            this.problems = problems;
        }

        String cell(RosterColumn c) {
            Integer i = at.get(c);
            if (i == null) {
                return "";
            }
            String v = row.cell(i);
            if (row.formulas().contains(i)) {
                problem(c, RosterProblem.CELL_FORMULA, "a formula; type the value itself");
                ok = false;
                return "";
            }
            if (v.length() > limits.maxCellChars()) {
                problem(c, RosterProblem.CELL_TOO_LONG, "longer than " + limits.maxCellChars() + " characters");
                ok = false;
                return "";
            }
            if (v.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
                    || cp == 0xFFFD || Character.getType(cp) == Character.FORMAT)) {
                problem(c, RosterProblem.CELL_CONTROL, "control or invisible characters");
                ok = false;
                return "";
            }
            return v;
        }

        boolean cellsOk() {
            return ok;
        }

        void problem(RosterColumn c, String code, String detail) {
            Integer i = at.get(c);
            problems.add(new RosterProblem(row.line(), i == null ? c.header() : header.get(i), code, detail));
        }
    }
}
