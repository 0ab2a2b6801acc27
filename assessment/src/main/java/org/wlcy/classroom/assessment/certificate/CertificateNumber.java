package org.wlcy.classroom.assessment.certificate;

import java.util.Optional;

/**
 * A certificate's number: {@code RRRRRR-YYYY-NNNNNNC}, the issuing region's 6-digit code, the year
 * of issue, a 6-digit sequence within them, and a Luhn check digit so that a mistyped number is
 * told apart from an unknown one before any look-up.
 */
public record CertificateNumber(String value) {
    public CertificateNumber {
        if (parseProblem(value).isPresent()) {
            throw new IllegalArgumentException(parseProblem(value).get());
        }
    }

    public static CertificateNumber of(String region, int year, int sequence) {
        if (!region.matches("\\d{6}") || year < 2000 || year > 2999 || sequence < 1 || sequence > 999_999) {
            throw new IllegalArgumentException("region must be 6 digits, year 2000-2999, sequence 1-999999");
        }
        String body = region + year + String.format("%06d", sequence);
        return new CertificateNumber(region + "-" + year + "-" + String.format("%06d", sequence) + luhn(body));
    }

    /** Why {@code text} cannot be a certificate number; empty when it can. */
    public static Optional<String> parseProblem(String text) {
        if (text == null || !text.matches("\\d{6}-\\d{4}-\\d{7}")) {
            return Optional.of("a certificate number looks like 110000-2026-0000127");
        }
        String digits = text.replace("-", "");
        if (luhn(digits.substring(0, digits.length() - 1)) != digits.charAt(digits.length() - 1)) {
            return Optional.of("the certificate number's last digit does not match: check for a typo");
        }
        return Optional.empty();
    }

    public String region() {
        return value.substring(0, 6);
    }

    static char luhn(String digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    @Override
    public String toString() {
        return value;
    }
}
