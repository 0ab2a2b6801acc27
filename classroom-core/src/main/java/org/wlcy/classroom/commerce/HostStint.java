package org.wlcy.classroom.commerce;

import java.time.Instant;
import org.wlcy.classroom.participant.UserId;

/**
 * One trainee's turn as host (a practice session, 直播实训): from being handed the role until the
 * role moves on or the room closes. Its figures go to the trace under the host's user id.
 */
public final class HostStint {
    private final UserId host;
    private final String hostName;
    private final Instant startedAt;
    private final long likesAtStart;
    private final SalesFigures figures = new SalesFigures();

    HostStint(UserId host, String hostName, Instant startedAt, long likesAtStart) {
        this.host = host;
        this.hostName = hostName;
        this.startedAt = startedAt;
        this.likesAtStart = likesAtStart;
    }

    public UserId host() {
        return host;
    }

    public String hostName() {
        return hostName;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Likes given in the lesson since this stint began, from the lesson's total now. */
    public long likesSince(long lessonLikesNow) {
        return Math.max(0, lessonLikesNow - likesAtStart);
    }

    public SalesFigures figures() {
        return figures;
    }
}
