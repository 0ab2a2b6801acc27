package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.gateway.media.janus.RawJanusClient;
import org.wlcy.classroom.gateway.media.janus.RoomIds;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RtpForward;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.proctoring.face.FaceCheck;
import org.wlcy.classroom.proctoring.face.FaceCheckOutcome;
import org.wlcy.classroom.proctoring.face.FaceCheckResult;
import org.wlcy.classroom.proctoring.face.FaceCheckSettings;
import org.wlcy.classroom.proctoring.face.FaceDetector;
import org.wlcy.classroom.proctoring.face.UdpPorts;

/**
 * The proctoring face check against real Janus publishers: the gateway and a managed Janus, two
 * headless Chromium trainees publishing a {@code proctor} camera through the product's own
 * {@code classroom-client.js} and {@code media.js} (no page UI), one whose fake camera shows a
 * face (a {@code .y4m} made from the astronaut picture) and one with Chromium's default fake
 * camera (a green pattern). The server then looks at each camera itself through Janus's
 * {@code rtp_forward}: the astronaut is {@code face}, the pattern {@code no-face}.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaceCheckEndToEndTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);
    private final AtomicReference<RecordingMediaServer> recorder = new AtomicReference<>();
    private MediaStack stack;
    private FaceCheck faceCheck;

    @BeforeAll
    void startStack() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        stack = MediaStack.start(janus -> {
            RecordingMediaServer r = new RecordingMediaServer(janus);
            recorder.set(r);
            return r;
        });
    }

    @AfterAll
    void stopStack() {
        if (faceCheck != null) {
            faceCheck.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theServerSeesAFaceInOneCameraAndNoneInTheOther(@TempDir Path dir) throws Exception {
        Path y4m = FakeCameraVideo.y4m(FakeCameraVideo.astronautPicture(dir), dir.resolve("astronaut.y4m"), 640, 480, 45);
        String classId = "e2e-face";
        try (HeadlessChromium withFace = HeadlessChromium.start(y4m);
             HeadlessChromium pattern = HeadlessChromium.start(null)) {
            withFace.open(stack.baseUrl() + "/index.html");
            pattern.open(stack.baseUrl() + "/index.html");
            Map<String, Object> lesson = run(withFace, START_LESSON, token(classId, "l01", "李老师", Role.LECTURER),
                    classId);
            assertThat(lesson).as("lecturer started the lesson: %s", lesson).containsKey("sessionId");

            String faceParticipant = publishProctor(withFace, classId, "t01", "王芳");
            String patternParticipant = publishProctor(pattern, classId, "t02", "刘洋");

            Publisher facePublisher = recorder.get().publisher(faceParticipant + "/proctor").orElseThrow();
            Publisher patternPublisher = recorder.get().publisher(patternParticipant + "/proctor").orElseThrow();
            assertThat(facePublisher.getClass().getSimpleName()).isEqualTo("JanusPublisher");

            long roomId = RoomIds.of(recorder.get().roomOf(facePublisher).name());
            try (RawJanusClient janus = new RawJanusClient(stack.media().managed().websocketUri())) {
                assertForwardStartsAndStops(facePublisher, janus, roomId);
                faceCheckBothCameras(dir, facePublisher, patternPublisher, janus, roomId);
            }
        }
    }

    /** The port's forward on a real Janus publisher: VP8 from the negotiated SDP, listed, stopped. */
    private static void assertForwardStartsAndStops(Publisher publisher, RawJanusClient janus, long roomId)
            throws Exception {
        assertThat(janus.forwarders(roomId)).isZero();
        int port = UdpPorts.freeRtpPort(InetAddress.getLoopbackAddress());
        RtpForward forward = publisher.forwardRtp("127.0.0.1", 0, port).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(forward.video()).isNotNull();
        assertThat(forward.video().encoding()).isEqualToIgnoringCase("VP8");
        assertThat(forward.video().clockRate()).isEqualTo(90000);
        assertThat(forward.audio()).as("audio port 0: no audio forward").isNull();
        assertThat(forward.videoPort()).isEqualTo(port);
        assertThat(janus.forwarders(roomId)).isEqualTo(1);
        forward.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(janus.forwarders(roomId)).isZero();
    }

    private void faceCheckBothCameras(Path dir, Publisher facePublisher, Publisher patternPublisher,
                                      RawJanusClient janus, long roomId) throws Exception {
        faceCheck = new FaceCheck(FaceCheckSettings.defaults(dir.resolve("face-work")),
                FaceDetector.frontalFace(), Clock.systemUTC());
        FaceCheckResult face = faceCheck.check(facePublisher).toCompletableFuture().get(30, TimeUnit.SECONDS);
        FaceCheckResult none = faceCheck.check(patternPublisher).toCompletableFuture().get(30, TimeUnit.SECONDS);
        E2eMetrics.record("face check, astronaut camera: " + describe(face));
        E2eMetrics.record("face check, default fake camera: " + describe(none));

        assertThat(face.outcome()).as("astronaut camera: %s", face).isEqualTo(FaceCheckOutcome.FACE);
        assertThat(face.frameWidth()).isEqualTo(640);
        assertThat(face.frameSha256()).matches("[0-9a-f]{64}");
        assertThat(none.outcome()).as("default fake camera: %s", none).isEqualTo(FaceCheckOutcome.NO_FACE);
        assertThat(none.frameSha256()).matches("[0-9a-f]{64}").isNotEqualTo(face.frameSha256());

        assertThat(janus.forwarders(roomId)).as("every check stopped its forward").isZero();
        // A second check of the same publisher works again.
        FaceCheckResult again = faceCheck.check(facePublisher).toCompletableFuture().get(30, TimeUnit.SECONDS);
        E2eMetrics.record("face check, astronaut camera again: " + describe(again));
        assertThat(again.outcome()).isEqualTo(FaceCheckOutcome.FACE);
        assertThat(janus.forwarders(roomId)).as("every check stopped its forward").isZero();
    }

    /** Connects as a trainee, joins, publishes a proctor camera, waits until it sends video. */
    private String publishProctor(HeadlessChromium page, String classId, String userId, String name) {
        Map<String, Object> published = run(page, PUBLISH_PROCTOR, token(classId, userId, name, Role.TRAINEE), classId);
        assertThat(published).as("%s published a proctor camera: %s", userId, published)
                .containsKeys("participantId", "streamId");
        page.await(userId + "'s proctor camera sends video to Janus", MEDIA_TIMEOUT,
                () -> ((Number) page.asyncScript(FRAMES_SENT)).longValue() > 0);
        return (String) published.get("participantId");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(HeadlessChromium page, String script, Object... args) {
        return (Map<String, Object>) page.asyncScript(script, args);
    }

    private String token(String classId, String userId, String name, Role role) {
        String link = stack.link("index.html", classId, userId, name, role);
        String t = link.substring(link.indexOf("&token=") + "&token=".length());
        return URLDecoder.decode(t, StandardCharsets.UTF_8);
    }

    private static String describe(FaceCheckResult r) {
        return r.outcome().code() + ", " + r.faceCount() + " face(s), frame " + r.frameWidth() + "x"
                + r.frameHeight() + (r.frameAfter() != null ? " after " + r.frameAfter().toMillis() + " ms" : "")
                + ", result after " + r.took().toMillis() + " ms" + (r.detail() != null ? " (" + r.detail() + ")" : "");
    }


    private static final String START_LESSON = """
            const [token, classId] = arguments;
            const done = arguments[arguments.length - 1];
            (async () => {
              const { ClassroomClient } = await import('/js/classroom-client.js');
              const client = new ClassroomClient();
              await client.connect(token);
              await client.request('class.join', { classroomId: classId });
              const ok = await client.request('session.start', {});
              window.lecturerClient = client;
              done({ sessionId: ok.session.sessionId });
            })().catch((e) => done({ error: String(e && (e.message || e.error || e)) }));
            """;

    private static final String PUBLISH_PROCTOR = """
            const [token, classId] = arguments;
            const done = arguments[arguments.length - 1];
            (async () => {
              const { ClassroomClient } = await import('/js/classroom-client.js');
              const media = await import('/js/media.js');
              const client = new ClassroomClient();
              await client.connect(token);
              const joined = await client.request('class.join', { classroomId: classId });
              const stream = await navigator.mediaDevices.getUserMedia({
                video: { width: 640, height: 480 }, audio: true });
              const handle = await media.publish(client, 'proctor', stream);
              window.proctor = { client, handle };
              done({ participantId: joined.you.participantId, streamId: handle.streamId });
            })().catch((e) => done({ error: String(e && (e.message || e.error || e)) }));
            """;

    private static final String FRAMES_SENT = """
            const done = arguments[arguments.length - 1];
            (async () => {
              let frames = 0;
              const stats = await window.proctor.handle.pc.getStats();
              stats.forEach((r) => { if (r.type === 'outbound-rtp' && r.kind === 'video') frames += (r.framesEncoded || 0); });
              done(frames);
            })().catch(() => done(0));
            """;
}
