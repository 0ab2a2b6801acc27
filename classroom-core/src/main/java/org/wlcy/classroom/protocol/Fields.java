package org.wlcy.classroom.protocol;

/** Field checks shared by the message records' compact constructors. */
final class Fields {
    static final int MAX_REQUEST_ID = 64;
    static final int MAX_SDP = 60 * 1024;

    private Fields() {
    }

    static String requestId(String requestId) {
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID) {
            throw new IllegalArgumentException("requestId must be 1-" + MAX_REQUEST_ID + " characters");
        }
        return requestId;
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    static String text(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
        return wellFormed(value, name);
    }

    /** Optional text: null, or at most {@code maxLength} characters of well-formed text. */
    static String optionalText(String value, String name, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
        return wellFormed(value, name);
    }

    /** Text without lone surrogates (invalid UTF-16 that cannot be stored, signed or shown). */
    static String wellFormed(String value, String name) {
        int at = WireValues.loneSurrogate(value);
        if (at >= 0) {
            throw new IllegalArgumentException(name + " is not valid Unicode text (a lone surrogate at character "
                    + at + ")");
        }
        return value;
    }

    /** A required whole number in {@code min..max}. */
    static int wholeNumber(Integer value, String name, int min, int max) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        return value;
    }

    /** A client timestamp: null, or within {@link WireValues#EARLIEST_INSTANT}..{@link WireValues#LATEST_INSTANT}. */
    static java.time.Instant clientInstant(java.time.Instant value, String name) {
        if (value != null && !WireValues.inWindow(value)) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant from "
                    + WireValues.EARLIEST_INSTANT + " to 2099-12-31T23:59:59Z");
        }
        return value;
    }

    /**
     * Text people type (chat, danmaku): 1-{@code maxChars} characters counted as code points (an
     * emoji is one), not blank, no control characters except line breaks and tabs when
     * {@code multiLine}.
     */
    static String typedText(String value, String name, int maxChars, boolean multiLine) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > 2 * maxChars || value.codePointCount(0, value.length()) > maxChars) {
            throw new IllegalArgumentException(name + " is longer than " + maxChars + " characters");
        }
        wellFormed(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\t' || c == '\r'))) {
                throw new IllegalArgumentException(name + " contains a control character"
                        + (multiLine ? "" : " (one line only)"));
            }
        }
        return value;
    }
}
