package org.wlcy.classroom.playback;

/** A transcode that could not be done: unreadable or unsuitable input, or an encoder/muxer failure. */
public class TranscodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TranscodeException(String message) {
        super(message);
    }

    public TranscodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
