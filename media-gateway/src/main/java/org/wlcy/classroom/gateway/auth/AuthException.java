package org.wlcy.classroom.gateway.auth;

import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** A token or origin refused at the edge (codes 300-304). */
public final class AuthException extends ClassroomException {
    private static final long serialVersionUID = 1L;

    public AuthException(ErrorCode code, String message) {
        super(code, message);
    }
}
