package org.wlcy.classroom.proctoring.integrity;

import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.proctoring.store.StorableEvent;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Consistency proofs between any two sizes of a class's stored log, for the live API
 * ({@code GET /api/classes/{id}/trace/consistency}): reads the first {@code to} events, hashes their
 * canonical lines as the bundle does, and answers PROOF(from, D[to]) with both roots. Blocking.
 */
public final class TraceProofs {
    private static final int READ_PAGE = 4096;
    private final TraceStore store;

    public TraceProofs(TraceStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A proof with the roots it joins. */
    public record Answer(ConsistencyProof proof, byte[] fromRoot, byte[] toRoot) {
    }

    /**
     * PROOF(from, D[to]) of the class's log ({@code 0 <= from <= to}, and {@code to} no more than the
     * store holds).
     *
     * @throws IllegalArgumentException if the sizes are out of range
     */
    public Answer consistency(ClassroomId classroom, long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("from must be between 0 and to");
        }
        MerkleLevels levels = new MerkleLevels();
        while (levels.size() < to) {
            List<TraceEvent> page = store.read(classroom, levels.size(), (int) Math.min(READ_PAGE, to - levels.size()));
            if (page.isEmpty()) {
                throw new IllegalArgumentException("the log of " + classroom + " holds only " + levels.size() + " events");
            }
            for (TraceEvent e : page) {
                if (e.index() != levels.size()) {
                    throw new IllegalStateException("the store returned index " + e.index() + " for " + levels.size());
                }
                levels.append(MerkleTree.leafHash(StorableEvent.canonicalLine(e)));
                if (levels.size() == to) {
                    break;
                }
            }
        }
        return new Answer(new ConsistencyProof(from, to, levels.consistencyProof(from, to)), levels.root(from),
                levels.root(to));
    }
}
