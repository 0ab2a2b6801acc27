package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * Data for the partner API tests (issue H partners): class {@code c-sz} of 深圳职训中心 in 440305 with an
 * enrolment record (plan, draft application) and a trace (a lesson t01 and t02 attended, t01 scored
 * and certified); class {@code c-bj} of another region with a trace only; and calls with a partner key.
 */
final class PartnerFixture {
    static final String SZ = "c-sz";
    static final String BJ = "c-bj";
    static final String INSTITUTION = "深圳职训中心";
    private final AssessmentServer server;

    PartnerFixture(AssessmentServer server) {
        this.server = server;
    }

    String admin() {
        return server.gateway.tokens().issue(new Identity(new UserId("admin-sz"), "管理员", Role.ADMIN, Set.of(),
                INSTITUTION, "440305", Instant.EPOCH), Duration.ofHours(1));
    }

    void seed() throws Exception {
        String admin = admin();
        Reply plan = server.call("PUT", "/api/admin/classes/" + SZ, admin, Map.of("name", "深圳网创第1期",
                "lecturers", List.of("l01", "l02"), "days", IntStream.range(0, 7).mapToObj(i -> Map.of(
                        "date", "2027-01-" + String.format("%02d", 4 + i), "classHours", 8, "online", i < 2)).toList()));
        assertThat(plan.status()).isEqualTo(200);
        server.seedClass(new ClassroomId(SZ), INSTITUTION, "440305", Map.of("t01", "张三", "t02", "李四"));
        server.seedClass(new ClassroomId(BJ), "北京创业培训学校", "110105", Map.of("t11", "王五"));
        String base = "/api/classes/" + SZ;
        String t01 = server.token("t01", Role.TRAINEE, "440305", SZ);
        assertThat(server.call("PUT", base + "/submissions/practical", t01, Map.of("fields", Map.of("shopName", "山货小铺",
                "platform", "微店", "products", "土蜂蜜", "orders", 12, "turnoverCents", 356000), "submit", true))
                .status()).isEqualTo(200);
        server.call("PUT", base + "/submissions/plan", t01, Map.of("fields", Map.of("positioning", "乡村特产",
                "customers", "城市白领", "products", "蜂蜜", "marketing", "短视频", "operations", "自营",
                "finance", "启动资金 5000 元"), "submit", true));
        String globalAdmin = server.token("a01", Role.ADMIN, "");
        assertThat(server.call("POST", base + "/assessment/scorers", globalAdmin, Map.of("scorer", "s01")).status())
                .isEqualTo(200);
        server.call("POST", base + "/scores", server.token("s01", Role.LECTURER, "440305", "other"), Map.of(
                "trainee", "t01", "points", Map.of("shop", 18, "products", 15, "operation", 12, "results", 10,
                        "plan-fit", 10)));
        Reply issued = server.call("POST", base + "/certificates", globalAdmin, Map.of("idNumbers",
                Map.of("t01", "11010519491231002X")));
        assertThat(issued.body().path("issued")).hasSize(1);
    }

    /** Registers a partner; returns the reply (the key is {@code apiKey}). */
    Reply register(String name, String region, String institution, String... scopes) throws Exception {
        return server.call("POST", "/api/admin/partners", admin(), Map.of("name", name, "region", region,
                "institution", institution, "scopes", List.of(scopes)));
    }

    Reply get(String path, String key) throws Exception {
        return server.call("GET", path, key, null);
    }

    Reply getWithHeader(String path, String key) throws Exception {
        return server.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Api-Key", key).GET().build());
    }
}
