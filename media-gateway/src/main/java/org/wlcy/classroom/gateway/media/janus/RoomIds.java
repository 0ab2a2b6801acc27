package org.wlcy.classroom.gateway.media.janus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives Janus's numeric room id from a room's stable name: the first 48 bits of its SHA-256,
 * so the id is positive, stable across restarts and exact in JavaScript numbers (below 2^53).
 */
public final class RoomIds {

    private RoomIds() {
    }

    /** The Janus videoroom id for {@code name}; never 0. */
    public static long of(String name) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        long id = 0;
        for (int i = 0; i < 6; i++) {
            id = (id << 8) | (hash[i] & 0xff);
        }
        return id == 0 ? 1 : id;
    }
}
