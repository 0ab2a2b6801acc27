package org.wlcy.classroom.media;

import java.util.Objects;

/**
 * What a room needs: a stable name (used to derive the media server's own room id), a
 * human-readable description, and how many publishers it allows.
 *
 * @param name         stable unique name, e.g. {@code "class-demo/session-1"}
 * @param description  shown in media-server admin tools only
 * @param maxPublishers upper bound of simultaneous published streams
 */
public record RoomSpec(String name, String description, int maxPublishers) {
    public RoomSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (maxPublishers < 1) {
            throw new IllegalArgumentException("maxPublishers must be >= 1");
        }
    }
}
