package org.wlcy.classroom.chat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;

/**
 * Who lecturers muted in one class: everyone (全员禁言) and/or single trainees, each with the
 * lecturer who did it. Muting everyone and then unmuting one trainee lets that trainee speak;
 * unmuting everyone keeps the single mutes (they were decided one by one). Only trainees are ever
 * muted. Per class, on its lane (not thread-safe); it lasts while the class is open on this server.
 */
public final class MuteList {
    private UserId everyoneBy;
    private final Map<UserId, UserId> muted = new HashMap<>();
    /** Trainees unmuted one by one while everyone is muted. */
    private final Set<UserId> excepted = new HashSet<>();

    /** Why a trainee may not speak now: one's own mute, or everyone's; empty if they may. */
    public Optional<Mute> muteOf(UserId trainee) {
        UserId by = muted.get(trainee);
        if (by != null) {
            return Optional.of(new Mute(trainee, by));
        }
        if (everyoneBy != null && !excepted.contains(trainee)) {
            return Optional.of(new Mute(null, everyoneBy));
        }
        return Optional.empty();
    }

    /** A mute in force: of one trainee, or of everyone ({@code trainee} null), and who set it. */
    public record Mute(UserId trainee, UserId by) {
    }

    /** Whether a lecturer muted or unmuted this trainee by name (and it still holds). */
    public boolean names(UserId trainee) {
        return muted.containsKey(trainee) || excepted.contains(trainee);
    }

    /** Mutes or unmutes everyone but lecturers. */
    public void setEveryone(boolean mute, UserId by) {
        everyoneBy = mute ? by : null;
        excepted.clear();
    }

    /** Mutes or unmutes one trainee. */
    public void set(UserId trainee, boolean mute, UserId by) {
        if (mute) {
            muted.put(trainee, by);
            excepted.remove(trainee);
        } else {
            muted.remove(trainee);
            if (everyoneBy != null) {
                excepted.add(trainee);
            }
        }
    }
}
