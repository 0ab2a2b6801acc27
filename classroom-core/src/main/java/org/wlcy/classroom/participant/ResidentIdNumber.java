package org.wlcy.classroom.participant;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * A PRC resident identity number (公民身份号码, GB 11643-1999): 6 digits of region, 8 of birth date,
 * 3 of sequence, and a check character computed by ISO 7064 MOD 11-2 ({@code X} for 10).
 * Only the masked form ({@link #masked()}) appears on certificates and pages.
 */
public record ResidentIdNumber(String value) {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    public ResidentIdNumber {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    /** What is wrong with {@code text} as a resident ID number, in words a clerk understands; empty if nothing. */
    public static Optional<String> problem(String text) {
        if (text == null || !text.matches("\\d{17}[\\dXx]")) {
            return Optional.of("an ID number has 18 characters: 17 digits and a digit or X");
        }
        try {
            LocalDate born = LocalDate.of(Integer.parseInt(text.substring(6, 10)),
                    Integer.parseInt(text.substring(10, 12)), Integer.parseInt(text.substring(12, 14)));
            if (born.getYear() < 1900) {
                return Optional.of("the birth date " + born + " in the ID number is before 1900");
            }
        } catch (DateTimeException e) {
            return Optional.of("characters 7-14 of the ID number are not a birth date (yyyyMMdd)");
        }
        char expected = checkCharacter(text.substring(0, 17));
        if (Character.toUpperCase(text.charAt(17)) != expected) {
            return Optional.of("the check character of the ID number is wrong (GB 11643): a digit was mistyped");
        }
        return Optional.empty();
    }

    /** The GB 11643 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Region and last four kept, the birth date and sequence hidden: {@code 110101********123X}. */
    public String masked() {
        return value.substring(0, 6) + "********" + value.substring(14);
    }

    @Override
    public String toString() {
        return masked();
    }
}
