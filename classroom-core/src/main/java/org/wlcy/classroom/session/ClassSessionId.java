package org.wlcy.classroom.session;

/** One lesson (a live class session) of a class. */
public record ClassSessionId(String value) {
    public ClassSessionId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
