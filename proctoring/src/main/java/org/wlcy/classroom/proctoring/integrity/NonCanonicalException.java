package org.wlcy.classroom.proctoring.integrity;

/**
 * Bytes that are not the canonical JSON this package writes (not UTF-8, not JSON, not in the
 * canonical form, or not of the expected shape). The message says what is wrong and where.
 */
public final class NonCanonicalException extends Exception {
    private static final long serialVersionUID = 1L;

    public NonCanonicalException(String message) {
        super(message);
    }
}
