package org.wlcy.classroom.proctoring.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.RoomSpec;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.FakeMediaServer.FakePublisher;

/**
 * The face check service without Janus: real RTP from {@link SendingPublisher} for the outcomes,
 * {@link FakeMediaServer} for refused and silent forwards.
 */
@Timeout(60)
class FaceCheckTest {
    private static FaceDetector detector;
    @TempDir
    Path dir;
    private FaceCheck checks;

    @BeforeAll
    static void load() {
        detector = FaceDetector.frontalFace();
    }

    @AfterEach
    void close() {
        if (checks != null) {
            checks.close();
        }
    }

    private FaceCheck service(FaceCheckSettings settings) {
        checks = new FaceCheck(settings, detector, Clock.systemUTC());
        return checks;
    }

    private FaceCheckSettings settings() {
        return FaceCheckSettings.defaults(dir.resolve("work"));
    }

    private static FaceCheckResult await(java.util.concurrent.CompletionStage<FaceCheckResult> stage)
            throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFaceInTheCameraIsFace() throws Exception {
        try (Mat image = TestImages.astronautIn(640, 480)) {
            SendingPublisher publisher = new SendingPublisher(7, image);
            FaceCheckResult r = await(service(settings()).check(publisher));
            System.out.printf("[face] check: %s in %d ms (frame after %d ms)%n", r.outcome().code(),
                    r.took().toMillis(), r.frameAfter().toMillis());
            assertThat(r.outcome()).isEqualTo(FaceCheckOutcome.FACE);
            assertThat(r.outcome().code()).isEqualTo("face");
            assertThat(r.faceCount()).isEqualTo(1);
            assertThat(r.feed().value()).isEqualTo(7);
            assertThat(r.frameWidth()).isEqualTo(640);
            assertThat(r.frameSha256()).matches("[0-9a-f]{64}");
            assertThat(r.evidence()).as("no evidence frames by default").isNull();
            assertThat(r.took()).isLessThan(settings().timeout());
            assertThat(publisher.forwards()).hasSize(1).allMatch(SendingPublisher.Forward::isStopped);
            assertThat(checks.evidenceDir()).isEmpty();
        }
    }

    @Test
    void anEmptyCameraIsNoFace() throws Exception {
        try (Mat image = TestImages.blank(640, 480)) {
            SendingPublisher publisher = new SendingPublisher(8, image);
            FaceCheckResult r = await(service(settings()).check(publisher));
            assertThat(r.outcome()).isEqualTo(FaceCheckOutcome.NO_FACE);
            assertThat(r.faces()).isEmpty();
            assertThat(r.frameSha256()).matches("[0-9a-f]{64}");
            assertThat(publisher.forwards()).allMatch(SendingPublisher.Forward::isStopped);
        }
    }

    @Test
    void twoPeopleAreManyFaces() throws Exception {
        try (Mat image = TestImages.twoAstronauts()) {
            SendingPublisher publisher = new SendingPublisher(9, image);
            FaceCheckResult r = await(service(settings()).check(publisher));
            assertThat(r.outcome()).isEqualTo(FaceCheckOutcome.MANY_FACES);
            assertThat(r.outcome().code()).isEqualTo("many-faces");
            assertThat(r.faceCount()).isEqualTo(2);
        }
    }

    @Test
    void evidenceFramesAreKeptOnlyWhenSwitchedOnAndExpire() throws Exception {
        Path data = dir.resolve("data");
        FaceCheck service = service(settings().withEvidence(data, Duration.ofDays(7)));
        try (Mat image = TestImages.astronautIn(640, 480)) {
            FaceCheckResult r = await(service.check(new SendingPublisher(10, image)));
            assertThat(r.evidence()).isNotNull().startsWith(data.resolve("evidence"));
            assertThat(FrameJpeg.sha256Hex(Files.readAllBytes(r.evidence())))
                    .as("the recorded hash is the evidence file's").isEqualTo(r.frameSha256());
            assertThat(service.deleteExpired(r.startedAt().plus(Duration.ofDays(6)))).isZero();
            assertThat(r.evidence()).exists();
            assertThat(service.deleteExpired(r.startedAt().plus(Duration.ofDays(7)).plusSeconds(1))).isEqualTo(1);
            assertThat(r.evidence()).doesNotExist();
        }
    }

    @Test
    void aRefusedForwardIsNoVideo() throws Exception {
        FakeMediaServer media = new FakeMediaServer();
        FakePublisher publisher = publisher(media);
        media.failNext(FakeMediaServer.Op.FORWARD_RTP, new MediaException(428, "no such feed"));
        FaceCheckResult r = await(service(settings()).check(publisher));
        assertThat(r.outcome()).isEqualTo(FaceCheckOutcome.NO_VIDEO);
        assertThat(r.outcome().code()).isEqualTo("no-video");
        assertThat(r.detail()).contains("refused", "no such feed");
        assertThat(r.frameSha256()).isNull();
        assertThat(publisher.forwards()).isEmpty();
    }

    @Test
    void aSilentForwardIsNoVideoWithinTheTimeoutAndIsStopped() throws Exception {
        FakeMediaServer media = new FakeMediaServer();
        FakePublisher publisher = publisher(media);
        FaceCheckSettings s = settings().withTimeout(Duration.ofSeconds(3));
        long t0 = System.nanoTime();
        FaceCheckResult r = await(service(s).check(publisher));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.outcome()).isEqualTo(FaceCheckOutcome.NO_VIDEO);
        assertThat(ms).isLessThan(6_000);
        assertThat(publisher.forwards()).hasSize(1);
        FakeMediaServer.FakeRtpForward forward = publisher.forwards().get(0);
        assertThat(forward.host()).isEqualTo("127.0.0.1");
        assertThat(forward.audioPort()).as("only video is forwarded").isZero();
        assertThat(forward.videoPort() % 2).isZero();
        assertThat(publisher.keyframeRequests()).as("asked for a keyframe after 1 s").isGreaterThanOrEqualTo(1);
        assertThat(forward.isStopped()).isTrue();
    }

    @Test
    void aClosedServiceFailsChecks() {
        FaceCheck service = service(settings());
        service.close();
        FakeMediaServer media = new FakeMediaServer();
        assertThat(service.check(publisher(media)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5));
    }

    private static FakePublisher publisher(FakeMediaServer media) {
        return (FakePublisher) media.openRoom(new RoomSpec("face/test", "face test", 4)).toCompletableFuture().join()
                .publish("t01/proctor", FakeMediaServer.browserOffer("t01"), new MediaEvents() { })
                .toCompletableFuture().join();
    }

    @Test
    void outcomesFollowTheFaceCount() {
        assertThat(FaceCheckOutcome.ofCount(0)).isEqualTo(FaceCheckOutcome.NO_FACE);
        assertThat(FaceCheckOutcome.ofCount(1)).isEqualTo(FaceCheckOutcome.FACE);
        assertThat(FaceCheckOutcome.ofCount(3)).isEqualTo(FaceCheckOutcome.MANY_FACES);
    }
}
