package org.wlcy.classroom.participant;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * A PRC resident identity number (公民身份号码, GB 11643-1999): 6 digits of region, 8 of birth date,
 * 3 of sequence (odd for men, even for women), and a check character computed by ISO 7064 MOD 11-2
 * ({@code X} for 10). Only the 18-character form is taken (the 15-digit one was replaced in 1999).
 * Only the masked form ({@link #masked()}) appears on certificates and pages.
 */
public record ResidentIdNumber(String value) {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    /** What is wrong with a typed number. */
    public enum Defect {
        /** Not 17 digits and a digit or X. */
        FORMAT,
        /** Characters 7-14 are no date, or one before 1900 or after today. */
        BIRTH_DATE,
        /** The check character does not match the first 17 (a digit was mistyped). */
        CHECKSUM
    }

    public ResidentIdNumber {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    /** What is wrong with {@code text} as a resident ID number, in words a clerk understands; empty if nothing. */
    public static Optional<String> problem(String text) {
        return defect(text, LocalDate.MAX).map(d -> switch (d) {
            case FORMAT -> "an ID number has 18 characters: 17 digits and a digit or X";
            case BIRTH_DATE -> "characters 7-14 of the ID number are not a birth date (yyyyMMdd), or one before 1900";
            case CHECKSUM -> "the check character of the ID number is wrong (GB 11643): a digit was mistyped";
        });
    }

    /** What is wrong with {@code text}, judging its birth date against {@code today}; empty if nothing. */
    public static Optional<Defect> defect(String text, LocalDate today) {
        if (text == null || !text.matches("\\d{17}[\\dXx]")) {
            return Optional.of(Defect.FORMAT);
        }
        try {
            LocalDate born = LocalDate.of(Integer.parseInt(text.substring(6, 10)),
                    Integer.parseInt(text.substring(10, 12)), Integer.parseInt(text.substring(12, 14)));
            if (born.getYear() < 1900 || born.isAfter(today)) {
                return Optional.of(Defect.BIRTH_DATE);
            }
        } catch (DateTimeException e) {
            return Optional.of(Defect.BIRTH_DATE);
        }
        if (Character.toUpperCase(text.charAt(17)) != checkCharacter(text.substring(0, 17))) {
            return Optional.of(Defect.CHECKSUM);
        }
        return Optional.empty();
    }

    /** A number as a person typed it: spaces (also ideographic ones) gone, {@code x} upper-cased. */
    public static String normalise(String typed) {
        return typed.strip().replace(" ", "").replace("\u3000", "").toUpperCase(Locale.ROOT);
    }

    /** The GB 11643 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The birth date the number carries. */
    public LocalDate birthDate() {
        return LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                Integer.parseInt(value.substring(12, 14)));
    }

    /** Male when the sequence code is odd (GB 11643 §4.3). */
    public boolean male() {
        return (value.charAt(16) - '0') % 2 == 1;
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
