package org.wlcy.classroom.enrolment.roster;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns a roster file may have, with the headers institutions write in them: the fields of
 * the trainee registration form (创业培训学员登记表主表, Art. 5(2)) that the classroom needs. Headers
 * are matched without spaces and case; other columns are ignored.
 */
public enum RosterColumn {
    NAME(true, "姓名", "name"),
    ID_NUMBER(true, "身份证号", "身份证号码", "公民身份号码", "证件号码", "idnumber", "id"),
    PHONE(true, "手机号", "手机号码", "手机", "联系电话", "phone", "mobile"),
    GENDER(false, "性别", "gender", "sex"),
    DIRECTION(false, "创业方向", "direction"),
    SELECTION(false, "选择结果", "selection"),
    /** issue H roster: the management platform's user id, the {@code sub} of the trainee's tokens. */
    USER_ID(false, "学员编号", "用户id", "userid", "user_id", "sub");

    private final boolean required;
    private final List<String> headers;

    RosterColumn(boolean required, String... headers) {
        this.required = required;
        this.headers = List.of(headers);
    }

    public boolean required() {
        return required;
    }

    /** The header a template writes (the first, Chinese one). */
    public String header() {
        return headers.get(0);
    }

    /** The column a header names, if any. */
    public static Optional<RosterColumn> of(String header) {
        String h = header.strip().replace(" ", "").replace("\u3000", "").replace("*", "").toLowerCase(Locale.ROOT);
        for (RosterColumn c : values()) {
            if (c.headers.contains(h)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
