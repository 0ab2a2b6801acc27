package org.wlcy.classroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.FilterMode;
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
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class ChatServiceTest {
    private InteractionFixture f;
    private TestClient lecturer;
    private TestClient coLecturer;
    private TestClient trainee;
    private TestClient other;
    private TestClient regulator;

    @BeforeEach
    void setUp() {
        f = new InteractionFixture(FilterMode.MASK);
        lecturer = f.join(f.people.lecturer("l01"));
        coLecturer = f.join(f.people.lecturer("l02"));
        trainee = f.join(f.people.person("t01", Role.TRAINEE, "王芳"));
        other = f.join(f.people.trainee("t02"));
        regulator = f.join(f.people.regulator("r01"));
    }

    private ChatMessageView chat(TestClient who, String text, ChatAudience to) {
        return f.ok(who, rid -> new SendChatRequest(rid, text, to), SendChatResponse.class).message();
    }

    private ErrorCode chatRefused(TestClient who, String text) {
        return f.refused(who, rid -> new SendChatRequest(rid, text, ChatAudience.CLASS));
    }

    private static List<ChatMessageView> received(TestClient who) {
        return who.channel().ofType(ChatMessagePostedEvent.class).stream().map(ChatMessagePostedEvent::message).toList();
    }

    @Nested
    class Sending {
        @Test
        void aMessageToTheClassReachesEveryoneAndIsTraced() {
            ChatMessageView m = chat(trainee, "老师好，请问第三章的作业什么时候交？", ChatAudience.CLASS);

            assertThat(m.from()).isEqualTo(new ChatSender(new UserId("t01"), "王芳", Role.TRAINEE));
            assertThat(m.text()).isEqualTo("老师好，请问第三章的作业什么时候交？");
            assertThat(m.sentAt()).isEqualTo(f.clock.instant());
            assertThat(m.masked()).isFalse();
            for (TestClient c : List.of(lecturer, coLecturer, trainee, other, regulator)) {
                assertThat(received(c)).as(c.toString()).containsExactly(m);
            }
            TraceEvent e = f.trace.of(TraceKind.CHAT_MESSAGE).get(0);
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.sessionId()).as("no lesson live yet").isNull();
            assertThat(e.eventId()).startsWith("srv/");
            assertThat(e.recordedAt()).isEqualTo(m.sentAt());
            assertThat(e.data()).containsEntry("messageId", m.messageId()).containsEntry("to", "class")
                    .containsEntry("text", m.text()).containsEntry("name", "王芳").containsEntry("length", 18L)
                    .containsEntry("masked", false);
        }

        @Test
        void aPrivateQuestionReachesOnlyTheLecturersAndTheSender() {
            ChatMessageView m = chat(trainee, "老师，我能私下问个问题吗", ChatAudience.LECTURERS);

            assertThat(received(lecturer)).containsExactly(m);
            assertThat(received(coLecturer)).containsExactly(m);
            assertThat(received(trainee)).containsExactly(m);
            assertThat(received(other)).isEmpty();
            assertThat(received(regulator)).isEmpty();
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE).get(0).data()).containsEntry("to", "lecturers");
        }

        @Test
        void lecturersChatToo_AndDuringALessonTheTraceNamesIt() {
            String lesson = f.startLesson(lecturer);
            ChatMessageView m = chat(lecturer, "大家好，我们开始上课", ChatAudience.CLASS);

            assertThat(m.from().role()).isEqualTo(Role.LECTURER);
            assertThat(received(other)).containsExactly(m);
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE).get(0).sessionId()).isEqualTo(lesson);
        }

        @Test
        void regulatorsAndAdminsMayNotSend() {
            TestClient admin = f.join(f.people.admin("a01"));

            assertThat(chatRefused(regulator, "hi")).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(chatRefused(admin, "hi")).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE)).isEmpty();
        }

        @Test
        void theMessageIsDeliveredOnlyOnceItIsDurable() {
            f.trace.holding = true;
            String rid = f.send(trainee, r -> new SendChatRequest(r, "在吗", ChatAudience.CLASS));

            assertThat(received(other)).isEmpty();
            assertThat(trainee.channel().messages()).noneMatch(m -> m instanceof SendChatResponse);
            f.trace.release();
            assertThat(trainee.channel().replyTo(rid, SendChatResponse.class)).isNotNull();
            assertThat(received(other)).hasSize(1);
        }

        @Test
        void aMessageThatCannotBeRecordedIsNotDelivered() {
            f.trace.failing = true;

            assertThat(chatRefused(trainee, "在吗")).isEqualTo(ErrorCode.INTERNAL);
            assertThat(received(other)).isEmpty();
        }
    }

    @Nested
    class Filtering {
        @Test
        void maskModeMasksAndTheTraceKeepsOnlyWhatWasShown() {
            ChatMessageView m = chat(trainee, "加我微 信聊", ChatAudience.CLASS);

            assertThat(m.text()).isEqualTo("加我＊＊＊聊");
            assertThat(m.masked()).isTrue();
            assertThat(received(other)).containsExactly(m);
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE).get(0).data()).containsEntry("text", "加我＊＊＊聊")
                    .containsEntry("masked", true).containsEntry("length", 6L);
        }

        @Test
        void refuseModeRefusesNamingTheRuleNotTheWord() {
            f = new InteractionFixture(FilterMode.REFUSE);
            TestClient t = f.join(f.people.trainee("t09"));
            TestClient watcher = f.join(f.people.trainee("t10"));

            var error = f.error(t, rid -> new SendChatRequest(rid, "转到安全 账户", ChatAudience.CLASS));

            assertThat(error.code()).isEqualTo(213);
            assertThat(error.message()).contains("rule: scam").doesNotContain("安全账户");
            assertThat(received(watcher)).isEmpty();
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE)).isEmpty();
        }

        @Test
        void lecturersAreFilteredToo() {
            assertThat(chat(lecturer, "不要叫同学 SB", ChatAudience.CLASS).text()).isEqualTo("不要叫同学 ＊＊");
        }
    }

    @Nested
    class RateLimits {
        @Test
        void fiveInARowThenOneEveryThreeSeconds() {
            for (int i = 0; i < 5; i++) {
                chat(trainee, "消息" + i, ChatAudience.CLASS);
            }
            var error = f.error(trainee, rid -> new SendChatRequest(rid, "再来一条", ChatAudience.CLASS));

            assertThat(error.code()).isEqualTo(106);
            assertThat(error.message()).contains("20 a minute").contains("retry after 3.0 s");
            f.clock.advance(Duration.ofMillis(2_900));
            assertThat(f.error(trainee, rid -> new SendChatRequest(rid, "还不行", ChatAudience.CLASS)).message())
                    .contains("retry after 0.1 s");
            f.clock.advance(Duration.ofMillis(100));
            chat(trainee, "现在可以了", ChatAudience.CLASS);
            assertThat(received(other)).hasSize(6);
        }

        @Test
        void eachTraineeHasTheirOwnRateAndLecturersHaveNone() {
            for (int i = 0; i < 5; i++) {
                chat(trainee, "消息" + i, ChatAudience.CLASS);
            }
            assertThat(chatRefused(trainee, "x")).isEqualTo(ErrorCode.RATE_LIMITED);
            chat(other, "我还可以", ChatAudience.CLASS);
            for (int i = 0; i < 30; i++) {
                chat(lecturer, "讲解" + i, ChatAudience.CLASS);
            }
        }

        @Test
        void theRateIsConfigurable() {
            f = new InteractionFixture(FilterMode.MASK, new InteractionPolicy(new RateLimiter.Rate(60, 2),
                    new RateLimiter.Rate(30, 5), Duration.ofMillis(500)));
            TestClient t = f.join(f.people.trainee("t09"));
            chat(t, "1", ChatAudience.CLASS);
            chat(t, "2", ChatAudience.CLASS);

            assertThat(f.error(t, rid -> new SendChatRequest(rid, "3", ChatAudience.CLASS)).message())
                    .contains("60 a minute, 2 in a row").contains("retry after 1.0 s");
        }
    }

    @Nested
    class Muting {
        private MuteChatResponse mute(TestClient by, String user, boolean muted) {
            return f.ok(by, rid -> new MuteChatRequest(rid, user == null ? null : new UserId(user), muted),
                    MuteChatResponse.class);
        }

        @Test
        void aMutedTraineeMayNotChatAndIsTold() {
            MuteChatResponse ok = mute(lecturer, "t01", true);
            assertThat(ok.userId()).isEqualTo(new UserId("t01"));
            assertThat(ok.muted()).isTrue();

            ChatMutedEvent told = new ChatMutedEvent(new UserId("t01"), true, new UserId("l01"));
            assertThat(trainee.channel().ofType(ChatMutedEvent.class)).containsExactly(told);
            assertThat(coLecturer.channel().ofType(ChatMutedEvent.class)).containsExactly(told);
            assertThat(other.channel().ofType(ChatMutedEvent.class)).as("not the other trainees' business").isEmpty();
            var error = f.error(trainee, rid -> new SendChatRequest(rid, "为什么", ChatAudience.LECTURERS));
            assertThat(error.code()).isEqualTo(212);
            assertThat(error.error()).isEqualTo("MUTED");
            chat(other, "我可以", ChatAudience.CLASS);

            mute(lecturer, "t01", false);
            chat(trainee, "谢谢老师", ChatAudience.CLASS);
        }

        @Test
        void muteEveryoneButLecturers() {
            mute(lecturer, null, true);

            for (TestClient c : List.of(lecturer, coLecturer, trainee, other, regulator)) {
                assertThat(c.channel().ofType(ChatMutedEvent.class)).as(c.toString())
                        .containsExactly(new ChatMutedEvent(null, true, new UserId("l01")));
            }
            assertThat(chatRefused(trainee, "x")).isEqualTo(ErrorCode.MUTED);
            assertThat(chatRefused(other, "x")).isEqualTo(ErrorCode.MUTED);
            chat(coLecturer, "全员禁言中", ChatAudience.CLASS);

            mute(lecturer, "t02", false); // one trainee may answer
            chat(other, "我来回答", ChatAudience.CLASS);
            assertThat(chatRefused(trainee, "x")).isEqualTo(ErrorCode.MUTED);

            mute(lecturer, null, false);
            chat(trainee, "终于可以说话了", ChatAudience.CLASS);
        }

        @Test
        void aTraineeWhoJoinsWhileMutedIsToldAtOnce() {
            mute(lecturer, null, true);
            TestClient late = f.join(f.people.trainee("t03"));

            assertThat(late.channel().ofType(ChatMutedEvent.class))
                    .containsExactly(new ChatMutedEvent(null, true, new UserId("l01")));
            TestClient lateLecturer = f.join(f.people.lecturer("l01"));
            assertThat(lateLecturer.channel().ofType(ChatMutedEvent.class)).isEmpty();
        }

        @Test
        void onlyLecturersMuteAndOnlyTraineesAreMuted() {
            assertThat(f.refused(trainee, rid -> new MuteChatRequest(rid, new UserId("t02"), true)))
                    .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(f.refused(regulator, rid -> new MuteChatRequest(rid, null, true)))
                    .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(f.refused(lecturer, rid -> new MuteChatRequest(rid, new UserId("l02"), true)))
                    .isEqualTo(ErrorCode.INVALID_FIELD);
        }
    }

    @Nested
    class Deleting {
        @Test
        void aLecturerDeletesAClassMessageForEveryone() {
            ChatMessageView m = chat(trainee, "发错了", ChatAudience.CLASS);

            DeleteChatMessageResponse ok = f.ok(lecturer, rid -> new DeleteChatMessageRequest(rid, m.messageId()),
                    DeleteChatMessageResponse.class);

            assertThat(ok.messageId()).isEqualTo(m.messageId());
            ChatMessageDeletedEvent deleted = new ChatMessageDeletedEvent(m.messageId(), new UserId("l01"));
            for (TestClient c : List.of(lecturer, coLecturer, trainee, other, regulator)) {
                assertThat(c.channel().ofType(ChatMessageDeletedEvent.class)).as(c.toString()).containsExactly(deleted);
            }
            assertThat(f.trace.of(TraceKind.CHAT_MESSAGE)).as("the trace is append-only").hasSize(1);
        }

        @Test
        void aDeletedPrivateQuestionIsAnnouncedOnlyToThoseWhoHadIt() {
            ChatMessageView m = chat(trainee, "私下的问题", ChatAudience.LECTURERS);

            f.ok(coLecturer, rid -> new DeleteChatMessageRequest(rid, m.messageId()), DeleteChatMessageResponse.class);

            assertThat(trainee.channel().ofType(ChatMessageDeletedEvent.class)).hasSize(1);
            assertThat(lecturer.channel().ofType(ChatMessageDeletedEvent.class)).hasSize(1);
            assertThat(other.channel().ofType(ChatMessageDeletedEvent.class)).isEmpty();
            assertThat(regulator.channel().ofType(ChatMessageDeletedEvent.class)).isEmpty();
        }

        @Test
        void unknownOrDeletedMessagesAndOtherRolesAreRefused() {
            ChatMessageView m = chat(trainee, "一条消息", ChatAudience.CLASS);

            assertThat(f.refused(trainee, rid -> new DeleteChatMessageRequest(rid, m.messageId())))
                    .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(f.refused(regulator, rid -> new DeleteChatMessageRequest(rid, m.messageId())))
                    .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
            assertThat(f.refused(lecturer, rid -> new DeleteChatMessageRequest(rid, "m-404")))
                    .isEqualTo(ErrorCode.INVALID_FIELD);
            f.ok(lecturer, rid -> new DeleteChatMessageRequest(rid, m.messageId()), DeleteChatMessageResponse.class);
            assertThat(f.refused(lecturer, rid -> new DeleteChatMessageRequest(rid, m.messageId())))
                    .isEqualTo(ErrorCode.INVALID_FIELD);
        }
    }

    @Nested
    class History {
        private List<ChatMessageView> historyOf(TestClient who) {
            List<ChatHistoryEvent> events = who.channel().ofType(ChatHistoryEvent.class);
            assertThat(events).as("one history right after joining").hasSize(1);
            return events.get(0).messages();
        }

        @Test
        void aLateJoinerGetsTheMessagesItMaySee_InOrder_WithoutDeletedOnes() {
            ChatMessageView first = chat(trainee, "第一条", ChatAudience.CLASS);
            ChatMessageView privateOne = chat(trainee, "私下的问题", ChatAudience.LECTURERS);
            ChatMessageView deleted = chat(other, "发错了", ChatAudience.CLASS);
            ChatMessageView last = chat(lecturer, "大家好", ChatAudience.CLASS);
            f.ok(lecturer, rid -> new DeleteChatMessageRequest(rid, deleted.messageId()),
                    DeleteChatMessageResponse.class);

            TestClient lateTrainee = f.join(f.people.trainee("t03"));
            TestClient lateLecturer = f.join(f.people.lecturer("l02")); // a second tab of the co-lecturer

            assertThat(historyOf(lateTrainee)).containsExactly(first, last);
            assertThat(historyOf(lateLecturer)).containsExactly(first, privateOne, last);
            assertThat(received(lateTrainee)).as("history is not replayed as new messages").isEmpty();
        }

        @Test
        void theSenderOfAPrivateQuestionSeesItAgainAfterRejoining() {
            ChatMessageView privateOne = chat(trainee, "私下的问题", ChatAudience.LECTURERS);

            TestClient again = f.join(f.people.person("t01", Role.TRAINEE, "王芳"));

            assertThat(historyOf(again)).containsExactly(privateOne);
        }

        @Test
        void onlyTheLatestHundredAreSent_AndANewLessonStartsEmpty() {
            List<String> texts = new java.util.ArrayList<>();
            for (int i = 0; i < ChatService.HISTORY + 5; i++) {
                f.clock.advance(java.time.Duration.ofSeconds(1));
                texts.add(chat(lecturer, "第" + i + "条", ChatAudience.CLASS).text());
            }
            assertThat(historyOf(f.join(f.people.trainee("t03")))).extracting(ChatMessageView::text)
                    .containsExactlyElementsOf(texts.subList(5, texts.size()));

            f.startLesson(lecturer);

            assertThat(historyOf(f.join(f.people.trainee("t04")))).isEmpty();
        }
    }
}
