package org.wlcy.classroom.proctoring.integrity;

import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * Where the exporter finds witnesses' cosignatures of a class's checkpoints (issue L witnesses; the gateway's
 * witness client keeps them in a {@link CosignatureFile}). {@code docs/trace-bundle.md} §4.3.
 */
public interface Cosignatures {
    /** No witnesses: bundles carry no {@code witnesses.jsonl}. */
    Cosignatures NONE = new Cosignatures() {
        @Override
        public String originPrefix() {
            return "";
        }

        @Override
        public List<String> lines(Checkpoint cp) {
            return List.of();
        }
    };

    /** The prefix of the classes' origin lines ({@code <prefix>/<classroomId>}). */
    String originPrefix();

    /** The cosignature lines (each LF-ended, C2SP signature lines) held for this checkpoint. */
    List<String> lines(Checkpoint cp);

    /**
     * Waits (bounded) until every witness has answered for {@code cp}, cosigned or refused; for an
     * export, so that a bundle's newest checkpoint can carry cosignatures. Never throws.
     */
    default void awaitAnswers(Checkpoint cp) {
    }

    /** Whether any witness is configured. */
    default boolean any() {
        return this != NONE;
    }

    /** For tests and tools: the class's origin. */
    default String origin(ClassroomId c) {
        return CheckpointNote.origin(originPrefix(), c);
    }
}
