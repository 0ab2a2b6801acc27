package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.proctoring.integrity.BundleVerifier;
import org.wlcy.classroom.proctoring.integrity.VerificationResult;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The hostile values a third-party client sent (issue F, item 4) over the wire against the whole
 * server: each is refused with 103, the request's id and the field named, and none of them reaches
 * the class's trace, whose signed bundle still verifies afterwards. What real pages send (an
 * offline resend with its old clientTime included) still passes.
 */
class EdgeValidationOverTheWireTest {
    private static final String SECRET = "edge-validation-over-the-wire-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-edge");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    @TempDir
    Path exportDir;
    private Gateway gateway;
    private WsTestClient lecturer;
    private WsTestClient trainee;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET)), new FakeMediaServer(), Clock.systemUTC());
        lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        trainee = joined("t1", Role.TRAINEE);
    }

    @AfterEach
    void stop() {
        trainee.close();
        lecturer.close();
        gateway.close();
    }

    private String token(String user, Role role) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A",
                "110000", Instant.EPOCH), Duration.ofMinutes(10));
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(gateway.port(), token(user, role), null);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private List<TraceEvent> stored() {
        return gateway.proctoring().store().read(CLASS, 0, 100_000);
    }

    /** A frame written with single quotes; {@code \\ud800} stays a JSON escape (the frame is valid UTF-8). */
    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String append(String rid, String event) {
        return j("{'type':'trace.append','requestId':'" + rid + "','events':[" + event + "]}");
    }

    /** requestId, frame, the field the error must name. */
    static Stream<Arguments> hostile() {
        String now = "'" + Instant.now() + "'";
        return Stream.of(
                Arguments.of("like-string", j("{'type':'like.send','requestId':'like-string','count':'3'}"), "count"),
                Arguments.of("like-fraction", j("{'type':'like.send','requestId':'like-fraction','count':2.5}"),
                        "count"),
                Arguments.of("leave-fraction", j("{'type':'leave.request','requestId':'leave-fraction','hours':2.5,"
                        + "'reason':'病假','forDate':'" + java.time.LocalDate.now() + "'}"), "hours"),
                Arguments.of("leave-1900", j("{'type':'leave.request','requestId':'leave-1900','hours':2,"
                        + "'reason':'病假','forDate':'1900-01-01'}"), "forDate"),
                Arguments.of("leave-last-year", j("{'type':'leave.request','requestId':'leave-last-year','hours':2,"
                        + "'reason':'病假','forDate':'" + java.time.LocalDate.now().minusYears(1) + "'}"), "forDate"),
                Arguments.of("audio-level", append("audio-level", "{'id':'hostile-1','kind':'proctor.audio',"
                        + "'clientTime':" + now + ",'data':{'muted':false,'level':-5}}"), "level"),
                Arguments.of("hidden-ms", append("hidden-ms", "{'id':'hostile-2','kind':'focus.visible',"
                        + "'clientTime':" + now + ",'data':{'hiddenMs':-1e9}}"), "hiddenMs"),
                Arguments.of("year-10000", append("year-10000", "{'id':'hostile-3','kind':'focus.hidden',"
                        + "'clientTime':'+10000-01-01T00:00:00Z','data':{}}"), "clientTime"),
                Arguments.of("chat-surrogate", j("{'type':'chat.send','requestId':'chat-surrogate','text':'hi \\ud800',"
                        + "'to':'class'}"), "text"),
                Arguments.of("danmaku-surrogate", j("{'type':'danmaku.send','requestId':'danmaku-surrogate',"
                        + "'text':'\\udc00'}"), "text"),
                Arguments.of("qa-surrogate", j("{'type':'qa.ask','requestId':'qa-surrogate','text':'问\\ud800'}"),
                        "text"),
                Arguments.of("data-surrogate", append("data-surrogate", "{'id':'hostile-4','kind':'focus.hidden',"
                        + "'data':{'note':'\\ud800'}}"), "events[0].data.note"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void eachHostileValueIsRefusedWithItsRequestIdAndFieldAndNeverReachesTheTrace(String rid, String frame,
                                                                                   String field) throws Exception {
        trainee.sendRaw(frame);
        JsonNode reply = trainee.await("reply to " + rid, m -> rid.equals(m.path("requestId").asText(null)));

        assertThat(reply.path("type").asText()).isEqualTo("error");
        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(103);
        assertThat(reply.path("error").asText()).isEqualTo("INVALID_FIELD");
        assertThat(reply.path("message").asText()).as("the message names the field").contains(field);

        // The connection goes on and the next valid request is answered after the refused one: had
        // the refused one been appended, it would be in the store by now.
        trainee.ok("trace.append", "events", List.of(Map.of("id", "ok-" + rid, "kind", "presence.heartbeat",
                "clientTime", Instant.now().toString(), "data", Map.of("visible", true))));
        List<TraceEvent> events = stored();
        assertThat(events).noneMatch(e -> e.eventId().startsWith("t1/hostile-"));
        assertThat(events).noneMatch(e -> e.kind() == TraceKind.AUDIO_STATE || e.kind() == TraceKind.LEAVE_REQUESTED
                || e.kind() == TraceKind.CHAT_MESSAGE || e.kind() == TraceKind.DANMAKU || e.kind() == TraceKind.QUESTION);
        assertThat(events).allSatisfy(e -> assertThat(e.clientTime() == null
                || e.clientTime().isBefore(Instant.parse("2100-01-01T00:00:00Z"))).isTrue());
        assertThat(events).allSatisfy(e -> e.data().values().forEach(v -> {
            if (v instanceof Long n) {
                assertThat(n).as("%s in %s", v, e).isNotNegative();
            }
        }));
    }

    @Test
    void afterEveryHostileValueTheClassBundleStillVerifiesAndAnOfflineResendKeepsItsClientTime() throws Exception {
        hostile().forEach(a -> {
            String rid = (String) a.get()[0];
            trainee.sendRaw((String) a.get()[1]);
            assertThat(trainee.await("reply to " + rid, m -> rid.equals(m.path("requestId").asText(null)))
                    .path("code").asInt()).isEqualTo(103);
        });
        // A page that was offline for three days resends what it kept, with the times it happened.
        Instant offline = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        trainee.ok("trace.append", "events", List.of(Map.of("id", "pg-1", "kind", "focus.hidden", "clientTime",
                offline.toString(), "data", Map.of()), Map.of("id", "pg-2", "kind", "focus.visible", "clientTime",
                offline.plusSeconds(40).toString(), "data", Map.of("hiddenMs", 40_000))));
        trainee.ok("like.send", "count", 3);
        trainee.ok("chat.send", "text", "好的😀", "to", "class");

        assertThat(stored()).filteredOn(e -> e.eventId().equals("t1/pg-1")).singleElement()
                .satisfies(e -> assertThat(e.clientTime()).isEqualTo(offline));
        Path bundle = exportDir.resolve("bundle");
        gateway.proctoring().bundles().export(CLASS, Instant.EPOCH, Instant.now().plusSeconds(60), bundle);
        VerificationResult verified = new BundleVerifier().verify(bundle);
        assertThat(verified.failure()).as("the class's bundle verifies").isNull();
        assertThat(verified.events()).isEqualTo(stored().size());
    }

    // ------------------------------------------------------------------ playback REST bodies

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** path, body, the field the error must name (as the trainee, or the lecturer for questions). */
    static Stream<Arguments> hostileBodies() {
        String beat = "'position':5,'rate':1,'playing':true,'visible':true,'event':'tick'";
        return Stream.of(
                Arguments.of("/watch", j("{'seq':2.5," + beat + "}"), "seq"),
                Arguments.of("/watch", j("{'seq':'3'," + beat + "}"), "seq"),
                Arguments.of("/watch", j("{'seq':-1," + beat + "}"), "seq"),
                Arguments.of("/watch", j("{'seq':9007199254740992," + beat + "}"), "seq"),
                Arguments.of("/watch", j("{'seq':100000000000000000000," + beat + "}"), "seq"),
                Arguments.of("/watch", j("{'seq':1,'position':-5,'rate':1,'playing':true,'visible':true}"), "position"),
                Arguments.of("/watch", j("{'seq':1,'position':'5','rate':1,'playing':true,'visible':true}"),
                        "position"),
                Arguments.of("/watch", j("{'seq':1,'position':5,'rate':1e400,'playing':true,'visible':true}"), "rate"),
                Arguments.of("/watch", j("{'seq':1,'position':5,'rate':1,'playing':'true','visible':true}"),
                        "playing"),
                Arguments.of("/watch", j("{'seq':1,'position':5,'rate':1,'playing':true,'visible':true,'event':7}"),
                        "event"),
                Arguments.of("/danmaku", j("{'atS':1,'text':'\\ud800'}"), "text"),
                Arguments.of("/danmaku", j("{'atS':-1e9,'text':'好'}"), "atS"),
                Arguments.of("/danmaku", j("{'atS':1,'text':'好','color':16711680}"), "color"),
                Arguments.of("/comments", j("{'text':'谢谢\\udc00'}"), "text"),
                Arguments.of("/comments", j("{'text':'谢谢','replyTo':123}"), "replyTo"),
                Arguments.of("/questions", j("{'atS':10,'prompt':'p','options':['a','b'],'correct':[0],"
                        + "'limitSeconds':30.5}"), "limitSeconds"),
                Arguments.of("/questions", j("{'atS':10,'prompt':'p','options':['a','\\ud800'],'correct':[0],"
                        + "'limitSeconds':30}"), "options[1]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostileBodies")
    void hostilePlaybackBodiesAreRefusedWith103NamingTheFieldAndNeverReachTheTrace(String path, String body,
                                                                                  String field) throws Exception {
        VideoId video = new VideoId("v-edge1");
        Instant now = Instant.now();
        gateway.playback().catalog().add(Video.create(video, CLASS, VideoKind.ON_DEMAND, "第一课", "l1",
                VideoState.PROCESSING, now, null, null).ready(60_000, List.of("main"), now));
        String who = path.equals("/questions") ? token("l1", Role.LECTURER) : token("t1", Role.TRAINEE);

        HttpResponse<String> r = post("/api/videos/" + video.value() + path, who, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.path("code").asInt()).as(r.body()).isEqualTo(103);
        assertThat(e.path("message").asText()).as("the message names the field").contains(field);
        // A valid heartbeat after it is answered (and traced) only once the refused one was dropped.
        HttpResponse<String> ok = post("/api/videos/" + video.value() + "/watch", token("t1", Role.TRAINEE),
                j("{'seq':1,'position':0,'rate':1,'playing':true,'visible':true,'event':'play'}"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(stored()).noneMatch(ev -> ev.kind() == TraceKind.VIDEO_DANMAKU || ev.kind() == TraceKind.VIDEO_COMMENT
                || ev.kind() == TraceKind.VIDEO_QUESTION);
        assertThat(stored()).filteredOn(ev -> ev.kind() == TraceKind.PLAYBACK_PROGRESS)
                .allSatisfy(ev -> assertThat(ev.data().values()).allSatisfy(v -> {
                    if (v instanceof String s) {
                        assertThat(org.wlcy.classroom.protocol.WireValues.wellFormed(s)).isTrue();
                    }
                }));
    }
}
