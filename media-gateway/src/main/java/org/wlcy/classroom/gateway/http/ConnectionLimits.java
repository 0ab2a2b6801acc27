package org.wlcy.classroom.gateway.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.ConcurrentHashMap;
import org.wlcy.classroom.participant.UserId;

/**
 * At most {@code ws.maxConnectionsPerUser} open WebSockets per user, counted from the accepted
 * upgrade to the socket's close. Thread-safe; shared by every connection.
 */
final class ConnectionLimits {
    private static final AttributeKey<UserId> COUNTED = AttributeKey.valueOf("classroom.counted-user");
    private final int maxPerUser;
    private final ConcurrentHashMap<UserId, Integer> open = new ConcurrentHashMap<>();

    ConnectionLimits(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /**
     * Counts {@code channel} as one of {@code user}'s sockets until it closes; false (and nothing
     * counted) if the user has the maximum open already. A channel is counted once.
     */
    boolean tryOpen(UserId user, Channel channel) {
        if (channel.attr(COUNTED).get() != null) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(user, (u, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerUser) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (admitted[0]) {
            channel.attr(COUNTED).set(user);
            channel.closeFuture().addListener(f -> release(user));
        }
        return admitted[0];
    }

    /** How many sockets {@code user} has open (for tests and logs). */
    int openFor(UserId user) {
        return open.getOrDefault(user, 0);
    }

    int maxPerUser() {
        return maxPerUser;
    }

    private void release(UserId user) {
        open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }
}
