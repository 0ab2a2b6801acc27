package org.wlcy.classroom.proctoring.store;

/**
 * A store refused an append because one of its events cannot be kept faithfully or has no
 * canonical form ({@link StorableEvent}); nothing of the batch was stored. Names the event and the
 * field, so that the edge can answer with a coded error naming it.
 */
public final class EventRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String eventId;
    private final String field;
    private final String problem;

    public EventRefusedException(String eventId, String field, String problem) {
        super("trace event '" + eventId + "': " + field + " " + problem);
        this.eventId = eventId;
        this.field = field;
        this.problem = problem;
    }

    /** The refused event's id (as the caller gave it). */
    public String eventId() {
        return eventId;
    }

    /** The event's field that has no storable value: {@code clientTime}, {@code data}, ... */
    public String field() {
        return field;
    }

    /** What is wrong with the field's value, e.g. {@code +10000-01-01T00:00:00Z is outside the years 0000-9999}. */
    public String problem() {
        return problem;
    }
}
