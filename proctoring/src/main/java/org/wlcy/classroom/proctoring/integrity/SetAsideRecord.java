package org.wlcy.classroom.proctoring.integrity;

import org.wlcy.classroom.classroom.ClassroomId;

/**
 * A stored record that a class's log holds as a {@code trace.set-aside} placeholder
 * (docs/trace-bundle.md §3.1), as the operator is told of it.
 *
 * @param classroom the class
 * @param index     its position in the class's log
 * @param reason    {@code unreadable} or {@code not-canonical}, as in the placeholder
 * @param rawSha256 SHA-256 (hex) of the stored bytes, as in the placeholder
 * @param problem   what is wrong with it and where the stored record is (not part of the log)
 */
public record SetAsideRecord(ClassroomId classroom, long index, String reason, String rawSha256, String problem) {
}
