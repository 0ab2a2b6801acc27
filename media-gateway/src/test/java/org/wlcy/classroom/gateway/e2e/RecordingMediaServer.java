package org.wlcy.classroom.gateway.e2e;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaRoom;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerListener;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.media.Subscriber;

/**
 * A test hook: passes everything to the real media server (Janus) and remembers each publisher it
 * hands out by its display label ({@code "<userId>/<kind>"}, as the classroom sets it), so a test
 * can act on the very Janus publishers a lesson created.
 */
final class RecordingMediaServer implements MediaServer {
    private final MediaServer real;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
    private final Map<Publisher, RoomSpec> roomOf = new ConcurrentHashMap<>();

    RecordingMediaServer(MediaServer real) {
        this.real = real;
    }

    /** The publisher published last under {@code display},. */
    Optional<Publisher> publisher(String display) {
        return Optional.ofNullable(publishers.get(display));
    }

    /** The spec of the room {@code publisher} was published in. */
    RoomSpec roomOf(Publisher publisher) {
        return roomOf.get(publisher);
    }

    @Override
    public CompletionStage<MediaRoom> openRoom(RoomSpec spec) {
        return real.openRoom(spec).thenApply(Room::new);
    }

    @Override
    public boolean isAvailable() {
        return real.isAvailable();
    }

    @Override
    public void addListener(MediaServerListener listener) {
        real.addListener(listener);
    }

    @Override
    public void close() {
        real.close();
    }

    private final class Room implements MediaRoom {
        private final MediaRoom room;

        Room(MediaRoom room) {
            this.room = room;
        }

        @Override
        public RoomSpec spec() {
            return room.spec();
        }

        @Override
        public CompletionStage<Publisher> publish(String display, String sdpOffer, MediaEvents events) {
            return room.publish(display, sdpOffer, events).thenApply(p -> {
                publishers.put(display, p);
                roomOf.put(p, room.spec());
                return p;
            });
        }

        @Override
        public CompletionStage<Subscriber> subscribe(FeedId feed, MediaEvents events) {
            return room.subscribe(feed, events);
        }

        @Override
        public void close() {
            room.close();
        }
    }
}
