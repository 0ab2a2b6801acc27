package org.wlcy.classroom.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ChatMessages.ChatHistoryEvent;
import org.wlcy.classroom.protocol.ChatMessages.ChatMessageDeletedEvent;
import org.wlcy.classroom.protocol.ChatMessages.ChatMessagePostedEvent;
import org.wlcy.classroom.protocol.ChatMessages.ChatMessageView;
import org.wlcy.classroom.protocol.ChatMessages.ChatMutedEvent;
import org.wlcy.classroom.protocol.ChatMessages.ChatSender;
import org.wlcy.classroom.protocol.ChatMessages.DeleteChatMessageRequest;
import org.wlcy.classroom.protocol.ChatMessages.DeleteChatMessageResponse;
import org.wlcy.classroom.protocol.ChatMessages.MuteChatRequest;
import org.wlcy.classroom.protocol.ChatMessages.MuteChatResponse;
import org.wlcy.classroom.protocol.ChatMessages.SendChatRequest;
import org.wlcy.classroom.protocol.ChatMessages.SendChatResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Class chat (Art. 25, online interaction): messages to the class or privately to the lecturers,
 * screened by the sensitive-word filter and the per-trainee rate; deletion and muting by
 * lecturers. Every message is written to the learning trace ({@code chat.sent}, with the text as
 * shown) and delivered only once that is durable. Handlers run on the class's lane.
 */
public final class ChatService implements ClassSessionListener {
    /** Recent messages a class keeps so that lecturers can delete them. */
    static final int DELETABLE = 1000;
    /** How many of the lesson's latest messages a joining participant is sent ({@code chat.history}). */
    static final int HISTORY = 100;
    private final ServerTrace trace;
    private final IdGenerator ids;
    private final InteractionPolicy policy;
    private final InteractionGuard guard;
    private Classrooms classrooms;

    public ChatService(ServerTrace trace, IdGenerator ids, InteractionPolicy policy, InteractionGuard guard) {
        this.trace = trace;
        this.ids = ids;
        this.policy = policy;
        this.guard = guard;
    }

    /** Adds the chat handlers; {@code classrooms} finds a class for listener events. */
    public void register(MessageRouter router, Classrooms classrooms) {
        this.classrooms = classrooms;
        router.on(SendChatRequest.class, this::send);
        router.on(DeleteChatMessageRequest.class, this::delete);
        router.on(MuteChatRequest.class, this::mute);
    }

    /** One class's chat: the trainees' rate and the messages lecturers may still delete. */
    private static final class ClassChat {
        final RateLimiter<UserId> limits;
        final Map<String, ChatMessageView> deletable = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ChatMessageView> eldest) {
                return size() > DELETABLE;
            }
        };

        ClassChat(InteractionPolicy policy) {
            limits = new RateLimiter<>(policy.chat());
        }
    }

    private ClassChat of(LiveClassroom c) {
        return c.feature(ClassChat.class, () -> new ClassChat(policy));
    }

    // ------------------------------------------------------------------ requests

    private void send(LiveClassroom c, ClientConnection conn, SendChatRequest m) {
        Participant who = guard.speaker(c, conn, "send chat messages");
        guard.notMuted(c, who);
        ClassChat chat = of(c);
        guard.withinRate(chat.limits, who, "chat messages");
        SensitiveWordFilter.Outcome screened = guard.screen(m.text());
        String messageId = ids.next("m-");
        trace.append(c, who.userId(), TraceKind.CHAT_MESSAGE, Map.of("messageId", messageId,
                "name", who.displayName(), "to", m.to().wire(), "text", screened.text(),
                "length", m.text().codePointCount(0, m.text().length()), "masked", screened.masked()))
                .whenCompleteAsync((stored, error) -> {
                    if (error != null) {
                        // The store logs its own failures; the page keeps the text and may send it again.
                        conn.channel().send(ErrorResponse.of(m.requestId(), ErrorCode.INTERNAL,
                                "your message could not be recorded; send it again"));
                        return;
                    }
                    ChatMessageView view = new ChatMessageView(messageId,
                            new ChatSender(who.userId(), who.displayName(), who.role()), m.to(), screened.text(),
                            stored.get(0).recordedAt(), screened.masked());
                    chat.deletable.put(messageId, view);
                    conn.channel().send(new SendChatResponse(m.requestId(), view));
                    c.sendTo(p -> view.to().reaches(p, who.userId()), new ChatMessagePostedEvent(view));
                }, c.lane());
    }

    private void delete(LiveClassroom c, ClientConnection conn, DeleteChatMessageRequest m) {
        Participant lecturer = guard.lecturer(c, conn, "delete chat messages");
        ChatMessageView gone = of(c).deletable.remove(m.messageId());
        if (gone == null) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "no chat message " + m.messageId()
                    + " to delete (unknown, deleted already, or one of more than " + DELETABLE + " since)");
        }
        conn.channel().send(new DeleteChatMessageResponse(m.requestId(), m.messageId()));
        c.sendTo(p -> gone.to().reaches(p, gone.from().userId()),
                new ChatMessageDeletedEvent(m.messageId(), lecturer.userId()));
    }

    private void mute(LiveClassroom c, ClientConnection conn, MuteChatRequest m) {
        Participant lecturer = guard.lecturer(c, conn, "mute");
        MuteList mutes = InteractionGuard.mutes(c);
        UserId target = m.userId();
        if (target == null) {
            mutes.setEveryone(m.muted(), lecturer.userId());
            conn.channel().send(new MuteChatResponse(m.requestId(), null, m.muted()));
            c.sendTo(p -> true, new ChatMutedEvent(null, m.muted(), lecturer.userId()));
            return;
        }
        boolean notTrainee = c.participants().stream()
                .anyMatch(p -> p.userId().equals(target) && p.role() != Role.TRAINEE);
        if (notTrainee) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "only trainees are muted; " + target + " is not one");
        }
        // A trainee present (or whose page is reconnecting), or one a lecturer muted or unmuted by
        // name before (so a mute can be lifted after they left): anyone else is nobody of this class.
        boolean present = c.participants().stream().anyMatch(p -> p.userId().equals(target));
        if (!present && !mutes.names(target)) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "userId: no trainee " + target + " in this class now");
        }
        mutes.set(target, m.muted(), lecturer.userId());
        conn.channel().send(new MuteChatResponse(m.requestId(), target, m.muted()));
        c.sendTo(p -> p.role() == Role.LECTURER || p.userId().equals(target),
                new ChatMutedEvent(target, m.muted(), lecturer.userId()));
    }

    // ------------------------------------------------------------------ class events (on the lane)

    /**
     * A joining participant gets the lesson's recent messages it may see ({@code chat.history}); a
     * trainee who joins while muted is told so at once.
     */
    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        if (classrooms == null) {
            return;
        }
        classrooms.find(classroom).ifPresent(c -> {
            sendHistory(c, p);
            if (p.role() == Role.TRAINEE) {
                InteractionGuard.mutes(c).muteOf(p.userId()).ifPresent(mute ->
                        c.sendToUser(p.userId(), new ChatMutedEvent(mute.trainee(), true, mute.by())));
            }
        });
    }

    private void sendHistory(LiveClassroom c, Participant p) {
        List<ChatMessageView> visible = of(c).deletable.values().stream()
                .filter(v -> v.to().reaches(p, v.from().userId()))
                .toList();
        List<ChatMessageView> recent = visible.subList(Math.max(0, visible.size() - HISTORY), visible.size());
        c.sendTo(q -> q.participantId().equals(p.participantId()), new ChatHistoryEvent(recent));
    }

    /** A resumed page gets the history again: it may have missed messages the server thought it got. */
    @Override
    public void onParticipantResumed(ClassroomId classroom, Participant p, java.time.Instant since) {
        if (classrooms != null) {
            classrooms.find(classroom).ifPresent(c -> sendHistory(c, p));
        }
    }

    /** A new lesson starts with an empty history (messages stay in the trace). */
    @Override
    public void onSessionStarted(ClassSession session) {
        if (classrooms != null) {
            classrooms.find(session.classroomId()).ifPresent(c -> of(c).deletable.clear());
        }
    }
}
