package org.wlcy.classroom.lane;

/**
 * The stages a signalling message passes through on its way to the pages (issue J's latency
 * breakdown; docs/benchmarks.md). Each is timed by {@link StageTimes}.
 */
public enum Stage {
    /** A text frame read on the event loop until decoded and handed to its class's lane. */
    DECODE("decode"),
    /**
     * A connection moved to its class's event loop at {@code class.join} (once per connection:
     * deregistered from its loop until registered with the lane's; docs/adr/0027).
     */
    MOVE("move"),
    /** A task queued on a class's lane until it runs: the request's hop, and the hop back after the trace append. */
    LANE_QUEUE("lane-queue"),
    /** A task running on a class's lane: checks, filter, trace submit, or the replies and broadcast. */
    LANE_TASK("lane-task"),
    /** An append waiting for the trace writer to take it into a group. */
    TRACE_QUEUE("trace-queue"),
    /** The writer encoding a group and writing it to the files (not yet durable). */
    TRACE_WRITE("trace-write"),
    /** The writer's fsync of a group: after it, the group is durable and may be acknowledged. */
    TRACE_FSYNC("trace-fsync"),
    /** Hashing a group's events into the classes' Merkle logs, before the appends complete. */
    TRACE_HASH("trace-hash"),
    /** One broadcast on the lane: the message encoded once and a write queued for each recipient. */
    BROADCAST("broadcast"),
    /** A frame queued for a connection until the event loop has written it to the socket. */
    WRITE("write"),
    /** PostgreSQL trace store: inserting and locking the group's class counter rows. */
    PG_LOCK("pg-lock"),
    /** PostgreSQL trace store: looking up which of the group's eventIds are stored already. */
    PG_LOOKUP("pg-lookup"),
    /** PostgreSQL trace store: inserting the group's new events and moving the counters. */
    PG_INSERT("pg-insert"),
    /** PostgreSQL trace store: the COMMIT (its WAL flush, with {@code synchronous_commit} on). */
    PG_COMMIT("pg-commit");

    private final String wire;

    Stage(String wire) {
        this.wire = wire;
    }

    /** The name in metrics ({@code classroom_stage_seconds{stage="..."}}). */
    public String wire() {
        return wire;
    }
}
