package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.wlcy.classroom.chat.ChatAudience;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/** Class chat: messages to the class or to the lecturers, deletion and muting by lecturers. */
public final class ChatMessages {
    /** Longest chat message, in characters (code points). */
    public static final int MAX_TEXT = 500;

    private ChatMessages() {
    }

    /** Who sent a chat message. */
    public record ChatSender(UserId userId, String displayName, Role role) {
    }

    /**
     * One chat message as the protocol shows it. {@code text} is what the class sees: with the
     * sensitive-word filter in mask mode, matched characters are ＊ and {@code masked} is true.
     */
    public record ChatMessageView(String messageId, ChatSender from, ChatAudience to, String text, Instant sentAt,
                                  boolean masked) {
    }

    /** {@code chat.send} (lecturers and trainees): 1-500 characters to {@code class} or {@code lecturers}. */
    public record SendChatRequest(String requestId, String text, ChatAudience to) implements ClientMessage {
        public SendChatRequest {
            Fields.requestId(requestId);
            Fields.typedText(text, "text", MAX_TEXT, true);
            Fields.required(to, "to");
        }
    }

    /** {@code chat.send.ok}: the message as delivered. */
    public record SendChatResponse(String requestId, ChatMessageView message) implements ServerMessage {
    }

    /** {@code chat.message}: to everyone in the class, or to the lecturers and the sender. */
    public record ChatMessagePostedEvent(ChatMessageView message) implements ServerMessage {
    }

    /** {@code chat.delete} (lecturers). */
    public record DeleteChatMessageRequest(String requestId, String messageId) implements ClientMessage {
        public DeleteChatMessageRequest {
            Fields.requestId(requestId);
            Fields.text(messageId, "messageId", 64);
        }
    }

    /** {@code chat.delete.ok}. */
    public record DeleteChatMessageResponse(String requestId, String messageId) implements ServerMessage {
    }

    /** {@code chat.deleted}: to those who received the message. */
    public record ChatMessageDeletedEvent(String messageId, UserId by) implements ServerMessage {
    }

    /**
     * {@code chat.mute} (lecturers): mute or unmute one trainee, or everyone but the lecturers when
     * {@code userId} is absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MuteChatRequest(String requestId, UserId userId, Boolean muted) implements ClientMessage {
        public MuteChatRequest {
            Fields.requestId(requestId);
            Fields.required(muted, "muted");
        }
    }

    /** {@code chat.mute.ok}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MuteChatResponse(String requestId, UserId userId, boolean muted) implements ServerMessage {
    }

    /**
     * {@code chat.muted}: without {@code userId} (everyone) to the whole class; with one, to the
     * lecturers and that trainee. Also sent to a trainee who joins while muted.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChatMutedEvent(UserId userId, boolean muted, UserId by) implements ServerMessage {
    }

    /**
     * {@code chat.history}: sent to a participant right after {@code class.join.ok}, with the
     * lesson's most recent messages that the participant may see (oldest first; deleted ones left
     * out), so a late joiner or a reconnecting page can follow the conversation.
     */
    public record ChatHistoryEvent(java.util.List<ChatMessageView> messages) implements ServerMessage {
        public ChatHistoryEvent {
            messages = java.util.List.copyOf(messages);
        }
    }
}
