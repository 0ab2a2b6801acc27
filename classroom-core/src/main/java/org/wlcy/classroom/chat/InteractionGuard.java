package org.wlcy.classroom.chat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * The checks every piece of live interaction passes, in one place so chat, danmaku and likes
 * refuse alike: who may speak (304), mutes (212), per-user rates (106, with when to retry) and
 * the sensitive-word filter (213, naming the rule). Runs on the class's lane.
 */
public final class InteractionGuard {
    private final SensitiveWordFilter filter;
    private final InstantSource clock;

    public InteractionGuard(SensitiveWordFilter filter, InstantSource clock) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The class's mutes (created on first use). */
    public static MuteList mutes(LiveClassroom c) {
        return c.feature(MuteList.class, MuteList::new);
    }

    /** The caller, if a lecturer or trainee; regulators and admins watch and never write (304). */
    public Participant speaker(LiveClassroom c, ClientConnection conn, String what) {
        Participant who = c.participantOf(conn);
        if (!who.role().takesSeat()) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only lecturers and trainees " + what);
        }
        return who;
    }

    /** The caller, if a lecturer (304 otherwise). */
    public Participant lecturer(LiveClassroom c, ClientConnection conn, String what) {
        return c.lecturerOf(conn, what);
    }

    /** 212 for a muted trainee. */
    public void notMuted(LiveClassroom c, Participant who) {
        if (who.role() != Role.TRAINEE) {
            return;
        }
        mutes(c).muteOf(who.userId()).ifPresent(m -> {
            throw new ClassroomException(ErrorCode.MUTED, m.trainee() == null
                    ? "a lecturer muted the class (全员禁言); you can still send likes"
                    : "a lecturer muted you (禁言); you can still send likes");
        });
    }

    /** Takes one of a trainee's tokens, or 106 saying when to try again. Lecturers are not limited. */
    public void withinRate(RateLimiter<UserId> limiter, Participant who, String what) {
        if (who.role() != Role.TRAINEE) {
            return;
        }
        Duration wait = limiter.acquire(who.userId(), clock.instant());
        if (!wait.isZero()) {
            RateLimiter.Rate r = limiter.rate();
            throw new ClassroomException(ErrorCode.RATE_LIMITED, "too many " + what + " (at most " + r.perMinute()
                    + " a minute, " + r.burst() + " in a row); retry after " + seconds(wait) + " s");
        }
    }

    /** The text as the class may see it, or 213 naming the rule that refused it. */
    public SensitiveWordFilter.Outcome screen(String text) {
        SensitiveWordFilter.Outcome o = filter.apply(text);
        if (o.refused()) {
            throw new ClassroomException(ErrorCode.CONTENT_REFUSED, "the text was refused by the sensitive-word "
                    + "filter (rule: " + o.refusedByRule() + "); please rephrase it");
        }
        return o;
    }

    /** Seconds rounded up to a tenth: "2.4". */
    private static String seconds(Duration d) {
        long tenths = (d.toNanos() + 99_999_999) / 100_000_000;
        return String.format(Locale.ROOT, "%d.%d", tenths / 10, tenths % 10);
    }
}
