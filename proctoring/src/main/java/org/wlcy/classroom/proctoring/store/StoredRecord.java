package org.wlcy.classroom.proctoring.store;

import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * One position of a class's log as the store holds it: the event, or, for a record the store set
 * aside ({@link StorableEvent}), the {@code trace.set-aside} placeholder that stands in its place
 * together with why it was set aside and where the stored record is.
 *
 * @param event   the stored event, or the placeholder
 * @param problem null for a valid event; else why the record was set aside, for the operator
 */
public record StoredRecord(TraceEvent event, String problem) {

    /** Whether this position holds a set-aside record's placeholder. */
    public boolean setAside() {
        return problem != null || event.kind() == TraceKind.RECORD_SET_ASIDE;
    }
}
