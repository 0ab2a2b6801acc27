package org.wlcy.classroom.like;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.InteractionFixture;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.protocol.LikeMessages.LikesUpdatedEvent;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeRequest;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeResponse;
import org.wlcy.classroom.testing.TestClient;

class LikeServiceTest {
    private InteractionFixture f;
    private TestClient lecturer;
    private final List<TestClient> trainees = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new InteractionFixture(FilterMode.MASK);
        lecturer = f.join(f.people.lecturer("l01"));
        for (int i = 1; i <= 30; i++) {
            trainees.add(f.join(f.people.trainee(String.format("t%02d", i))));
        }
    }

    private void like(TestClient who, int count) {
        f.ok(who, rid -> new SendLikeRequest(rid, count), SendLikeResponse.class);
    }

    private static List<LikesUpdatedEvent> updates(TestClient who) {
        return who.channel().ofType(LikesUpdatedEvent.class);
    }

    @Test
    void thirtyTraineesClickingThirtyTimesInAWindowMakeOneUpdatePerWindowPerPerson() {
        f.startLesson(lecturer);
        for (int tick = 0; tick < 30; tick++) { // 30 rounds of 30 clicks within 435 ms
            for (TestClient t : trainees) {
                like(t, 1);
            }
            f.scheduler.advance(Duration.ofMillis(15));
        }
        // The first click of a quiet class is shown at once; the other 899 wait for the window's end.
        assertThat(updates(lecturer)).containsExactly(new LikesUpdatedEvent(1, 1));

        f.scheduler.advance(Duration.ofMillis(65)); // 500 ms after the first click

        for (TestClient c : concat(lecturer, trainees)) {
            assertThat(updates(c)).as(c.toString())
                    .containsExactly(new LikesUpdatedEvent(1, 1), new LikesUpdatedEvent(900, 900));
        }
        f.scheduler.advance(Duration.ofSeconds(5));
        assertThat(updates(lecturer)).as("no likes, no more updates").hasSize(2);
    }

    @Test
    void steadyClickingGivesAtMostOneUpdatePerWindow() {
        f.startLesson(lecturer);
        for (int ms = 0; ms < 3_000; ms += 10) { // 3 s: every 10 ms, one trainee after another clicks
            like(trainees.get((ms / 10) % trainees.size()), 1);
            f.scheduler.advance(Duration.ofMillis(10));
        }
        f.scheduler.advance(Duration.ofMillis(500));

        List<LikesUpdatedEvent> seen = updates(trainees.get(0));
        assertThat(seen).hasSize(7); // at 0, 500, ..., 3000 ms: 300 clicks, 7 messages
        assertThat(seen).extracting(LikesUpdatedEvent::total).isSorted().last().isEqualTo(300L);
        assertThat(seen.get(3).lastSecond()).as("100 a second, at 100 ms resolution").isBetween(90L, 100L);
    }

    @Test
    void eachLessonCountsFromZeroAndLateComersSeeTheCount() {
        f.startLesson(lecturer);
        like(trainees.get(0), 10);
        TestClient late = f.join(f.people.lecturer("l02"));
        assertThat(updates(late)).containsExactly(new LikesUpdatedEvent(10, 10));

        f.endLesson(lecturer);
        f.startLesson(lecturer);
        like(trainees.get(0), 3);
        assertThat(updates(lecturer)).last().isEqualTo(new LikesUpdatedEvent(3, 3));
    }

    @Test
    void aLessonThatEndsInTheWindowSendsNothingMore() {
        f.startLesson(lecturer);
        like(trainees.get(0), 5);
        like(trainees.get(1), 2);
        f.endLesson(lecturer);
        f.scheduler.advance(Duration.ofSeconds(1));

        assertThat(updates(lecturer)).containsExactly(new LikesUpdatedEvent(5, 5));
    }

    @Test
    void refusedWithoutALessonAndForRegulators() {
        TestClient regulator = f.join(f.people.regulator("r01"));

        assertThat(f.refused(trainees.get(0), rid -> new SendLikeRequest(rid, 1))).isEqualTo(ErrorCode.NO_LIVE_SESSION);
        f.startLesson(lecturer);
        assertThat(f.refused(regulator, rid -> new SendLikeRequest(rid, 1))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(f.scheduler.pending()).isZero();
    }

    private static List<TestClient> concat(TestClient first, List<TestClient> rest) {
        List<TestClient> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
