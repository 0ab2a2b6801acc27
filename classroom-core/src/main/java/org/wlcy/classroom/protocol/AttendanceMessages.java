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

    /** Most class hours one leave request may name on the wire; the policy's limit (4, Art. 7(5)) is the leave book's. */
    public static final int MAX_LEAVE_HOURS = 24;

    /**
     * {@code leave.request} (trainees): {@code hours} a whole number 1-24 here, at most 4 by the
     * attendance rules (Art. 7(5)); {@code forDate} a real calendar day (the handler also keeps it
     * near today, in the class's zone).
     */
    public record RequestLeaveRequest(String requestId, Integer hours, String reason, String forDate)
            implements ClientMessage {
        public RequestLeaveRequest {
            Fields.requestId(requestId);
            Fields.wholeNumber(hours, "hours", 1, MAX_LEAVE_HOURS);
            Fields.text(reason, "reason", 500);
            Fields.text(forDate, "forDate", 10);
            date(forDate);
        }

        /** {@code forDate} as a date. */
        public java.time.LocalDate date() {
            return date(forDate);
        }

        private static java.time.LocalDate date(String forDate) {
            java.time.LocalDate d;
            try {
                d = forDate.matches("\\d{4}-\\d{2}-\\d{2}") ? java.time.LocalDate.parse(forDate) : null;
            } catch (java.time.format.DateTimeParseException e) {
                d = null;
            }
            if (d == null) {
                throw new IllegalArgumentException("forDate must be a calendar day like 2026-12-01");
            }
            if (!WireValues.inWindow(d)) {
                throw new IllegalArgumentException("forDate must be from " + WireValues.EARLIEST_DATE + " to "
                        + WireValues.LATEST_DATE);
            }
            return d;
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
            Fields.optionalText(note, "note", 500);
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
