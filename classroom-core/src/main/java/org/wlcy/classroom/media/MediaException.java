package org.wlcy.classroom.media;

/**
 * A media server refused or failed a request. {@link #mediaCode()} is the media server's own
 * error code when it gave one (Janus error codes, e.g. 458 "no such session"), else 0.
 */
public class MediaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int mediaCode;
    private final boolean unavailable;

    public MediaException(int mediaCode, String message) {
        this(mediaCode, message, false);
    }

    private MediaException(int mediaCode, String message, boolean unavailable) {
        super(message);
        this.mediaCode = mediaCode;
        this.unavailable = unavailable;
    }

    /** The media server cannot be reached at all. */
    public static MediaException unavailable(String message) {
        return new MediaException(0, message, true);
    }

    public int mediaCode() {
        return mediaCode;
    }

    public boolean isUnavailable() {
        return unavailable;
    }
}
