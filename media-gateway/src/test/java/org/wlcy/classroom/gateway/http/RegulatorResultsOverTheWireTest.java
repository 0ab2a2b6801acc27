package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The regulator desk's results (Art. 24(3)) over real HTTP: per class and by institution and region,
 * scoped to the regulator's region, filtered by region, institution and time, as CSV for Excel, and
 * every read on the record of the classes it returned.
 */
class RegulatorResultsOverTheWireTest {
    private static final ClassroomId BJ = new ClassroomId("c-bj");
    private static final ClassroomId GD = new ClassroomId("c-gd");
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, Clock.systemUTC());
        server.seedClass(BJ, "北京创业培训学校", "110105", Map.of("t01", "张三", "t02", "李四"));
        server.seedClass(GD, "深圳创业学院", "440305", Map.of("t11", "王五"));
        admin = server.token("a01", Role.ADMIN, "");
        String base = "/api/classes/" + BJ.value();
        String t01 = server.token("t01", Role.TRAINEE, "110105", BJ.value());
        String t02 = server.token("t02", Role.TRAINEE, "110105", BJ.value());
        String scorer = server.token("s01", Role.LECTURER, "110105", "other-class");
        Map<String, Object> practical = Map.of("shopName", "山货小铺", "platform", "微店", "products", "土蜂蜜",
                "orders", 12, "turnoverCents", 356000);
        Map<String, Object> plan = Map.of("positioning", "乡村特产", "customers", "城市白领", "products", "蜂蜜",
                "marketing", "短视频", "operations", "自营", "finance", "启动资金 5000 元");
        for (String t : List.of(t01, t02)) {
            assertThat(server.call("PUT", base + "/submissions/practical", t, Map.of("fields", practical, "submit", true))
                    .status()).isEqualTo(200);
        }
        server.call("PUT", base + "/submissions/plan", t01, Map.of("fields", plan, "submit", true));
        assertThat(server.call("POST", base + "/assessment/scorers", admin, Map.of("scorer", "s01")).status())
                .isEqualTo(200);
        server.call("POST", base + "/scores", scorer, Map.of("trainee", "t01",
                "points", Map.of("shop", 18, "products", 15, "operation", 12, "results", 10, "plan-fit", 10)));
        server.call("POST", base + "/scores", scorer, Map.of("trainee", "t02",
                "points", Map.of("shop", 10, "products", 10, "operation", 10, "results", 10, "plan-fit", 5)));
        Reply issued = server.call("POST", base + "/certificates", admin, Map.of("idNumbers",
                Map.of("t01", "11010519491231002X", "t02", "440524198001010013")));
        assertThat(issued.body().path("issued")).hasSize(1);
        java.time.Instant now = java.time.Instant.now();
        server.call("PUT", base + "/forms/daily-2026-11-09", admin, Map.of("kind", "daily", "day", "2026-11-09",
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plusSeconds(3600).toString()));
        assertThat(server.call("PUT", base + "/forms/daily-2026-11-09/answer", t01, Map.of("answers",
                Map.of("content", 5, "lecturers", 4, "interaction", 3, "pace", "合适"))).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long reads(ClassroomId c, String what, String who) {
        return server.trace(c).stream().filter(e -> e.kind() == TraceKind.REGULATOR_READ
                && what.equals(e.data().get("what")) && e.userId().value().equals(who)).count();
    }

    @Test
    void aRegulatorSeesTheResultsOfTheirRegionPerClassAndGrouped() throws Exception {
        String beijing = server.token("r-bj", Role.REGULATOR, "110000");
        Reply r = server.call("GET", "/api/regulator/results", beijing, null);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().path("classes")).hasSize(1);
        JsonNode c = r.body().path("classes").get(0);
        assertThat(c.path("classroomId").asText()).isEqualTo("c-bj");
        assertThat(c.path("institution").asText()).isEqualTo("北京创业培训学校");
        assertThat(c.path("region").asText()).isEqualTo("110105");
        assertThat(c.path("trainees").asInt()).isEqualTo(2);
        assertThat(c.path("eligible").asInt()).isEqualTo(2);
        assertThat(c.path("scored").asInt()).isEqualTo(2);
        assertThat(c.path("passed").asInt()).isEqualTo(1);
        assertThat(c.path("passRatePercent").asText()).isEqualTo("50.0");
        assertThat(c.path("averageScore").asText()).isEqualTo("55.0");
        assertThat(c.path("plansSubmitted").asInt()).isEqualTo(1);
        assertThat(c.path("certificatesIssued").asInt()).isEqualTo(1);
        assertThat(c.path("certificatesRevoked").asInt()).isZero();
        assertThat(c.path("formResponseRatePercent").asText()).isEqualTo("50.0");
        assertThat(c.path("ratingAverage").asText()).isEqualTo("4.00");
        assertThat(c.path("forms").get(0).path("formId").asText()).isEqualTo("daily-2026-11-09");
        assertThat(c.path("forms").get(0).path("responses").asInt()).isEqualTo(1);
        assertThat(r.body().path("byInstitution").get(0).path("key").asText()).isEqualTo("北京创业培训学校");
        assertThat(r.body().path("byRegion").get(0).path("key").asText()).isEqualTo("110105");
        assertThat(r.body().path("total").path("trainees").asInt()).isEqualTo(2);

        // every read is on the record of the classes it returned, and only those
        assertThat(reads(BJ, "results", "r-bj")).isEqualTo(1);
        assertThat(reads(GD, "results", "r-bj")).isZero();

        // a regulator of another region does not see the class; admins see every class
        Reply guangdong = server.call("GET", "/api/regulator/results", server.token("r-gd", Role.REGULATOR, "440000"),
                null);
        assertThat(guangdong.body().path("classes")).hasSize(1);
        assertThat(guangdong.body().path("classes").get(0).path("classroomId").asText()).isEqualTo("c-gd");
        assertThat(server.call("GET", "/api/regulator/results", admin, null).body().path("classes")).hasSize(2);
        assertThat(server.call("GET", "/api/regulator/results", admin, null).body().path("byRegion")).hasSize(2);
    }

    @Test
    void filtersByRegionInstitutionAndTime() throws Exception {
        assertThat(ids(server.call("GET", "/api/regulator/results?region=44", admin, null))).containsExactly("c-gd");
        assertThat(ids(server.call("GET", "/api/regulator/results?institution=" + AssessmentServer.enc("北京创业培训学校"),
                admin, null))).containsExactly("c-bj");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(ids(server.call("GET", "/api/regulator/results?from=" + today.plusDays(1), admin, null))).isEmpty();
        assertThat(ids(server.call("GET", "/api/regulator/results?from=" + today.minusDays(1) + "&to=" + today.plusDays(1),
                admin, null))).containsExactly("c-bj", "c-gd");
        Reply badDate = server.call("GET", "/api/regulator/results?from=yesterday", admin, null);
        assertThat(badDate.code()).isEqualTo(103);
        String trainee = server.token("t01", Role.TRAINEE, "110105", BJ.value());
        assertThat(server.call("GET", "/api/regulator/results", trainee, null).code()).isEqualTo(304);
        assertThat(server.call("POST", "/api/regulator/results", admin, "{}").status()).isEqualTo(405);
    }

    private static List<String> ids(Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        r.body().path("classes").forEach(c -> out.add(c.path("classroomId").asText()));
        return out;
    }

    @Test
    void theCsvHasOneRowPerTraineeAndOpensInExcel() throws Exception {
        String beijing = server.token("r-bj", Role.REGULATOR, "110000");
        HttpResponse<byte[]> csv = server.get("/api/regulator/results.csv", beijing);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        byte[] b = csv.body();
        assertThat(new byte[] {b[0], b[1], b[2]}).isEqualTo(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        List<String> lines = new String(b, 3, b.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("班级 classroomId,班级名称 className,机构 institution,区域 region,学员编号 userId,"
                + "姓名 name,可参加考核 eligible,实践成果得分 score,规划书已提交 planSubmitted,考核合格 passed,"
                + "证书编号 certificateNumber,证书状态 certificateStatus");
        assertThat(lines).hasSize(3);
        String t01 = lines.stream().filter(l -> l.contains(",t01,")).findFirst().orElseThrow();
        assertThat(t01).startsWith("c-bj,c-bj,北京创业培训学校,110105,t01,张三,是 yes,65,是 yes,是 yes,110105-")
                .endsWith(",有效 valid");
        String t02 = lines.stream().filter(l -> l.contains(",t02,")).findFirst().orElseThrow();
        assertThat(t02).endsWith(",李四,是 yes,45,否 no,否 no,,");
        assertThat(reads(BJ, "results-csv", "r-bj")).isEqualTo(1);
    }
}
