package org.wlcy.classroom.assessment.submission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * A class's submissions: each trainee's draft and submitted versions of each kind, and the
 * deadlines lecturers set. Drafts may be saved and versions submitted until the deadline (server
 * time); after it nothing changes and the latest submitted version is final. Pure: the adapter
 * replays the record into {@link #apply}.
 */
public final class SubmissionBook {
    private record Key(SubmissionKind kind, UserId trainee) {
    }

    private final Map<SubmissionKind, Instant> deadlines = new EnumMap<>(SubmissionKind.class);
    private final Map<Key, Submission> drafts = new LinkedHashMap<>();
    private final Map<Key, List<Submission>> versions = new LinkedHashMap<>();

    public void deadline(SubmissionKind kind, Instant at) {
        deadlines.put(kind, at);
    }

    public Optional<Instant> deadline(SubmissionKind kind) {
        return Optional.ofNullable(deadlines.get(kind));
    }

    public boolean closed(SubmissionKind kind, Instant now) {
        Instant d = deadlines.get(kind);
        return d != null && !now.isBefore(d);
    }

    /** The draft or version a save or submit would record now: checked, not yet applied. */
    public Submission next(SubmissionKind kind, UserId trainee, Map<String, Object> fields,
                           List<Attachment> attachments, boolean submit, Instant now) {
        if (closed(kind, now)) {
            throw new ClassroomException(ErrorCode.SUBMISSION_CLOSED, "the deadline for the "
                    + (kind == SubmissionKind.BUSINESS_PLAN ? "business plan" : "practical results") + " was "
                    + deadlines.get(kind) + "; the last version submitted is final");
        }
        SubmissionSchema schema = SubmissionSchema.of(kind);
        if (attachments.size() > schema.maxAttachments()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "attachments: at most " + schema.maxAttachments());
        }
        Map<String, Object> kept = schema.check(fields, submit);
        int version = submit ? versions(kind, trainee).size() + 1 : 0;
        return new Submission(kind, trainee, version, kept, attachments, now);
    }

    /** Records a draft or version read back from the record (or just made durable). */
    public void apply(Submission s) {
        Key k = new Key(s.kind(), s.trainee());
        if (s.draft()) {
            drafts.put(k, s);
        } else {
            versions.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
            drafts.remove(k);
        }
    }

    public Optional<Submission> draft(SubmissionKind kind, UserId trainee) {
        return Optional.ofNullable(drafts.get(new Key(kind, trainee)));
    }

    public List<Submission> versions(SubmissionKind kind, UserId trainee) {
        return List.copyOf(versions.getOrDefault(new Key(kind, trainee), List.of()));
    }

    /** The version assessed: the latest submitted. */
    public Optional<Submission> latest(SubmissionKind kind, UserId trainee) {
        List<Submission> v = versions.getOrDefault(new Key(kind, trainee), List.of());
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }
}
