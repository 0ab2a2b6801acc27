package org.wlcy.classroom.playback.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.playback.watch.WatchedIntervals.Span;

class WatchedIntervalsTest {
    @Test
    void overlappingAndTouchingSpansMergeAndOnlyNewSecondsCount() {
        WatchedIntervals w = new WatchedIntervals();
        assertThat(w.add(10, 20)).isCloseTo(10, within(1e-9));
        assertThat(w.add(0, 5)).isCloseTo(5, within(1e-9));
        assertThat(w.add(15, 25)).as("only 20..25 is new").isCloseTo(5, within(1e-9));
        assertThat(w.add(5, 10)).as("touching both neighbours").isCloseTo(5, within(1e-9));
        assertThat(w.spans()).containsExactly(new Span(0, 25));
        assertThat(w.add(3, 8)).isZero();
        assertThat(w.add(30, 40)).isCloseTo(10, within(1e-9));
        assertThat(w.spans()).containsExactly(new Span(0, 25), new Span(30, 40));
        assertThat(w.total()).isCloseTo(35, within(1e-9));
        assertThat(w.coveredWithin(35)).isCloseTo(30, within(1e-9));
    }

    @Test
    void aSpanCoveringSeveralSwallowsThem() {
        WatchedIntervals w = new WatchedIntervals(List.of(new Span(1, 2), new Span(4, 5), new Span(7, 8)));
        assertThat(w.add(0, 10)).isCloseTo(7, within(1e-9));
        assertThat(w.spans()).containsExactly(new Span(0, 10));
        assertThat(w.add(5, 5)).isZero();
    }
}
