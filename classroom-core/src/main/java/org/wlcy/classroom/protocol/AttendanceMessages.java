package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.participant.UserId;

/** Sign-in (签到), roll call and leave requests (请假). */
public final class AttendanceMessages {
    private AttendanceMessages() {
    }

    /**
     * {@code attendance.signin} (trainees): {@code method} is {@code click}, or {@code face}: the
     * server checks the trainee's proctoring camera for a face (a presence check, not identity).
     */
    public record SignInRequest(String requestId, String method) implements ClientMessage {
        public SignInRequest {
            Fields.requestId(requestId);
            if (!"click".equals(method) && !"face".equals(method)) {
                throw new IllegalArgumentException("method must be 'click' or 'face'");
            }
        }
    }

    /** {@code attendance.signin.ok}. */
    public record SignInResponse(String requestId, String method, Instant signedInAt, String result)
            implements ServerMessage {
    }

    /** {@code attendance.rollcall} (lecturers): a trainee answered the roll call, or did not. */
    public record RollCallRequest(String requestId, UserId userId, Boolean present) implements ClientMessage {
        public RollCallRequest {
            Fields.requestId(requestId);
            Fields.required(userId, "userId");
            Fields.required(present, "present");
        }
    }

    /** {@code attendance.rollcall.ok}. */
    public record RollCallResponse(String requestId) implements ServerMessage {
    }

    /** A leave request as the protocol shows it; {@code state} is pending, approved or rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeaveView(String leaveId, UserId userId, String displayName, int hours, String reason,
                            String forDate, String state, Instant requestedAt, UserId decidedBy, Instant decidedAt,
                            String note) {
    }

    /** {@code leave.request} (trainees): at most 4 class hours (Art. 7(5)). */
    public record RequestLeaveRequest(String requestId, Integer hours, String reason, String forDate)
            implements ClientMessage {
        public RequestLeaveRequest {
            Fields.requestId(requestId);
            Fields.required(hours, "hours");
            if (hours < 1) {
                throw new IllegalArgumentException("hours must be at least 1");
            }
            Fields.text(reason, "reason", 500);
            Fields.text(forDate, "forDate", 10);
            if (!forDate.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new IllegalArgumentException("forDate must look like 2026-12-01");
            }
        }
    }

    /** {@code leave.request.ok}. */
    public record RequestLeaveResponse(String requestId, LeaveView leave) implements ServerMessage {
    }

    /** {@code leave.decide} (lecturers). */
    public record DecideLeaveRequest(String requestId, String leaveId, Boolean approved, String note)
            implements ClientMessage {
        public DecideLeaveRequest {
            Fields.requestId(requestId);
            Fields.text(leaveId, "leaveId", 64);
            Fields.required(approved, "approved");
            if (note != null && note.length() > 500) {
                throw new IllegalArgumentException("note is longer than 500 characters");
            }
        }
    }

    /** {@code leave.decide.ok}. */
    public record DecideLeaveResponse(String requestId, LeaveView leave) implements ServerMessage {
    }

    /** {@code leave.list}: lecturers get the class's, trainees their own. */
    public record ListLeavesRequest(String requestId) implements ClientMessage {
        public ListLeavesRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code leave.list.ok}. */
    public record ListLeavesResponse(String requestId, List<LeaveView> leaves) implements ServerMessage {
    }

    /** {@code leave.changed}: to lecturers when a trainee asks, to the trainee when decided. */
    public record LeaveChangedEvent(LeaveView leave) implements ServerMessage {
    }
}
