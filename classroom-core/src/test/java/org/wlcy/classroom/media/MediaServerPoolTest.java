package org.wlcy.classroom.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.testing.FakeMediaServer;

/** Placing rooms on several media servers by load, and losing one of them. */
class MediaServerPoolTest {
    private final FakeMediaServer a = new FakeMediaServer();
    private final FakeMediaServer b = new FakeMediaServer();
    private final MediaServerPool pool = new MediaServerPool(List.of(a, b));
    private final List<String> events = new ArrayList<>();

    {
        pool.addListener(new MediaServerListener() {
            @Override
            public void onMediaServerLost(String reason) {
                events.add("pool lost");
            }

            @Override
            public void onMediaServerAvailable() {
                events.add("pool back");
            }
        });
    }

    private MediaRoom open(String name, List<String> lost) {
        return pool.openRoom(new RoomSpec(name, name, 10), reason -> lost.add(name + ": " + reason))
                .toCompletableFuture().join();
    }

    @Test
    void roomsGoToTheLeastLoadedServer_AndClosingOneFreesItsPlace() {
        List<String> lost = new ArrayList<>();
        MediaRoom r1 = open("c1", lost);
        open("c2", lost);
        open("c3", lost);
        assertThat(pool.roomsPerServer()).containsExactly(2, 1);

        r1.close();
        assertThat(pool.roomsPerServer()).containsExactly(1, 1);
        open("c4", lost);
        assertThat(pool.roomsPerServer()).containsExactly(2, 1);
        assertThat(a.openRooms()).hasSize(2);
        assertThat(b.openRooms()).hasSize(1);
    }

    @Test
    void aDeadServersRoomsAreReportedLost_TheOthersKeepTheirs_AndNewRoomsAvoidIt() {
        List<String> lost = new ArrayList<>();
        open("c1", lost);
        open("c2", lost);

        a.goDown("process died");

        assertThat(lost).containsExactly("c1: media server 1 lost: process died");
        assertThat(pool.isAvailable()).isTrue();
        assertThat(events).as("the pool as a whole is still up").isEmpty();
        open("c1-again", lost);
        assertThat(pool.roomsPerServer()).containsExactly(0, 2);
        assertThat(b.openRooms()).extracting(r -> r.spec().name()).containsExactly("c2", "c1-again");
    }

    @Test
    void thePoolIsLostOnlyWhenEveryServerIsDown_AndBackWithTheFirst() {
        List<String> lost = new ArrayList<>();
        open("c1", lost);
        open("c2", lost);

        a.goDown("x");
        b.goDown("y");

        assertThat(events).containsExactly("pool lost");
        assertThat(lost).as("the last server's rooms go with the pool, not one by one")
                .containsExactly("c1: media server 1 lost: x");
        assertThat(pool.openRoom(new RoomSpec("c3", "c3", 10), r -> { }).toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(MediaException.class);

        b.comeBack();
        a.comeBack();
        assertThat(events).containsExactly("pool lost", "pool back");
        open("c3", lost);
        assertThat(pool.roomsPerServer()).containsExactly(1, 0);
    }

    @Test
    void aRoomTheServerRefusedTakesNoPlace() {
        a.failNext(FakeMediaServer.Op.OPEN_ROOM, 500, "no");

        assertThat(pool.openRoom(new RoomSpec("c1", "c1", 10)).toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class);
        assertThat(pool.roomsPerServer()).containsExactly(0, 0);
    }
}
