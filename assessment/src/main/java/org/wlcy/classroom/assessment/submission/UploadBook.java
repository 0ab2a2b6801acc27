package org.wlcy.classroom.assessment.submission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * The files a class's trainees uploaded, as read back from the record: who uploaded which content
 * (by SHA-256), under which name, found to be of which type. A submission may name only files its
 * trainee uploaded to the class ({@link #resolve}); the same content uploaded twice is one file.
 */
public final class UploadBook {
    /** Distinct files one trainee may upload to one class (ten evidence files and a plan, several times over). */
    public static final int MAX_PER_TRAINEE = 50;

    private final Map<UserId, Map<String, Attachment>> byTrainee = new LinkedHashMap<>();

    public void uploaded(UserId trainee, Attachment a) {
        byTrainee.computeIfAbsent(trainee, t -> new LinkedHashMap<>()).put(a.sha256(), a);
    }

    /** The trainee's upload of this content, with the name it was last uploaded under. */
    public Optional<Attachment> of(UserId trainee, String sha256) {
        return Optional.ofNullable(byTrainee.getOrDefault(trainee, Map.of()).get(sha256));
    }

    public int count(UserId trainee) {
        return byTrainee.getOrDefault(trainee, Map.of()).size();
    }

    /** Everyone who uploaded this content to the class, in upload order. */
    public Set<UserId> uploaders(String sha256) {
        Set<UserId> out = new LinkedHashSet<>();
        byTrainee.forEach((t, files) -> {
            if (files.containsKey(sha256)) {
                out.add(t);
            }
        });
        return out;
    }

    /** Any upload of this content to the class (its first uploader's). */
    public Optional<Attachment> any(String sha256) {
        return byTrainee.values().stream().map(files -> files.get(sha256)).filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * The attachments a submission of {@code kind} names, from the trainee's own uploads: an unknown
     * hash or someone else's is 103 naming {@code attachments[i].sha256}; a type the kind does not
     * take, or a name whose extension does not say the type, is 255.
     */
    public List<Attachment> resolve(UserId trainee, SubmissionKind kind, List<AttachmentRef> refs) {
        List<Attachment> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            AttachmentRef r = refs.get(i);
            String f = "attachments[" + i + "]";
            if (r.sha256() == null || !r.sha256().matches("[0-9a-f]{64}")) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, f + ".sha256: 64 lower-case hex characters");
            }
            Attachment up = of(trainee, r.sha256()).orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD,
                    f + ".sha256: not a file you uploaded to this class; upload it first"));
            if (!seen.add(r.sha256())) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, f + ".sha256: the same file is attached twice");
            }
            String name = r.fileName() == null || r.fileName().isBlank() ? up.fileName() : r.fileName().strip();
            if (name.length() > 200 || name.contains("/") || name.contains("\\")) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, f + ".fileName: 1-200 characters, no / or \\");
            }
            if (!AttachmentRule.accepts(kind, up.type())) {
                throw new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, f + ": " + name + " is " + up.type()
                        + "; this submission takes " + AttachmentRule.allowed(kind));
            }
            if (!AttachmentRule.nameFits(up.type(), name)) {
                throw new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, f + ".fileName: " + name + " does not end in ."
                        + (up.type().equals("jpeg") ? "jpg" : up.type()) + " but the file is " + up.type());
            }
            out.add(new Attachment(up.sha256(), name, up.type(), up.bytes()));
        }
        return out;
    }
}
