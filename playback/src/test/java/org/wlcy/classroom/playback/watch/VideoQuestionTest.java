package org.wlcy.classroom.playback.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VideoQuestionTest {
    @Test
    void aRightAnswerNamesExactlyTheRightOptionsInAnyOrder() {
        VideoQuestion q = new VideoQuestion("q1", 4, "哪些需要办理？", List.of("营业执照", "税务登记", "出国签证"),
                List.of(1, 0), 30);
        assertThat(q.correct()).containsExactly(0, 1);
        assertThat(q.multiple()).isTrue();
        assertThat(q.isRight(List.of(1, 0))).isTrue();
        assertThat(q.isRight(List.of(0))).isFalse();
        assertThat(q.isRight(List.of(0, 1, 2))).isFalse();
        assertThat(q.isRight(List.of())).isFalse();
        assertThat(q.isRight(null)).isFalse();
    }

    @Test
    void badQuestionsAreRefused() {
        List<String> two = List.of("对", "错");
        assertThatThrownBy(() -> new VideoQuestion("q", -1, "p", two, List.of(0), 30)).hasMessageContaining("atS");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, " ", two, List.of(0), 30)).hasMessageContaining("prompt");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, "p", List.of("对"), List.of(0), 30))
                .hasMessageContaining("options");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, "p", two, List.of(2), 30)).hasMessageContaining("correct");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, "p", two, List.of(0, 0), 30)).hasMessageContaining("correct");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, "p", two, List.of(), 30)).hasMessageContaining("correct");
        assertThatThrownBy(() -> new VideoQuestion("q", 1, "p", two, List.of(0), 4)).hasMessageContaining("limitSeconds");
        assertThatThrownBy(() -> HeartbeatEvent.fromWire("jump")).hasMessageContaining("tick");
        assertThatThrownBy(() -> new Heartbeat(1, -2, null, 1, true, true, HeartbeatEvent.TICK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WatchRules(90, false, 90, 5, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
