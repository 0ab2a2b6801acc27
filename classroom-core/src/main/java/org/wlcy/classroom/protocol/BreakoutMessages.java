package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.participant.UserId;

/**
 * Breakout groups (分组讨论, Art. 25): lecturers split the trainees present into groups, each with
 * its own media room, visit them, move people, broadcast to all groups, and recall everyone.
 */
public final class BreakoutMessages {
    /** At most this many characters of a group's notes. */
    public static final int MAX_NOTES = 5000;

    private BreakoutMessages() {
    }

    /** One group: its members (trainees), the lecturers visiting it, and its notes so far. */
    public record GroupView(GroupId groupId, String name, List<UserId> members, List<UserId> visitors, String notes) {
    }

    /** A running breakout. */
    public record BreakoutView(String breakoutId, List<GroupView> groups, Instant startedAt, Instant endsAt) {
    }

    /**
     * {@code breakout.start} (lecturers, during a lesson): {@code groups} 2-10; {@code mode}
     * {@code random} (shuffled, sizes differ by at most one), {@code balanced} (sizes differ by at
     * most one and trainees of one institution are spread over the groups) or {@code manual}
     * ({@code assignment}: userId to 0-based group index; trainees left out stay in the main
     * room); {@code minutes} 1-120; {@code names} optional, one per group.
     */
    public record StartBreakoutRequest(String requestId, Integer groups, String mode,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Integer> assignment,
                                       Integer minutes,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> names)
            implements ClientMessage {
        public StartBreakoutRequest {
            Fields.requestId(requestId);
            Fields.required(groups, "groups");
            if (groups < 2 || groups > 10) {
                throw new IllegalArgumentException("groups must be 2-10");
            }
            if (!"random".equals(mode) && !"balanced".equals(mode) && !"manual".equals(mode)) {
                throw new IllegalArgumentException("mode must be 'random', 'balanced' or 'manual'");
            }
            minutes(minutes);
            if ("manual".equals(mode)) {
                Fields.required(assignment, "assignment");
                assignment.forEach((user, index) -> {
                    if (user == null || user.isBlank() || user.length() > 128) {
                        throw new IllegalArgumentException("assignment keys must be user ids");
                    }
                    if (index == null || index < 0 || index >= groups) {
                        throw new IllegalArgumentException("assignment." + user + " must be a group index 0-"
                                + (groups - 1));
                    }
                });
                assignment = Map.copyOf(assignment);
            } else if (assignment != null) {
                throw new IllegalArgumentException("assignment is only for mode 'manual'");
            }
            if (names != null) {
                if (names.size() != groups) {
                    throw new IllegalArgumentException("names must have one name per group");
                }
                names.forEach(n -> Fields.text(n, "names[]", 40));
                names = List.copyOf(names);
            }
        }

        static int minutes(Integer minutes) {
            Fields.required(minutes, "minutes");
            if (minutes < 1 || minutes > 120) {
                throw new IllegalArgumentException("minutes must be 1-120");
            }
            return minutes;
        }
    }

    /** {@code breakout.start.ok}. */
    public record StartBreakoutResponse(String requestId, BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.started}, to everyone. */
    public record BreakoutStartedEvent(BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.updated}, to everyone: groups, visitors or the end time changed. */
    public record BreakoutUpdatedEvent(BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.extend} (lecturers): {@code minutes} 1-120 more. */
    public record ExtendBreakoutRequest(String requestId, Integer minutes) implements ClientMessage {
        public ExtendBreakoutRequest {
            Fields.requestId(requestId);
            StartBreakoutRequest.minutes(minutes);
        }
    }

    /** {@code breakout.extend.ok}. */
    public record ExtendBreakoutResponse(String requestId, BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.ending}, to everyone, a minute before the groups are recalled. */
    public record BreakoutEndingEvent(String breakoutId, int secondsLeft) implements ServerMessage {
    }

    /** {@code breakout.broadcast} (lecturers): a message to every group. */
    public record BroadcastRequest(String requestId, String text) implements ClientMessage {
        public BroadcastRequest {
            Fields.requestId(requestId);
            Fields.text(text, "text", 500);
        }
    }

    /** {@code breakout.broadcast.ok}. */
    public record BroadcastResponse(String requestId) implements ServerMessage {
    }

    /** {@code breakout.broadcast}, to everyone. */
    public record BroadcastEvent(String text, UserId from, String displayName) implements ServerMessage {
    }

    /** {@code breakout.visit} (lecturers): join one group's room besides the main room; null leaves it. */
    public record VisitGroupRequest(String requestId, GroupId groupId) implements ClientMessage {
        public VisitGroupRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code breakout.visit.ok}. */
    public record VisitGroupResponse(String requestId, BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.move} (lecturers): a trainee into another group, or (null) the main room. */
    public record MoveToGroupRequest(String requestId, UserId userId, GroupId groupId) implements ClientMessage {
        public MoveToGroupRequest {
            Fields.requestId(requestId);
            Fields.required(userId, "userId");
        }
    }

    /** {@code breakout.move.ok}. */
    public record MoveToGroupResponse(String requestId, BreakoutView breakout) implements ServerMessage {
    }

    /** {@code breakout.notes} (the group's members and lecturers): replaces the group's notes. */
    public record SaveNotesRequest(String requestId, GroupId groupId, String text) implements ClientMessage {
        public SaveNotesRequest {
            Fields.requestId(requestId);
            Fields.required(groupId, "groupId");
            Fields.required(text, "text");
            Fields.optionalText(text, "text", MAX_NOTES);
        }
    }

    /** {@code breakout.notes.ok}. */
    public record SaveNotesResponse(String requestId) implements ServerMessage {
    }

    /** {@code breakout.notes}, to the group's members and the lecturers. */
    public record NotesSavedEvent(String breakoutId, GroupId groupId, String text, UserId by, Instant at)
            implements ServerMessage {
    }

    /** {@code breakout.recall} (lecturers): everyone back to the main room. */
    public record RecallBreakoutRequest(String requestId) implements ClientMessage {
        public RecallBreakoutRequest {
            Fields.requestId(requestId);
        }
    }

    /** {@code breakout.recall.ok}. */
    public record RecallBreakoutResponse(String requestId, String breakoutId) implements ServerMessage {
    }

    /** One group's notes at the end. */
    public record GroupNotes(GroupId groupId, String name, String text) {
    }

    /**
     * {@code breakout.ended}, to everyone: {@code reason} {@code recalled} (by {@code endedBy}),
     * {@code time-up} or {@code lesson-ended}.
     */
    public record BreakoutEndedEvent(String breakoutId, List<GroupNotes> notes, String reason, UserId endedBy)
            implements ServerMessage {
    }
}
