package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.playback.SampleVideos;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Videos over real HTTP (docs/protocol.md, "Videos"): create, a chunked upload streamed past the
 * 64 KiB aggregator with a refused offset and a resume, the refusals (role, other class, size,
 * type, oversized chunk, not a video), processing by the real job (JavaCV) to READY, and the HLS
 * files served only to members and only when ready, with no way out of the package folder.
 */
class VideoUploadOverTheWireTest {
    private static final String SECRET = "video-upload-test-secret-0123456789abcdef";
    private static final String CLASS = "c-vod";
    private static final String OTHER = "c-other";
    private static final int CHUNK = 64 * 1024;
    private static byte[] sample;
    @TempDir
    static Path inputs;
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private String lecturer;
    private String trainee;
    private String otherLecturer;
    private String otherTrainee;
    private String regulator;

    @BeforeAll
    static void makeSample() throws Exception {
        Path mp4 = inputs.resolve("lesson.mp4");
        SampleVideos.mp4(mp4, 3, 320, 240, true);
        sample = Files.readAllBytes(mp4);
        assertThat(sample.length).as("several 64 KiB chunks").isGreaterThan(2 * CHUNK);
    }

    @BeforeEach
    void start() throws Exception {
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + freePort(),
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--classes.acceptFromTokens=true",
                "--playback.maxChunkKilobytes=64", "--playback.maxUploadMegabytes=1"));
        gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
        port = gateway.port();
        lecturer = token("lect-1", Role.LECTURER, CLASS);
        trainee = token("t-1", Role.TRAINEE, CLASS);
        otherLecturer = token("lect-9", Role.LECTURER, OTHER);
        otherTrainee = token("t-9", Role.TRAINEE, OTHER);
        regulator = token("reg-1", Role.REGULATOR);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role, String... classes) {
        Set<ClassroomId> ids = new LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, "inst", "110000",
                Instant.EPOCH), Duration.ofMinutes(10));
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpRequest.Builder req(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(req(path, bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return http.send(req(path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String id, long offset, String bearer, byte[] chunk) throws Exception {
        return http.send(req("/api/videos/" + id + "/source?offset=" + offset, bearer)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> res) throws IOException {
        return mapper.readTree(res.body());
    }

    private HttpResponse<String> create(String bearer, String classId, String title, String fileName, long size)
            throws Exception {
        String body = mapper.writeValueAsString(Map.of("title", title, "fileName", fileName, "size", size,
                "contentType", "video/mp4"));
        return post("/api/classes/" + classId + "/videos", bearer, body);
    }

    private static void assertError(HttpResponse<String> res, int status, int code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.body()).contains("\"type\":\"error\"", "\"code\":" + code);
    }

    private String created(byte[] file, String fileName) throws Exception {
        HttpResponse<String> res = create(lecturer, CLASS, "第一课：开店准备", fileName, file.length);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode v = json(res);
        assertThat(v.path("state").asText()).isEqualTo("uploading");
        assertThat(v.path("received").asLong()).isZero();
        assertThat(v.path("chunkBytes").asLong()).isEqualTo(CHUNK);
        assertThat(v.path("uploadUrl").asText()).isEqualTo("/api/videos/" + v.path("id").asText() + "/source");
        return v.path("id").asText();
    }

    private JsonNode uploadAll(String id, byte[] file, long from) throws Exception {
        HttpResponse<String> last = null;
        for (long off = from; off < file.length; off += CHUNK) {
            last = put(id, off, lecturer, Arrays.copyOfRange(file, (int) off, (int) Math.min(file.length, off + CHUNK)));
            if (off + CHUNK < file.length) {
                assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
                assertThat(json(last).path("received").asLong()).isEqualTo(off + CHUNK);
            }
        }
        return last == null ? null : json(last);
    }

    private JsonNode awaitState(String id, String state) {
        JsonNode v = Await.until("video " + id + " is " + state + " (or failed)", Duration.ofSeconds(60),
                () -> unchecked(() -> json(get("/api/videos/" + id, lecturer))),
                n -> state.equals(n.path("state").asText()) || "failed".equals(n.path("state").asText()));
        assertThat(v.path("state").asText()).as("video %s: %s", id, v).isEqualTo(state);
        return v;
    }

    /** A request that must not throw (inside a polled condition). */
    private static <T> T unchecked(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aChunkedUploadResumesAfterARefusedOffsetAndBecomesPlayableForMembersOnly() throws Exception {
        String id = created(sample, "第一课.MP4");
        // first chunk, then a chunk sent again at the old offset: refused with where to resume
        HttpResponse<String> first = put(id, 0, lecturer, Arrays.copyOfRange(sample, 0, CHUNK));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("received").asLong()).isEqualTo(CHUNK);
        HttpResponse<String> again = put(id, 0, lecturer, Arrays.copyOfRange(sample, 0, CHUNK));
        assertError(again, 409, 239);
        assertThat(json(again).path("offset").asLong()).isEqualTo(CHUNK);
        assertError(put(id, 3L * CHUNK, lecturer, new byte[10]), 409, 239);
        // an oversized chunk is refused and loses nothing received before it
        assertError(put(id, CHUNK, lecturer, new byte[CHUNK + 1]), 413, 241);
        // only the class's lecturers upload
        assertError(put(id, CHUNK, trainee, new byte[10]), 403, 304);
        assertError(put(id, CHUNK, otherLecturer, new byte[10]), 403, 303);
        assertError(put(id, CHUNK, null, new byte[10]), 401, 300);
        JsonNode status = json(get("/api/videos/" + id, lecturer));
        assertThat(status.path("received").asLong()).as("GET tells where to resume").isEqualTo(CHUNK);
        assertThat(status.path("size").asLong()).isEqualTo(sample.length);

        // HLS before it is ready: refused
        assertError(get("/api/videos/" + id + "/hls/main/master.m3u8", lecturer), 409, 240);

        JsonNode done = uploadAll(id, sample, status.path("received").asLong());
        assertThat(done.path("received").asLong()).isEqualTo(sample.length);
        assertThat(done.path("state").asText()).isIn("queued", "processing", "ready");
        assertError(put(id, sample.length, lecturer, new byte[1]), 409, 240);
        Path stored = dataDir.resolve("videos").resolve(id).resolve("source").resolve("upload.mp4");
        assertThat(Files.readAllBytes(stored)).as("the file arrived intact").isEqualTo(sample);

        JsonNode ready = awaitState(id, "ready");
        assertThat(ready.path("tracks").toString()).isEqualTo("[\"main\"]");
        assertThat(ready.path("durationMillis").asLong()).isBetween(2_500L, 3_500L);
        assertThat(ready.path("attempts").asInt()).isEqualTo(1);

        // catalogue: trainees of the class see it; lecturers see the processing details
        JsonNode forTrainee = json(get("/api/classes/" + CLASS + "/videos", trainee));
        assertThat(forTrainee.path("videos")).hasSize(1);
        assertThat(forTrainee.path("videos").get(0).has("attempts")).isFalse();
        JsonNode forLecturer = json(get("/api/classes/" + CLASS + "/videos", lecturer));
        assertThat(forLecturer.path("videos").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(json(get("/api/classes/" + CLASS + "/videos", regulator)).path("videos")).hasSize(1);
        assertError(get("/api/classes/" + CLASS + "/videos", otherTrainee), 403, 303);

        // HLS: members only, right types, segments cacheable
        HttpResponse<String> master = get("/api/videos/" + id + "/hls/main/master.m3u8", trainee);
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
        assertThat(master.body()).startsWith("#EXTM3U").contains("video/index.m3u8");
        HttpResponse<String> playlist = get("/api/videos/" + id + "/hls/main/video/index.m3u8", trainee);
        assertThat(playlist.statusCode()).isEqualTo(200);
        String segment = playlist.body().lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        HttpResponse<byte[]> ts = http.send(req("/api/videos/" + id + "/hls/main/video/" + segment, trainee).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ts.statusCode()).isEqualTo(200);
        assertThat(ts.headers().firstValue("content-type")).hasValue("video/mp2t");
        assertThat(ts.headers().firstValue("cache-control").orElse("")).contains("max-age");
        assertThat(ts.body()[0]).as("MPEG-TS sync byte").isEqualTo((byte) 0x47);
        assertError(get("/api/videos/" + id + "/hls/main/master.m3u8", otherTrainee), 403, 303);
        assertError(get("/api/videos/" + id + "/hls/main/master.m3u8", null), 401, 300);
        assertError(get("/api/videos/" + id + "/hls/screen/master.m3u8", trainee), 404, 235);
        assertError(get("/api/videos/" + id + "/hls/main/nope.m3u8", trainee), 404, 235);
    }

    @Test
    void pathTraversalNeverLeavesThePackage() throws Exception {
        String id = created(sample, "lesson.mp4");
        uploadAll(id, sample, 0);
        awaitState(id, "ready");
        for (String evil : List.of("/hls/main/..%2F..%2Fvideo.json", "/hls/main/%2e%2e/%2e%2e/video.json",
                "/hls/main/..%2F..%2Fsource%2Fupload.mp4", "/hls/main/video/..%2F..%2F..%2Fupload.json",
                "/hls/..%2F/master.m3u8", "/hls/main/%2Fetc%2Fpasswd")) {
            HttpResponse<String> res = get("/api/videos/" + id + evil, trainee);
            assertThat(res.statusCode()).as(evil).isEqualTo(404);
            assertThat(res.body()).as(evil).contains("\"code\":235").doesNotContain("classroomId\" :", "root:");
        }
        // the same over a raw socket, where no client normalises the path
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET /api/videos/" + id + "/hls/main/../../video.json HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + trainee + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 404").contains("\"code\":235").doesNotContain("createdBy");
        }
    }

    @Test
    void refusalsAreCoded() throws Exception {
        assertError(create(trainee, CLASS, "x", "a.mp4", 1000), 403, 304);
        assertError(create(regulator, CLASS, "x", "a.mp4", 1000), 403, 304);
        assertError(create(otherLecturer, CLASS, "x", "a.mp4", 1000), 403, 303);
        assertError(create(lecturer, CLASS, "x", "a.mp4", 2L * 1024 * 1024), 413, 238);
        assertError(create(lecturer, CLASS, "x", "a.exe", 1000), 415, 237);
        assertError(create(lecturer, CLASS, "x", "noextension", 1000), 415, 237);
        assertError(create(lecturer, CLASS, "   ", "a.mp4", 1000), 400, 103);
        assertError(post("/api/classes/" + CLASS + "/videos", lecturer, "{\"title\":\"x\",\"fileName\":\"a.mp4\"}"), 400, 103);
        assertError(post("/api/classes/" + CLASS + "/videos", lecturer, "not json"), 400, 100);
        assertError(get("/api/videos/nope", lecturer), 404, 235);
        assertError(post("/api/videos/nope/retry", lecturer, ""), 404, 235);

        // uploading entries are the lecturers' business: trainees and other classes do not see them
        String id = created(sample, "lesson.webm");
        assertThat(json(get("/api/classes/" + CLASS + "/videos", trainee)).path("videos")).isEmpty();
        assertError(get("/api/videos/" + id, trainee), 409, 240);
        assertError(get("/api/videos/" + id, otherLecturer), 403, 303);
        assertError(post("/api/videos/" + id + "/retry", lecturer, ""), 409, 240);
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedWhenCompleteAndTheEntryFails() throws Exception {
        byte[] text = "这不是视频。 Not a video at all, just text.\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
        String id = created(text, "fake.mp4");
        HttpResponse<String> last = null;
        for (int off = 0; off < text.length; off += CHUNK) {
            last = put(id, off, lecturer, Arrays.copyOfRange(text, off, Math.min(text.length, off + CHUNK)));
        }
        assertError(last, 415, 236);
        assertThat(json(last).path("message").asText()).contains("not a video");
        JsonNode failed = json(get("/api/videos/" + id, lecturer));
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("not a video");
        assertThat(json(get("/api/classes/" + CLASS + "/videos", trainee)).path("videos")).isEmpty();
        // a retry runs the job, which gives the same clear reason
        assertThat(post("/api/videos/" + id + "/retry", lecturer, "").statusCode()).isEqualTo(200);
        JsonNode v = Await.until("the retried job failed again", Duration.ofSeconds(20),
                () -> unchecked(() -> json(get("/api/videos/" + id, lecturer))),
                n -> n.path("attempts").asInt() >= 1 && "failed".equals(n.path("state").asText()));
        assertThat(v.path("state").asText()).isEqualTo("failed");
        assertThat(v.path("error").asText()).contains("not a video");
    }

    private HttpResponse<String> delete(String path, String bearer) throws Exception {
        return http.send(req(path, bearer).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLecturerDeletesAVideoWithItsFolder() throws Exception {
        String id = created(sample, "lesson.mp4");
        assertThat(put(id, 0, lecturer, Arrays.copyOfRange(sample, 0, CHUNK)).statusCode()).isEqualTo(200);
        Path folder = dataDir.resolve("videos").resolve(id);
        assertThat(folder.resolve("source").resolve("upload.mp4")).exists();
        assertError(delete("/api/videos/" + id, trainee), 403, 304);
        assertError(delete("/api/videos/" + id, otherLecturer), 403, 303);
        assertError(delete("/api/videos/nope", lecturer), 404, 235);
        HttpResponse<String> gone = delete("/api/videos/" + id, lecturer);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
        assertThat(gone.body()).contains("\"deleted\":true");
        assertThat(folder).doesNotExist();
        assertError(get("/api/videos/" + id, lecturer), 404, 235);
        assertError(put(id, CHUNK, lecturer, new byte[10]), 404, 235);
        assertThat(json(get("/api/classes/" + CLASS + "/videos", lecturer)).path("videos")).isEmpty();
    }

    @Test
    void otherRequestsStillWorkOnTheSameConnectionAfterAnUpload() throws Exception {
        String id = created(sample, "lesson.mp4");
        assertThat(put(id, 0, lecturer, Arrays.copyOfRange(sample, 0, CHUNK)).statusCode()).isEqualTo(200);
        assertThat(get("/api/whoami", lecturer).statusCode()).isEqualTo(200);
        assertThat(post("/api/dev/tokens", null, "{}").statusCode()).isIn(400, 404);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    }
}
