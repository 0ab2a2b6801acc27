package org.wlcy.classroom.error;

import java.util.Objects;

/** A refusal the domain reports; only the edge turns it into an error reply. */
public class ClassroomException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public ClassroomException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ClassroomException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
