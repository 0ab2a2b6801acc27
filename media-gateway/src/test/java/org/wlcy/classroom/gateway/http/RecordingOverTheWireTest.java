package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.testing.FakeMediaServer;

/** Recording controls through the whole server (wiring, codec, router, catalogue on disk), fake media. */
class RecordingOverTheWireTest {
    private static final String SECRET = "recording-over-the-wire-test-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-rec");
    @TempDir
    Path dataDir;
    private final FakeMediaServer media = new FakeMediaServer();
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();

    private Gateway start(String... flags) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> all = new ArrayList<>(List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET));
        all.addAll(List.of(flags));
        return Gateway.start(GatewayConfig.load(Map.of(), all), media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private WsTestClient joined(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A",
                "110000", Instant.EPOCH), Duration.ofMinutes(10));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private Video video(String id) {
        return gateway.playback().catalog().find(new VideoId(id)).orElseThrow();
    }

    /** A condition the server brings about on its own threads, within 5 s. */
    private static void eventually(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(5), condition);
    }

    @Test
    void aLecturerRecordsTheLessonAndEveryoneIsTold() throws Exception {
        gateway = start();
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        lecturer.ok("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("cam"));
        WsTestClient trainee = joined("t1", Role.TRAINEE);

        JsonNode refused = trainee.request("recording.start");
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asInt()).isEqualTo(304);

        JsonNode started = lecturer.ok("recording.start");
        String videoId = started.path("videoId").asText();
        JsonNode told = trainee.await("recording.state", m -> "recording.state".equals(m.path("type").asText()));
        assertThat(told.path("recording").asBoolean()).isTrue();
        assertThat(told.path("videoId").asText()).isEqualTo(videoId);
        assertThat(video(videoId).state()).isEqualTo(VideoState.RECORDING);
        Path source = gateway.playback().catalog().folder(new VideoId(videoId)).resolve("source");
        eventually("the lecturer's camera is recorded into source/", () -> media.lastPublisher().recording() != null);
        assertThat(media.lastPublisher().recording().getParent()).isEqualTo(source);
        assertThat(lecturer.request("recording.start").path("code").asInt()).isEqualTo(230);

        lecturer.ok("recording.stop");
        trainee.await("recording stopped", m -> "recording.state".equals(m.path("type").asText())
                && !m.path("recording").asBoolean());
        // The stopped recording goes to the jobs runner. The fake media server writes no files, so
        // the job fails, visibly, with a reason a lecturer can act on (and may be retried).
        eventually("the replay job ran and failed visibly", () -> video(videoId).state() == VideoState.FAILED);
        assertThat(video(videoId).error()).contains("nothing was recorded");
        assertThat(lecturer.request("recording.stop").path("code").asInt()).isEqualTo(231);
    }

    @Test
    void withAlwaysRecordTheLessonIsRecordedFromItsStartToItsEnd() throws Exception {
        gateway = start("--playback.alwaysRecord=true");
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient trainee = joined("t1", Role.TRAINEE);

        lecturer.ok("session.start");
        JsonNode on = trainee.await("recording.state", m -> "recording.state".equals(m.path("type").asText()));
        assertThat(on.path("recording").asBoolean()).isTrue();
        assertThat(on.path("by").asText()).isEqualTo("l1");
        lecturer.ok("session.end");
        JsonNode off = trainee.await("recording stopped", m -> "recording.state".equals(m.path("type").asText())
                && !m.path("recording").asBoolean());
        assertThat(off.path("by").isNull()).isTrue();
        String videoId = off.path("videoId").asText();
        eventually("the replay went to the jobs runner", () -> video(videoId).state() == VideoState.FAILED
                && video(videoId).attempts() == 1);
    }
}
