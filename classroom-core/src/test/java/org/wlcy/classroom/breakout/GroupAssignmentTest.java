package org.wlcy.classroom.breakout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wlcy.classroom.participant.UserId;

class GroupAssignmentTest {

    private static List<UserId> trainees(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new UserId(String.format("t%02d", i))).toList();
    }

    private static void assertEveryoneOnceAndSizesWithinOne(List<List<UserId>> split, List<UserId> trainees,
                                                           int groups) {
        assertThat(split).hasSize(groups);
        assertThat(split.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(trainees);
        int min = split.stream().mapToInt(List::size).min().orElseThrow();
        int max = split.stream().mapToInt(List::size).max().orElseThrow();
        assertThat(max - min).as("group sizes differ by at most one: " + split).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"30,2", "30,7", "25,10", "5,2", "3,4", "0,3", "13,3"})
    void randomPutsEveryoneInOneGroupWithSizesWithinOne(int n, int groups) {
        for (long seed = 0; seed < 20; seed++) {
            assertEveryoneOnceAndSizesWithinOne(GroupAssignment.random(trainees(n), groups, new Random(seed)),
                    trainees(n), groups);
        }
    }

    @Test
    void randomSplitsDifferFromDrawToDraw() {
        Set<List<List<UserId>>> seen = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            seen.add(GroupAssignment.random(trainees(12), 3, new Random(seed)));
        }
        assertThat(seen).as("ten draws of 12 trainees into 3 groups are not all alike").hasSizeGreaterThan(5);
    }

    @ParameterizedTest
    @CsvSource({"30,2", "30,7", "25,10", "5,2", "3,4", "13,3"})
    void balancedHasSizesWithinOne(int n, int groups) {
        for (long seed = 0; seed < 20; seed++) {
            assertEveryoneOnceAndSizesWithinOne(GroupAssignment.balanced(trainees(n), u -> "inst-" + (u.hashCode() % 3),
                    groups, new Random(seed)), trainees(n), groups);
        }
    }

    @Test
    void balancedSpreadsEachInstitutionOverTheGroups() {
        // 6 from institution A, 3 from B, 3 from C into 3 groups: every group gets 2 of A, 1 of B, 1 of C.
        List<UserId> people = trainees(12);
        Map<UserId, String> inst = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            inst.put(people.get(i), i < 6 ? "A" : i < 9 ? "B" : "C");
        }
        for (long seed = 0; seed < 20; seed++) {
            List<List<UserId>> split = GroupAssignment.balanced(people, inst::get, 3, new Random(seed));
            for (List<UserId> group : split) {
                assertThat(group.stream().map(inst::get).toList()).as("group " + group)
                        .containsExactlyInAnyOrder("A", "A", "B", "C");
            }
        }
    }

    @Test
    void manualFollowsTheAssignmentAndLeavesTheRestInTheMainRoom() {
        List<UserId> people = trainees(5);
        List<List<UserId>> split = GroupAssignment.manual(Map.of(people.get(0), 1, people.get(1), 0,
                people.get(2), 1), people, 3);

        assertThat(split).containsExactly(List.of(people.get(1)), List.of(people.get(0), people.get(2)), List.of());
    }
}
