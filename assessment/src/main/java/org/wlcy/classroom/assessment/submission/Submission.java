package org.wlcy.classroom.assessment.submission;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.wlcy.classroom.participant.UserId;

/**
 * One saved state of a trainee's submission: a draft ({@code version 0}), or submitted version
 * 1, 2, ... Every version stays on the record; the latest submitted one when the deadline passes is
 * the one that is assessed.
 */
public record Submission(SubmissionKind kind, UserId trainee, int version, Map<String, Object> fields,
                         List<Attachment> attachments, Instant savedAt) {
    public Submission {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(savedAt, "savedAt");
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
        attachments = List.copyOf(attachments);
    }

    public boolean draft() {
        return version == 0;
    }
}
