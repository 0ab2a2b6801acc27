package org.wlcy.classroom.playback.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.playback.catalog.FileVideoCatalog;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.MediaMessages.PublishRequest;
import org.wlcy.classroom.protocol.MediaMessages.PublishResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.RecordingMessages.RecordingStateEvent;
import org.wlcy.classroom.protocol.RecordingMessages.StartRecordingRequest;
import org.wlcy.classroom.protocol.RecordingMessages.StartRecordingResponse;
import org.wlcy.classroom.protocol.RecordingMessages.StopRecordingRequest;
import org.wlcy.classroom.protocol.RecordingMessages.StopRecordingResponse;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionResponse;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.testing.DirectExecutor;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.FakeMediaServer.FakePublisher;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.RecordingTraceLog;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** {@link RecordingService} over the router, with the fake media server and a file catalogue. */
class RecordingServiceTest {
    private static final ClassroomId CLASS_ID = new ClassroomId("demo-class");
    private final Identities people = Identities.of(CLASS_ID);
    private final FakeMediaServer media = new FakeMediaServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingTraceLog trace = new RecordingTraceLog();
    private final List<VideoId> submitted = new CopyOnWriteArrayList<>();
    private final List<Throwable> laneErrors = new ArrayList<>();
    @TempDir
    Path data;
    private FileVideoCatalog catalog;
    private MessageRouter router;
    private RecordingService recording;

    private void setUp(boolean alwaysRecord) {
        catalog = FileVideoCatalog.open(data.resolve("videos"));
        IdGenerator ids = IdGenerator.sequential();
        recording = new RecordingService(catalog, trace, clock, ids, DirectExecutor.INSTANCE, alwaysRecord)
                .onStopped(submitted::add);
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(false).add(Classroom.of(CLASS_ID,
                "示范班")), media, clock, DirectExecutor.INSTANCE, ids, ClassSessionListener.all(List.of(recording)),
                (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        recording.register(router, classrooms);
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(laneErrors).isEmpty();
    }

    private TestClient join(String user, boolean lecturer) {
        TestClient c = TestClient.of(lecturer ? people.lecturer(user) : people.trainee(user));
        request(c, new JoinClassRequest(c.nextRequestId(), CLASS_ID), JoinClassResponse.class);
        return c;
    }

    private ServerMessage send(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId());
    }

    private <T extends ServerMessage> T request(TestClient c, ClientMessage m, Class<T> type) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId(), type);
    }

    private FakePublisher publish(TestClient c, StreamKind kind) {
        request(c, new PublishRequest(c.nextRequestId(), kind, FakeMediaServer.browserOffer(kind.wire())),
                PublishResponse.class);
        return media.lastPublisher();
    }

    private Video video(String id) {
        return catalog.find(new VideoId(id)).orElseThrow();
    }

    @Test
    void aLecturerRecordsLecturerStreamsOnlyAndStoppingQueuesTheReplay() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        TestClient trainee = join("t01", false);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        FakePublisher camera = publish(lecturer, StreamKind.CAMERA);
        FakePublisher proctor = publish(trainee, StreamKind.PROCTOR);

        StartRecordingResponse started = request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()),
                StartRecordingResponse.class);

        Video v = video(started.videoId());
        assertThat(v.kind()).isEqualTo(VideoKind.REPLAY);
        assertThat(v.state()).isEqualTo(VideoState.RECORDING);
        assertThat(v.originAt()).isEqualTo(clock.instant()).isEqualTo(started.since());
        assertThat(v.title()).startsWith("示范班 2026-11-29 16:00");
        assertThat(v.createdBy()).isEqualTo("l01");
        assertThat(v.sessionId()).startsWith("cs-");
        Path source = catalog.folder(v.id()).resolve("source");
        assertThat(source).isDirectory();
        assertThat(camera.recording()).isNotNull();
        assertThat(camera.recording().getParent()).isEqualTo(source);
        assertThat(camera.recording().getFileName().toString()).isEqualTo("camera-001-l01");
        assertThat(proctor.recordings()).as("trainees' proctoring cameras are never recorded").isEmpty();
        RecordingStateEvent told = trainee.channel().last(RecordingStateEvent.class);
        assertThat(told).isEqualTo(new RecordingStateEvent(true, started.videoId(), started.since(),
                people.lecturer("l01").userId()));

        clock.advance(Duration.ofSeconds(95));
        StopRecordingResponse stopped = request(lecturer, new StopRecordingRequest(lecturer.nextRequestId()),
                StopRecordingResponse.class);

        assertThat(stopped.videoId()).isEqualTo(started.videoId());
        assertThat(camera.recording()).isNull();
        assertThat(submitted).containsExactly(v.id());
        assertThat(trainee.channel().last(RecordingStateEvent.class).recording()).isFalse();
        List<TraceEvent> events = trace.ofKind(TraceKind.RECORDING_STOPPED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.userId().value()).isEqualTo("l01");
            assertThat(e.data()).containsEntry("videoId", v.id().value()).containsEntry("by", "l01")
                    .containsEntry("seconds", 95L);
            assertThat(e.sessionId()).isEqualTo(v.sessionId());
        });
        assertThat(trace.ofKind(TraceKind.RECORDING_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("videoId", v.id().value()));
    }

    @Test
    void aStreamTheMediaServerWillNotRecordIsReportedToTheLecturers() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        TestClient trainee = join("t01", false);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        publish(lecturer, StreamKind.CAMERA);
        media.failNext(FakeMediaServer.Op.RECORD, 500, "cannot open file");

        request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()), StartRecordingResponse.class);

        assertThat(lecturer.channel().ofType(org.wlcy.classroom.protocol.ErrorResponse.class))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo(232);
                    assertThat(e.message()).contains("camera").contains("shared again");
                });
        assertThat(trainee.channel().ofType(org.wlcy.classroom.protocol.ErrorResponse.class))
                .as("trainees need not know").isEmpty();
    }

    @Test
    void withoutAJobQueueAStoppedRecordingIsQueued() {
        setUp(false);
        recording.onStopped(null);
        TestClient lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        StartRecordingResponse started = request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()),
                StartRecordingResponse.class);
        request(lecturer, new StopRecordingRequest(lecturer.nextRequestId()), StopRecordingResponse.class);

        assertThat(video(started.videoId()).state()).isEqualTo(VideoState.QUEUED);
    }

    @Test
    void traineesMayNotRecord() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        TestClient trainee = join("t01", false);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);

        send(trainee, new StartRecordingRequest("r1"));
        assertThat(trainee.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        send(trainee, new StopRecordingRequest("r2"));
        assertThat(trainee.channel().errorCodeFor("r2")).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void recordingNeedsALiveLessonAndRunsOnceAtATime() {
        setUp(false);
        TestClient lecturer = join("l01", true);

        send(lecturer, new StartRecordingRequest("r1"));
        assertThat(lecturer.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.NO_LIVE_SESSION);
        send(lecturer, new StopRecordingRequest("r2"));
        assertThat(lecturer.channel().errorCodeFor("r2")).isEqualTo(ErrorCode.NOT_RECORDING);

        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        request(lecturer, new StartRecordingRequest("r3"), StartRecordingResponse.class);
        send(lecturer, new StartRecordingRequest("r4"));
        assertThat(lecturer.channel().errorCodeFor("r4")).isEqualTo(ErrorCode.RECORDING_RUNNING);
        assertThat(catalog.all()).hasSize(1);
    }

    @Test
    void aRecordingThatCannotBeStoredIsRefusedAndNotRunning() throws Exception {
        setUp(false);
        TestClient lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        Files.delete(data.resolve("videos"));
        Files.writeString(data.resolve("videos"), "not a folder");

        send(lecturer, new StartRecordingRequest("r1"));

        assertThat(lecturer.channel().errorCodeFor("r1")).isEqualTo(ErrorCode.RECORDING_FAILED);
        send(lecturer, new StopRecordingRequest("r2"));
        assertThat(lecturer.channel().errorCodeFor("r2")).isEqualTo(ErrorCode.NOT_RECORDING);
    }

    @Test
    void alwaysRecordStartsWithTheLessonAndRecordsLecturersWhoPublishLater() {
        setUp(true);
        TestClient lecturer = join("l01", true);
        TestClient coLecturer = join("l02", true);
        TestClient trainee = join("t01", false);

        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);

        assertThat(catalog.all()).singleElement().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VideoState.RECORDING);
            assertThat(v.createdBy()).isEqualTo("l01");
        });
        assertThat(trainee.channel().last(RecordingStateEvent.class).recording()).isTrue();
        assertThat(trace.ofKind(TraceKind.RECORDING_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("by", "auto"));

        FakePublisher camera = publish(lecturer, StreamKind.CAMERA);
        FakePublisher screen = publish(lecturer, StreamKind.SCREEN);
        FakePublisher second = publish(coLecturer, StreamKind.CAMERA);
        FakePublisher proctor = publish(trainee, StreamKind.PROCTOR);

        assertThat(camera.recording().getFileName().toString()).isEqualTo("camera-001-l01");
        assertThat(screen.recording().getFileName().toString()).isEqualTo("screen-002-l01");
        assertThat(second.recording().getFileName().toString()).isEqualTo("camera-003-l02");
        assertThat(proctor.recordings()).isEmpty();
    }

    @Test
    void aRepublishedCameraIsRecordedAgainUnderANewNumber() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()), StartRecordingResponse.class);
        FakePublisher first = publish(lecturer, StreamKind.CAMERA);

        media.goDown("janus died");
        media.comeBack();
        FakePublisher again = publish(lecturer, StreamKind.CAMERA);

        assertThat(first.recordings()).extracting(p -> p.getFileName().toString()).containsExactly("camera-001-l01");
        assertThat(again.recording().getFileName().toString()).isEqualTo("camera-002-l01");
    }

    @Test
    void theLessonsEndStopsTheRecording() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        TestClient trainee = join("t01", false);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        publish(lecturer, StreamKind.CAMERA);
        StartRecordingResponse started = request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()),
                StartRecordingResponse.class);

        request(lecturer, new EndSessionRequest(lecturer.nextRequestId()), EndSessionResponse.class);

        assertThat(trainee.channel().last(RecordingStateEvent.class))
                .isEqualTo(new RecordingStateEvent(false, started.videoId(), null, null));
        assertThat(submitted).containsExactly(new VideoId(started.videoId()));
        assertThat(trace.ofKind(TraceKind.RECORDING_STOPPED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("by", "lesson-ended"));
        send(lecturer, new StopRecordingRequest("r9"));
        assertThat(lecturer.channel().errorCodeFor("r9")).isEqualTo(ErrorCode.NOT_RECORDING);
    }

    @Test
    void aRecordingInterruptedByAServerStopIsQueuedAtTheNextStart() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        StartRecordingResponse started = request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()),
                StartRecordingResponse.class);

        RecordingService afterRestart = new RecordingService(FileVideoCatalog.open(data.resolve("videos")), trace,
                clock, IdGenerator.sequential(), DirectExecutor.INSTANCE, false);

        assertThat(afterRestart.queueInterrupted()).isEqualTo(1);
        assertThat(FileVideoCatalog.open(data.resolve("videos")).find(new VideoId(started.videoId())).orElseThrow()
                .state()).isEqualTo(VideoState.QUEUED);
    }

    @Test
    void someoneWhoJoinsDuringARecordingIsTold() {
        setUp(false);
        TestClient lecturer = join("l01", true);
        request(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class);
        StartRecordingResponse started = request(lecturer, new StartRecordingRequest(lecturer.nextRequestId()),
                StartRecordingResponse.class);

        TestClient late = join("t02", false);

        assertThat(late.channel().last(RecordingStateEvent.class))
                .isEqualTo(new RecordingStateEvent(true, started.videoId(), started.since(),
                        people.lecturer("l01").userId()));
    }
}
