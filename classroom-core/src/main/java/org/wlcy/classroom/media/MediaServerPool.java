package org.wlcy.classroom.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Several media servers (Janus instances) behind the one port. A room is placed on the available
 * instance with the fewest open rooms (ties: the first listed). When an instance dies, each room
 * it held is reported lost to its owner ({@link MediaRoomListener}), who opens it again and gets
 * it placed on another instance; the pool as a whole is lost only when no instance is left, and
 * available again as soon as one is back. Thread-safe.
 */
public final class MediaServerPool implements MediaServer {
    private final List<Member> members;
    private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();
    private boolean wasAvailable;

    /** One instance and the rooms placed on it. */
    private final class Member implements MediaServerListener {
        final int index;
        final MediaServer server;
        final List<Placed> rooms = new ArrayList<>();

        Member(int index, MediaServer server) {
            this.index = index;
            this.server = server;
        }

        @Override
        public void onMediaServerLost(String reason) {
            List<Placed> lost;
            synchronized (MediaServerPool.this) {
                lost = List.copyOf(rooms);
                rooms.clear();
            }
            boolean anyLeft = isAvailable();
            for (Placed p : lost) {
                if (anyLeft && p.listener != null) {
                    p.listener.onRoomLost("media server " + (index + 1) + " lost: " + reason);
                }
            }
            fireIfChanged(reason);
        }

        @Override
        public void onMediaServerAvailable() {
            fireIfChanged(null);
        }
    }

    /** A room on a member, remembered until it closes or its member dies. */
    private record Placed(Member member, String room, MediaRoomListener listener) {
    }

    public MediaServerPool(List<? extends MediaServer> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one media server");
        }
        List<Member> ms = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            ms.add(new Member(i, Objects.requireNonNull(servers.get(i), "server")));
        }
        members = List.copyOf(ms);
        wasAvailable = isAvailable();
        members.forEach(m -> m.server.addListener(m));
    }

    @Override
    public CompletionStage<MediaRoom> openRoom(RoomSpec spec) {
        return openRoom(spec, null);
    }

    @Override
    public CompletionStage<MediaRoom> openRoom(RoomSpec spec, MediaRoomListener listener) {
        Member target;
        Placed placed;
        synchronized (this) {
            target = members.stream().filter(m -> m.server.isAvailable())
                    .min(Comparator.<Member>comparingInt(m -> m.rooms.size()).thenComparingInt(m -> m.index))
                    .orElse(null);
            if (target == null) {
                return CompletableFuture.failedFuture(MediaException.unavailable("no media server is available"));
            }
            placed = new Placed(target, spec.name(), listener);
            target.rooms.add(placed);
        }
        return target.server.openRoom(spec).handle((room, error) -> {
            if (error != null) {
                forget(placed);
                throw error instanceof java.util.concurrent.CompletionException ce ? ce
                        : new java.util.concurrent.CompletionException(error);
            }
            return (MediaRoom) new PooledRoom(room, placed);
        });
    }

    private synchronized void forget(Placed placed) {
        placed.member.rooms.remove(placed);
    }

    /** How many rooms each instance holds now, in the configured order (for operators and tests). */
    public synchronized List<Integer> roomsPerServer() {
        return members.stream().map(m -> m.rooms.size()).toList();
    }

    /** Which instance (0-based, configured order) holds each open room, by room name. */
    public synchronized java.util.Map<String, Integer> placements() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        members.forEach(m -> m.rooms.forEach(p -> out.put(p.room(), m.index)));
        return out;
    }

    /** The instances, in the configured order. */
    public List<MediaServer> servers() {
        return members.stream().map(m -> m.server).toList();
    }

    @Override
    public boolean isAvailable() {
        return members.stream().anyMatch(m -> m.server.isAvailable());
    }

    @Override
    public void addListener(MediaServerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void fireIfChanged(String reason) {
        boolean now = isAvailable();
        boolean changed;
        synchronized (this) {
            changed = now != wasAvailable;
            wasAvailable = now;
        }
        if (!changed) {
            return;
        }
        for (MediaServerListener l : listeners) {
            if (now) {
                l.onMediaServerAvailable();
            } else {
                l.onMediaServerLost(reason == null ? "every media server is down" : reason);
            }
        }
    }

    @Override
    public void close() {
        members.forEach(m -> m.server.close());
    }

    /** A member's room that leaves the member's count when closed. */
    private final class PooledRoom implements MediaRoom {
        private final MediaRoom room;
        private final Placed placed;

        PooledRoom(MediaRoom room, Placed placed) {
            this.room = room;
            this.placed = placed;
        }

        @Override
        public RoomSpec spec() {
            return room.spec();
        }

        @Override
        public CompletionStage<Publisher> publish(String display, String sdpOffer, MediaEvents events) {
            return room.publish(display, sdpOffer, events);
        }

        @Override
        public CompletionStage<Subscriber> subscribe(FeedId feed, MediaEvents events) {
            return room.subscribe(feed, events);
        }

        @Override
        public void close() {
            forget(placed);
            room.close();
        }
    }
}
