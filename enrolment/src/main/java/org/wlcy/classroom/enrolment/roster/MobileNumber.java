package org.wlcy.classroom.enrolment.roster;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland mobile number: eleven digits starting {@code 13}–{@code 19}, as typed with or without
 * {@code +86} / {@code 86}, spaces or hyphens. Kept as the eleven digits.
 */
public final class MobileNumber {
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private MobileNumber() {
    }

    /** The eleven digits, or empty when {@code typed} is no mainland mobile number. */
    public static Optional<String> read(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String s = typed.strip().replace(" ", "").replace("-", "").replace("\u3000", "");
        if (s.startsWith("+86")) {
            s = s.substring(3);
        } else if (s.startsWith("86") && s.length() == 13) {
            s = s.substring(2);
        }
        return MOBILE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
