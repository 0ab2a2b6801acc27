package org.wlcy.classroom.breakout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.wlcy.classroom.participant.UserId;

/** How the trainees present are split into groups; each method returns the members of each group. */
public final class GroupAssignment {
    private GroupAssignment() {
    }

    /** Shuffled, then dealt out one by one: group sizes differ by at most one. */
    public static List<List<UserId>> random(List<UserId> trainees, int groups, RandomGenerator random) {
        List<UserId> order = new ArrayList<>(trainees);
        Collections.shuffle(order, asRandom(random));
        return deal(order, groups, random.nextInt(groups));
    }

    /**
     * Sizes differ by at most one, and trainees of one institution (or whatever {@code kindOf}
     * says) are spread over the groups as evenly as they can be: the largest kinds are dealt first,
     * each continuing where the last one stopped. Order within a kind is random.
     */
    public static List<List<UserId>> balanced(List<UserId> trainees, Function<UserId, String> kindOf, int groups,
                                              RandomGenerator random) {
        List<UserId> shuffled = new ArrayList<>(trainees);
        Collections.shuffle(shuffled, asRandom(random));
        Map<String, List<UserId>> byKind = new LinkedHashMap<>();
        for (UserId u : shuffled) {
            byKind.computeIfAbsent(kindOf.apply(u), k -> new ArrayList<>()).add(u);
        }
        List<UserId> order = new ArrayList<>();
        byKind.values().stream().sorted(Comparator.comparingInt(List<UserId>::size).reversed())
                .forEach(order::addAll);
        return deal(order, groups, random.nextInt(groups));
    }

    /** As the lecturer said: user to 0-based group index; trainees not named stay in the main room. */
    public static List<List<UserId>> manual(Map<UserId, Integer> assignment, List<UserId> trainees, int groups) {
        List<List<UserId>> out = empty(groups);
        for (UserId u : trainees) { // in the order of presence, for stable member lists
            Integer index = assignment.get(u);
            if (index != null) {
                out.get(index).add(u);
            }
        }
        return out;
    }

    private static List<List<UserId>> deal(List<UserId> order, int groups, int offset) {
        List<List<UserId>> out = empty(groups);
        for (int i = 0; i < order.size(); i++) {
            out.get((offset + i) % groups).add(order.get(i));
        }
        return out;
    }

    private static List<List<UserId>> empty(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1");
        }
        List<List<UserId>> out = new ArrayList<>(groups);
        for (int i = 0; i < groups; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    private static java.util.Random asRandom(RandomGenerator random) {
        return random instanceof java.util.Random r ? r : new java.util.Random(random.nextLong());
    }
}
