package org.wlcy.classroom.playback.vodinteraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommentThreadsTest {
    @Test
    void repliesJoinTheirThreadAndDeletionsHideThem() {
        Instant at = Instant.parse("2026-03-01T08:00:00Z");
        VideoComment a = new VideoComment("c1", null, "t01", "王芳", "trainee", "第一", at, false);
        VideoComment b = new VideoComment("c2", "c1", "l01", "李老师", "lecturer", "回复", at, false);
        VideoComment c = new VideoComment("c3", "c2", "t02", "张伟", "trainee", "回复的回复", at, false);
        VideoComment d = new VideoComment("c4", null, "t02", "张伟", "trainee", "第二", at, false);
        List<CommentThreads.Thread> threads = CommentThreads.of(List.of(a, b, c, d), Set.of());
        assertThat(threads).extracting(th -> th.comment().id()).containsExactly("c4", "c1");
        assertThat(threads.get(1).replies()).extracting(VideoComment::id).containsExactly("c2", "c3");
        assertThat(CommentThreads.of(List.of(a, b, c, d), Set.of("c1"))).extracting(th -> th.comment().id())
                .containsExactly("c4");
        assertThat(CommentThreads.of(List.of(a, b, c, d), Set.of("c2")).get(1).replies())
                .extracting(VideoComment::id).containsExactly("c3");
    }
}
