package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Feedback forms put to the class without an admin (Art. 9), over the whole server: when a lesson
 * ends the day's form opens (with the class's own questions once an admin changed them) and the
 * trainees present are told with {@code form.opened}; a lecturer opens the end-of-class form.
 */
class FormsAfterLessonsOverTheWireTest {
    private static final ClassroomId C = new ClassroomId("c-forms");
    private static final String BASE = "/api/classes/" + C.value();
    /** 10:00 in Beijing on 9 November. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-09T02:00:00Z"));
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, clock);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        server.close();
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(server.port(), server.token(user, role, "110105", C.value()), null);
        clients.add(c);
        c.ok("class.join", "classroomId", C.value());
        return c;
    }

    private List<TraceEvent> formsPut() {
        return server.trace(C).stream().filter(e -> e.kind() == TraceKind.FORM_PUT).toList();
    }

    @Test
    void theDaysFormOpensWhenALessonEndsAndTheTraineesPresentAreTold() throws Exception {
        WsTestClient lecturer = joined("l01", Role.LECTURER);
        WsTestClient trainee = joined("t01", Role.TRAINEE);
        String t01 = server.token("t01", Role.TRAINEE, "110105", C.value());
        lecturer.ok("session.start");
        clock.advance(Duration.ofMinutes(90));
        lecturer.ok("session.end");

        JsonNode opened = trainee.awaitType("form.opened");
        assertThat(opened.path("formId").asText()).isEqualTo("daily-2026-11-09");
        assertThat(opened.path("kind").asText()).isEqualTo("daily");
        assertThat(opened.path("day").asText()).isEqualTo("2026-11-09");
        assertThat(opened.path("opensAt").asText()).isEqualTo("2026-11-09T03:30:00Z");
        assertThat(opened.path("closesAt").asText()).isEqualTo("2026-11-10T16:00:00Z"); // midnight after the next day
        JsonNode form = server.call("GET", BASE + "/forms", t01, null).body().path("forms").get(0);
        assertThat(form.path("open").asBoolean()).isTrue();
        assertThat(form.path("questions").size()).isEqualTo(6); // the guideline's daily form
        TraceEvent put = formsPut().get(0);
        assertThat(put.userId().value()).isEqualTo("l01");
        assertThat(put.data()).containsEntry("source", "lesson-ended");
        assertThat(server.call("PUT", BASE + "/forms/daily-2026-11-09/answer", t01,
                Map.of("answers", Map.of("content", 5, "lecturers", 5, "interaction", 4, "pace", "合适"))).status())
                .isEqualTo(200);

        // the admin changes the daily questions; the next day's form takes them
        String admin = server.token("a01", Role.ADMIN, "");
        Reply changed = server.call("PUT", BASE + "/forms/daily-2026-11-09", admin, Map.of("kind", "daily",
                "day", "2026-11-09", "opensAt", opened.path("opensAt").asText(), "closesAt", opened.path("closesAt").asText(),
                "questions", List.of(Map.of("id", "useful", "type", "rating", "text", "今天有收获吗？", "textEn", "Useful?"),
                        Map.of("id", "wish", "type", "text", "text", "还想学什么？", "textEn", "What next?",
                                "required", false))));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        trainee.awaitType("form.opened"); // the changed form is open, so the trainee hears of it again
        clock.advance(Duration.ofDays(1));
        lecturer.ok("session.start");
        clock.advance(Duration.ofMinutes(45));
        lecturer.ok("session.end");
        JsonNode next = trainee.awaitType("form.opened");
        assertThat(next.path("formId").asText()).isEqualTo("daily-2026-11-10");
        JsonNode forms = server.call("GET", BASE + "/forms", t01, null).body().path("forms");
        assertThat(forms).hasSize(2);
        assertThat(forms.get(1).path("questions")).hasSize(2);
        assertThat(forms.get(1).path("questions").get(0).path("id").asText()).isEqualTo("useful");
        assertThat(formsPut()).hasSize(3);
    }

    @Test
    void aLecturerOpensTheEndOfClassFormAndTheTraineesAreTold() throws Exception {
        WsTestClient trainee = joined("t01", Role.TRAINEE);
        String lecturer = server.token("l01", Role.LECTURER, "110105", C.value());
        String t01 = server.token("t01", Role.TRAINEE, "110105", C.value());
        assertThat(server.call("POST", BASE + "/forms/final/open", t01, null).code()).isEqualTo(304);
        assertThat(server.call("POST", BASE + "/forms/final/open", server.token("l09", Role.LECTURER, "110105",
                "other-class"), null).code()).isEqualTo(303);

        Reply open = server.call("POST", BASE + "/forms/final/open", lecturer, null);
        assertThat(open.status()).as(open.body().toString()).isEqualTo(200);
        assertThat(open.body().path("formId").asText()).isEqualTo("final");
        assertThat(open.body().path("kind").asText()).isEqualTo("final");
        assertThat(open.body().path("closesAt").asText()).isEqualTo("2026-11-10T16:00:00Z");
        JsonNode told = trainee.awaitType("form.opened");
        assertThat(told.path("formId").asText()).isEqualTo("final");
        assertThat(told.path("day").isNull()).isTrue();
        assertThat(server.call("PUT", BASE + "/forms/final/answer", t01, Map.of("answers", Map.of("course", 5, "lecturers",
                4, "practice", 5, "organisation", 4, "platform", 4, "overall", 5, "start", "三个月内"))).status())
                .isEqualTo(200);

        // opening it again changes nothing; a later closesAt extends it, answers kept
        assertThat(server.call("POST", BASE + "/forms/final/open", lecturer, null).body().path("closesAt").asText())
                .isEqualTo("2026-11-10T16:00:00Z");
        assertThat(formsPut()).hasSize(1);
        Reply longer = server.call("POST", BASE + "/forms/final/open", lecturer, Map.of("closesAt", "2026-11-16T16:00:00Z"));
        assertThat(longer.body().path("closesAt").asText()).isEqualTo("2026-11-16T16:00:00Z");
        assertThat(server.call("POST", BASE + "/forms/final/open", lecturer, Map.of("closesAt", "2026-11-01T00:00:00Z"))
                .message()).contains("closesAt");
        String admin = server.token("a01", Role.ADMIN, "");
        assertThat(server.call("GET", BASE + "/forms", admin, null).body().path("forms").get(0).path("responses").asInt())
                .isEqualTo(1);
    }
}
