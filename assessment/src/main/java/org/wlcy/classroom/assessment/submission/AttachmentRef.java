package org.wlcy.classroom.assessment.submission;

/**
 * A submission naming one of the files its trainee uploaded: the upload's SHA-256 and the name to
 * show. The server fills in the type and size from its own record of the upload.
 */
public record AttachmentRef(String sha256, String fileName) {
}
