package org.wlcy.classroom.danmaku;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.InteractionFixture;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ChatMessages.MuteChatRequest;
import org.wlcy.classroom.protocol.ChatMessages.MuteChatResponse;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuShownEvent;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuToggledEvent;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuView;
import org.wlcy.classroom.protocol.DanmakuMessages.ListDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.ListDanmakuResponse;
import org.wlcy.classroom.protocol.DanmakuMessages.SendDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.SendDanmakuResponse;
import org.wlcy.classroom.protocol.DanmakuMessages.ToggleDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.ToggleDanmakuResponse;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class DanmakuServiceTest {
    private InteractionFixture f;
    private TestClient lecturer;
    private TestClient trainee;
    private TestClient other;
    private TestClient regulator;

    @BeforeEach
    void setUp() {
        f = new InteractionFixture(FilterMode.MASK);
        lecturer = f.join(f.people.lecturer("l01"));
        trainee = f.join(f.people.person("t01", Role.TRAINEE, "王芳"));
        other = f.join(f.people.trainee("t02"));
        regulator = f.join(f.people.regulator("r01"));
    }

    private DanmakuView danmaku(TestClient who, String text, String color) {
        return f.ok(who, rid -> new SendDanmakuRequest(rid, text, color), SendDanmakuResponse.class).danmaku();
    }

    private ErrorCode refused(TestClient who, String text) {
        return f.refused(who, rid -> new SendDanmakuRequest(rid, text, null));
    }

    private List<DanmakuView> list(TestClient who, String sessionId) {
        return f.ok(who, rid -> new ListDanmakuRequest(rid, sessionId), ListDanmakuResponse.class).items();
    }

    @Test
    void onlyDuringALiveLesson() {
        assertThat(refused(trainee, "来了")).isEqualTo(ErrorCode.NO_LIVE_SESSION);
        f.startLesson(lecturer);
        danmaku(trainee, "来了", null);
        f.endLesson(lecturer);
        assertThat(refused(trainee, "下课了")).isEqualTo(ErrorCode.NO_LIVE_SESSION);
    }

    @Test
    void shownToEveryoneAtItsTimeInTheLessonAndTraced() {
        String lesson = f.startLesson(lecturer);
        f.clock.advance(Duration.ofMillis(12_345));

        DanmakuView d = danmaku(trainee, "讲得好！", "#FF8800");

        assertThat(d.userId()).isEqualTo(new UserId("t01"));
        assertThat(d.displayName()).isEqualTo("王芳");
        assertThat(d.color()).isEqualTo("#ff8800");
        assertThat(d.mediaTimeMs()).isEqualTo(12_345);
        assertThat(d.sentAt()).isEqualTo(f.clock.instant());
        for (TestClient c : List.of(lecturer, trainee, other, regulator)) {
            assertThat(c.channel().ofType(DanmakuShownEvent.class)).as(c.toString())
                    .containsExactly(new DanmakuShownEvent(d));
        }
        TraceEvent e = f.trace.of(TraceKind.DANMAKU).get(0);
        assertThat(e.sessionId()).isEqualTo(lesson);
        assertThat(e.data()).containsEntry("danmakuId", d.danmakuId()).containsEntry("text", "讲得好！")
                .containsEntry("color", "#ff8800").containsEntry("mediaTimeMs", 12_345L).containsEntry("masked", false);
        assertThat(danmaku(lecturer, "谢谢", null).color()).isEqualTo(DanmakuService.DEFAULT_COLOR);
    }

    @Test
    void lecturersSwitchItOffAndOn() {
        f.startLesson(lecturer);

        assertThat(f.ok(lecturer, rid -> new ToggleDanmakuRequest(rid, false), ToggleDanmakuResponse.class)
                .enabled()).isFalse();

        DanmakuToggledEvent off = new DanmakuToggledEvent(false, new UserId("l01"));
        for (TestClient c : List.of(lecturer, trainee, other, regulator)) {
            assertThat(c.channel().ofType(DanmakuToggledEvent.class)).as(c.toString()).containsExactly(off);
        }
        var error = f.error(trainee, rid -> new SendDanmakuRequest(rid, "还能发吗", null));
        assertThat(error.code()).isEqualTo(214);
        assertThat(error.error()).isEqualTo("DANMAKU_OFF");
        assertThat(refused(lecturer, "我也不能")).isEqualTo(ErrorCode.DANMAKU_OFF);
        TestClient late = f.join(f.people.trainee("t03"));
        assertThat(late.channel().ofType(DanmakuToggledEvent.class)).containsExactly(off);

        f.ok(lecturer, rid -> new ToggleDanmakuRequest(rid, true), ToggleDanmakuResponse.class);
        danmaku(trainee, "又可以了", null);
        assertThat(f.refused(trainee, rid -> new ToggleDanmakuRequest(rid, false))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(f.refused(regulator, rid -> new ToggleDanmakuRequest(rid, false)))
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
    }

    @Test
    void regulatorsWatchButDoNotSend() {
        f.startLesson(lecturer);

        assertThat(refused(regulator, "hi")).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
    }

    @Test
    void mutedTraineesSendNoDanmaku() {
        f.startLesson(lecturer);
        f.ok(lecturer, rid -> new MuteChatRequest(rid, new UserId("t01"), true), MuteChatResponse.class);

        assertThat(refused(trainee, "我被禁言了")).isEqualTo(ErrorCode.MUTED);
        danmaku(other, "我没有", null);
    }

    @Test
    void fiveInARowThenOneEveryTwoSeconds() {
        f.startLesson(lecturer);
        for (int i = 0; i < 5; i++) {
            danmaku(trainee, "666", null);
        }
        var error = f.error(trainee, rid -> new SendDanmakuRequest(rid, "666", null));

        assertThat(error.code()).isEqualTo(106);
        assertThat(error.message()).contains("30 a minute").contains("retry after 2.0 s");
        f.clock.advance(Duration.ofSeconds(2));
        danmaku(trainee, "666", null);
    }

    @Test
    void theFilterAppliesAsForChat() {
        f.startLesson(lecturer);

        DanmakuView d = danmaku(trainee, "加微 信", null);
        assertThat(d.text()).isEqualTo("加＊＊＊");
        assertThat(d.masked()).isTrue();

        f = new InteractionFixture(FilterMode.REFUSE);
        TestClient l = f.join(f.people.lecturer("l01"));
        TestClient t = f.join(f.people.trainee("t01"));
        f.startLesson(l);
        assertThat(f.error(t, rid -> new SendDanmakuRequest(rid, "s b", null)).message()).contains("rule: insult");
        assertThat(f.trace.of(TraceKind.DANMAKU)).isEmpty();
    }

    @Test
    void aLessonsDanmakuAreListedInMediaTimeForTheReplay() {
        String first = f.startLesson(lecturer);
        f.clock.advance(Duration.ofSeconds(30));
        DanmakuView a = danmaku(trainee, "第一条", null);
        f.clock.advance(Duration.ofSeconds(10));
        DanmakuView b = danmaku(other, "第二条", null);

        assertThat(list(regulator, null)).containsExactly(a, b);
        f.endLesson(lecturer);
        String second = f.startLesson(lecturer);
        DanmakuView c = danmaku(trainee, "下一节课", null);

        assertThat(list(trainee, first)).containsExactly(a, b);
        assertThat(list(trainee, null)).containsExactly(c);
        assertThat(list(trainee, second)).containsExactly(c);
        assertThat(list(trainee, "cs-unknown")).isEmpty();
        f.endLesson(lecturer);
        assertThat(f.refused(trainee, rid -> new ListDanmakuRequest(rid, null))).isEqualTo(ErrorCode.NO_LIVE_SESSION);
    }
}
