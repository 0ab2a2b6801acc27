package org.wlcy.classroom.playback.upload;

import java.util.Locale;
import java.util.Objects;

/**
 * What a lecturer announced when starting an upload, kept as {@code upload.json} in the video's
 * folder: the original file name, its declared size and type. The bytes go to
 * {@code source/upload.<extension>}.
 *
 * @param fileName    the name on the lecturer's computer (shown, never used as a path)
 * @param extension   lower-case extension of {@code fileName}, e.g. {@code mp4}
 * @param size        declared size in bytes; the upload is complete when this many have arrived
 * @param contentType what the browser said the file is (informative only)
 */
public record UploadTicket(String fileName, String extension, long size, String contentType) {
    public UploadTicket {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(extension, "extension");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0");
        }
        if (!extension.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("bad extension " + extension);
        }
        contentType = contentType == null ? "" : contentType;
    }

    /** The lower-case extension of a file name, or "" when it has none. */
    public static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Where the bytes are stored, relative to the video's folder. */
    public String sourceName() {
        return "upload." + extension;
    }
}
