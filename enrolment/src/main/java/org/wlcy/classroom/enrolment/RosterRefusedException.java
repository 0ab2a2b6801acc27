package org.wlcy.classroom.enrolment;

import org.wlcy.classroom.enrolment.roster.RosterPreview;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** A roster file refused whole (260), with the preview that says why, row by row. */
public final class RosterRefusedException extends ClassroomException {
    private final transient RosterPreview preview;

    public RosterRefusedException(RosterPreview preview) {
        super(ErrorCode.ROSTER_REFUSED, preview.problems().size() + " problems in the roster file; nothing was imported");
        this.preview = preview;
    }

    public RosterPreview preview() {
        return preview;
    }
}
