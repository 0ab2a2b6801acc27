package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.participant.UserId;

/** Proctoring: consent, tab-switch warnings, and the lecturers' proctoring wall. */
public final class ProctorMessages {
    private ProctorMessages() {
    }

    /**
     * {@code proctor.consent}: the trainee's answer to the face-processing notice (PIPL art. 28).
     * A trainee who declines is checked by a lecturer's roll call instead.
     */
    public record ConsentRequest(String requestId, Boolean granted, String noticeVersion) implements ClientMessage {
        public ConsentRequest {
            Fields.requestId(requestId);
            Fields.required(granted, "granted");
            Fields.text(noticeVersion, "noticeVersion", 32);
        }
    }

    /** {@code proctor.consent.ok}. */
    public record ConsentResponse(String requestId, boolean granted) implements ServerMessage {
    }

    /**
     * {@code proctor.warning} to a trainee: {@code reason} is {@code tab-switch}; {@code count} so
     * far in this lesson; {@code limit} after which an exercise is locked (0 = no limit).
     */
    public record ProctorWarningEvent(String reason, int count, int limit, String message) implements ServerMessage {
    }

    /** One trainee on the lecturers' proctoring wall. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TraineeProctorView(UserId userId, String displayName, boolean present, boolean hidden,
                                     int tabSwitches, long hiddenSeconds, String consent, boolean signedIn,
                                     String signInMethod, String faceCheck, Instant faceCheckAt, Boolean muted,
                                     Integer audioLevel, boolean reconnecting) {
    }

    /** {@code proctor.state} to lecturers: every trainee of the class with their flags. */
    public record ProctorStateEvent(List<TraineeProctorView> trainees) implements ServerMessage {
    }
}
