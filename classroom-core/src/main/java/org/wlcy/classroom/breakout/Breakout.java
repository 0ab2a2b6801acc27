package org.wlcy.classroom.breakout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutView;
import org.wlcy.classroom.protocol.BreakoutMessages.GroupNotes;
import org.wlcy.classroom.protocol.BreakoutMessages.GroupView;

/**
 * One running breakout of a class: its groups, who is in which since when, who visits, the notes,
 * and its end. Lives on the class's lane; {@link BreakoutService} changes it.
 */
public final class Breakout {
    private final String id;
    private final Instant startedAt;
    private Instant endsAt;
    private final Map<GroupId, Group> groups = new LinkedHashMap<>();
    private final Map<UserId, Membership> members = new LinkedHashMap<>();
    private final Map<UserId, GroupId> visitors = new LinkedHashMap<>();
    /** Bumped when the end moves, so that a timer set for an older end does nothing. */
    long timerGeneration;
    Scheduler.Cancellable warning;
    Scheduler.Cancellable recall;

    /** One group. */
    static final class Group {
        final GroupId id;
        final String name;
        String notes = "";

        Group(GroupId id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /** A trainee's place in a group since {@code since}. */
    record Membership(GroupId group, Instant since) {
    }

    Breakout(String id, Instant startedAt, Instant endsAt) {
        this.id = id;
        this.startedAt = startedAt;
        this.endsAt = endsAt;
    }

    public String id() {
        return id;
    }

    public Instant endsAt() {
        return endsAt;
    }

    void endsAt(Instant when) {
        endsAt = when;
    }

    void addGroup(GroupId group, String name) {
        groups.put(group, new Group(group, name));
    }

    Optional<Group> group(GroupId group) {
        return Optional.ofNullable(group == null ? null : groups.get(group));
    }

    List<GroupId> groupIds() {
        return List.copyOf(groups.keySet());
    }

    /** The group a trainee is in, if any. */
    public Optional<GroupId> groupOf(UserId user) {
        return Optional.ofNullable(members.get(user)).map(Membership::group);
    }

    Membership membership(UserId user) {
        return members.get(user);
    }

    /** Puts a trainee into a group (or, {@code null}, the main room); returns the membership that ended. */
    Membership place(UserId user, GroupId group, Instant now) {
        Membership old = members.remove(user); // and put back last: newcomers are listed last
        if (group != null) {
            members.put(user, new Membership(group, now));
        }
        return old;
    }

    Map<UserId, Membership> memberships() {
        return Map.copyOf(members);
    }

    void visit(UserId lecturer, GroupId group) {
        if (group == null) {
            visitors.remove(lecturer);
        } else {
            visitors.put(lecturer, group);
        }
    }

    void cancelTimers() {
        timerGeneration++;
        if (warning != null) {
            warning.cancel();
        }
        if (recall != null) {
            recall.cancel();
        }
        warning = null;
        recall = null;
    }

    /** As the protocol shows it. */
    public BreakoutView view() {
        List<GroupView> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.add(new GroupView(g.id, g.name, usersIn(members, g.id), visitorsOf(g.id), g.notes));
        }
        return new BreakoutView(id, List.copyOf(out), startedAt, endsAt);
    }

    /** Each group's notes, for the end. */
    List<GroupNotes> notes() {
        return groups.values().stream().map(g -> new GroupNotes(g.id, g.name, g.notes)).toList();
    }

    private List<UserId> visitorsOf(GroupId group) {
        return visitors.entrySet().stream().filter(e -> e.getValue().equals(group)).map(Map.Entry::getKey).toList();
    }

    private static List<UserId> usersIn(Map<UserId, Membership> members, GroupId group) {
        return members.entrySet().stream().filter(e -> e.getValue().group().equals(group)).map(Map.Entry::getKey)
                .toList();
    }
}
