package org.wlcy.classroom.assessment.submission;

import java.util.Objects;

/**
 * A file handed in with a submission, kept under the data folder by its SHA-256.
 *
 * @param sha256    hex of the content's SHA-256, the file's name in the store
 * @param fileName  the name the trainee gave it (shown, never used as a path)
 * @param type      what the content was found to be: {@code pdf}, {@code docx}, {@code png} or {@code jpeg}
 * @param bytes     its size
 */
public record Attachment(String sha256, String fileName, String type, long bytes) {
    public Attachment {
        Objects.requireNonNull(type, "type");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex characters");
        }
        if (fileName == null || fileName.isBlank() || fileName.length() > 200) {
            throw new IllegalArgumentException("fileName must be 1-200 characters");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("an attachment is not empty");
        }
    }
}
