package org.wlcy.classroom.proctoring.integrity;

import java.util.List;

/**
 * The outcome of {@link BundleVerifier#verify}: either OK with counts, or the first problem found,
 * named by file, line(s) and record.
 *
 * @param failure       the first problem, or {@code null} when the bundle verifies
 * @param events        events checked (lines of {@code events.jsonl} read before any failure)
 * @param eventsInRange of those, recorded within the manifest's range
 * @param checkpoints   checkpoints whose signature verified
 * @param keyId         keyId of the bundle's public key, if it could be read
 * @param trustedKey    whether that key was compared with a key the verifier was told to trust
 * @param warnings      things worth a look that do not make the bundle invalid
 * @param newest        the bundle's newest (last) checkpoint when the bundle verifies, else null
 * @param known         how many of the regulator's known checkpoints of this class were checked
 * @param witnessed     issue L witnesses: for each required witness, e.g. {@code w1 at 2026-12-07T12:00:00Z}
 */
public record VerificationResult(Failure failure, String classroomId, long events, long eventsInRange,
                                 int checkpoints, String keyId, boolean trustedKey, List<String> warnings,
                                 Checkpoint newest, int known, List<String> witnessed) {

    public VerificationResult(Failure failure, String classroomId, long events, long eventsInRange, int checkpoints,
                              String keyId, boolean trustedKey, List<String> warnings, Checkpoint newest, int known) {
        this(failure, classroomId, events, eventsInRange, checkpoints, keyId, trustedKey, warnings, newest, known,
                List.of());
    }

    /**
     * The first problem.
     *
     * @param file     the bundle file it is in
     * @param line     1-based line (first line of a range), or 0 for the file as a whole
     * @param lastLine last line of a range of lines (equals {@code line} for one line)
     * @param record   what record it is, e.g. {@code index 41, eventId u7/12} or
     *                 {@code checkpoint treeSize 2000}; may be empty
     * @param reason   what is wrong
     */
    public record Failure(String file, long line, long lastLine, String record, String reason) {
        /** One line of text, e.g. {@code events.jsonl line 42 (index 41, eventId u7/12): ...}. */
        public String describe() {
            StringBuilder sb = new StringBuilder(file);
            if (line > 0) {
                sb.append(lastLine > line ? " lines " + line + "-" + lastLine : " line " + line);
            }
            if (!record.isEmpty()) {
                sb.append(" (").append(record).append(')');
            }
            return sb.append(": ").append(reason).toString();
        }
    }

    public boolean ok() {
        return failure == null;
    }

    /** The verdict as the CLI prints it (first line {@code OK ...} or {@code FAIL ...}). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (ok()) {
            sb.append("OK class ").append(classroomId).append(": ").append(events).append(" events (")
                    .append(eventsInRange).append(" in range), ").append(checkpoints)
                    .append(" checkpoints verified with key ").append(keyId)
                    .append(trustedKey ? " (trusted)" : " (NOT compared with a trusted key)");
            if (known > 0) {
                sb.append(", consistent with ").append(known).append(known == 1 ? " known checkpoint" : " known checkpoints");
            }
            if (!witnessed.isEmpty()) {
                sb.append(", newest checkpoint cosigned by ").append(String.join(", ", witnessed));
            }
        } else {
            sb.append("FAIL ").append(failure.describe());
        }
        for (String w : warnings) {
            sb.append("\nwarning: ").append(w);
        }
        return sb.toString();
    }
}
