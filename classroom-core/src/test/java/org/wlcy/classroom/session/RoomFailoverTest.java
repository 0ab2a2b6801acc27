package org.wlcy.classroom.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.media.MediaServerPool;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.MediaMessages.MediaLostEvent;
import org.wlcy.classroom.protocol.MediaMessages.MediaRestoredEvent;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamUnpublishedEvent;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;

/**
 * A class on a pool of two media servers whose room's server dies: the class's media starts over on
 * the other server (pages are told media.lost, then media.restored, and publish again), while a
 * class on the surviving server is not disturbed.
 */
class RoomFailoverTest {
    private final Identities c1People = Identities.of("c1");
    private final Identities c2People = Identities.of("c2");
    private final FakeMediaServer a = new FakeMediaServer();
    private final FakeMediaServer b = new FakeMediaServer();
    private final MediaServerPool pool = new MediaServerPool(List.of(a, b));
    private final MutableClock clock = new MutableClock();

    private LiveClassroom classroom(String id) {
        return new LiveClassroom(Classroom.of(new ClassroomId(id), id), pool, clock, DirectExecutor.INSTANCE,
                IdGenerator.sequential(), ClassSessionListener.NONE);
    }

    private TestClient lecturerLive(LiveClassroom room, String user) {
        TestClient l = TestClient.of((room.id().value().equals("c1") ? c1People : c2People).lecturer(user));
        room.join(l.connection(), "j");
        l.channel().replyTo("j", JoinClassResponse.class);
        room.startSession(l.connection(), "s");
        l.channel().replyTo("s", StartSessionResponse.class);
        room.publish(l.connection(), "p", StreamKind.CAMERA, FakeMediaServer.browserOffer("p"));
        l.channel().replyTo("p", PublishResponse.class);
        return l;
    }

    @Test
    void theClassWhoseServerDiedStartsOverOnTheOther_AndTheOtherClassIsUndisturbed() {
        LiveClassroom one = classroom("c1");
        LiveClassroom two = classroom("c2");
        TestClient l1 = lecturerLive(one, "l01");
        TestClient l2 = lecturerLive(two, "l02");
        assertThat(pool.roomsPerServer()).containsExactly(1, 1);

        a.goDown("janus died");

        List<ServerMessage> told = l1.channel().messages();
        assertThat(told).filteredOn(m -> m instanceof MediaLostEvent || m instanceof MediaRestoredEvent)
                .extracting(m -> m.getClass().getSimpleName())
                .containsExactly("MediaLostEvent", "MediaRestoredEvent");
        assertThat(pool.roomsPerServer()).as("c1's room re-opened on the survivor").containsExactly(0, 2);
        assertThat(b.openRooms()).extracting(r -> r.spec().name()).hasSize(2);
        l1.channel().clear();
        one.publish(l1.connection(), "p2", StreamKind.CAMERA, FakeMediaServer.browserOffer("p2"));
        assertThat(l1.channel().replyTo("p2", PublishResponse.class)).isNotNull();
        assertThat(l2.channel().ofType(MediaLostEvent.class)).isEmpty();
        assertThat(l2.channel().ofType(StreamUnpublishedEvent.class)).isEmpty();
        assertThat(b.activePublishers()).hasSize(2);
    }

    @Test
    void aLossReportForARoomAlreadyReplacedIsIgnored() {
        LiveClassroom one = classroom("c1");
        TestClient l1 = lecturerLive(one, "l01");
        one.endSession(l1.connection(), "e");
        l1.channel().clear();

        a.goDown("janus died");

        assertThat(l1.channel().ofType(MediaLostEvent.class)).as("the lesson's room was closed already").isEmpty();
    }
}
