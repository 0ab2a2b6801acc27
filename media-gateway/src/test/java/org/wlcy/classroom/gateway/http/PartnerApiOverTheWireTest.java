package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;
import org.wlcy.classroom.participant.Role;

/**
 * The partner API over real HTTP against a whole gateway (issue H partners, issue H "Data sharing"): an
 * admin registers a partner and sees its key once; the key reads what its scopes allow within its
 * region, and is refused with a code for a missing scope (272, naming it), another region's class
 * (273, as for none), a wrong key (270) and, once revoked, 271; a rotated key replaces the old one;
 * the registry survives a restart with the key's hash on disk and never the key; a read of trainees'
 * data is recorded in the class's trace.
 */
class PartnerApiOverTheWireTest {
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private PartnerFixture fx;

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, Clock.systemUTC());
        fx = new PartnerFixture(server);
        fx.seed();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aKeyReadsWhatItsScopesAllowInItsRegionAndNothingElse() throws Exception {
        Reply registered = fx.register("深圳市培训管理平台", "440300", "", "classes:read", "attendance:read");
        assertThat(registered.status()).isEqualTo(201);
        String key = registered.body().path("apiKey").asText();
        assertThat(key).matches("wlcy_pk_[0-9a-f]{12}_[0-9a-f]{64}");
        String partnerId = registered.body().path("partner").path("partnerId").asText();

        Reply classes = fx.get("/api/v1/classes", key);
        assertThat(classes.status()).isEqualTo(200);
        assertThat(classes.body().path("classes").findValuesAsText("classId")).containsExactly(PartnerFixture.SZ);
        JsonNode sz = classes.body().path("classes").get(0);
        assertThat(sz.path("state").asText()).isEqualTo("draft");
        assertThat(sz.path("days").get(0).path("date").asText()).isEqualTo("2027-01-04");
        assertThat(sz.has("roster")).as("the roster is roster:read's").isFalse();
        assertThat(classes.body().path("next").isNull()).isTrue();

        Reply attendance = fx.getWithHeader("/api/v1/classes/" + PartnerFixture.SZ + "/attendance", key);
        assertThat(attendance.status()).isEqualTo(200);
        assertThat(attendance.body().path("trainees").findValuesAsText("userId")).containsExactlyInAnyOrder("t01", "t02");
        JsonNode t01 = attendance.body().path("trainees").get(0);
        assertThat(t01.path("classHours").decimalValue()).isPositive();
        assertThat(t01.path("onlineClassHours").decimalValue().add(t01.path("offlineClassHours").decimalValue()))
                .isEqualByComparingTo(t01.path("classHours").decimalValue());
        assertThat(t01.path("eligible").isBoolean()).isTrue();
        assertThat(attendance.body().path("lessons").get(0).path("start").asText()).endsWith("Z");

        // the read of trainees' attendance is on the class's record, as the regulator desk's reads are
        assertThat(server.trace(new org.wlcy.classroom.classroom.ClassroomId(PartnerFixture.SZ)).stream()
                .filter(e -> e.kind() == org.wlcy.classroom.trace.TraceKind.REGULATOR_READ)
                .map(e -> e.userId().value() + " " + e.data().get("what")).toList())
                .containsExactly("partner:" + partnerId + " partner-attendance");

        Reply roster = fx.get("/api/v1/classes/" + PartnerFixture.SZ + "/roster", key);
        assertThat(roster.status()).isEqualTo(403);
        assertThat(roster.code()).isEqualTo(272);
        assertThat(roster.message()).contains("roster:read");

        Reply elsewhere = fx.get("/api/v1/classes/" + PartnerFixture.BJ + "/attendance", key);
        Reply none = fx.get("/api/v1/classes/c-none/attendance", key);
        assertThat(List.of(elsewhere.status(), elsewhere.code(), none.status(), none.code()))
                .containsExactly(404, 273, 404, 273);

        // wrong, absent and token-shaped keys: 401, 270
        String wrong = key.substring(0, key.length() - 4) + "0000";
        for (String k : new String[] {wrong, null, server.token("a01", Role.ADMIN, "")}) {
            Reply refused = fx.get("/api/v1/classes", k);
            assertThat(List.of(refused.status(), refused.code())).containsExactly(401, 270);
        }

        // the admin's list shows a hint, never the key
        Reply list = server.call("GET", "/api/admin/partners", fx.admin(), null);
        assertThat(list.body().path("partners").get(0).path("keyHint").asText()).startsWith(key.substring(0, 20))
                .endsWith("…");
        assertThat(list.body().toString()).doesNotContain(key.substring(21));
        Reply notAdmin = server.call("GET", "/api/admin/partners", server.token("r1", Role.REGULATOR, "440300"), null);
        assertThat(List.of(notAdmin.status(), notAdmin.code())).containsExactly(403, 304);

        // rotated: the old key stops at once; revoked: 271
        Reply rotated = server.call("POST", "/api/admin/partners/" + partnerId + "/rotate", fx.admin(), null);
        String fresh = rotated.body().path("apiKey").asText();
        assertThat(fresh).isNotEqualTo(key);
        assertThat(fx.get("/api/v1/classes", key).code()).isEqualTo(270);
        assertThat(fx.get("/api/v1/classes", fresh).status()).isEqualTo(200);
        Reply revoked = server.call("DELETE", "/api/admin/partners/" + partnerId, fx.admin(), null);
        assertThat(revoked.body().path("partner").path("state").asText()).isEqualTo("revoked");
        Reply after = fx.get("/api/v1/classes", fresh);
        assertThat(List.of(after.status(), after.code())).containsExactly(401, 271);
        assertThat(server.call("POST", "/api/admin/partners/" + partnerId + "/rotate", fx.admin(), null).code())
                .isEqualTo(274);
    }

    @Test
    void resultsAndCertificatesAreTheAssessmentModulesOwn() throws Exception {
        String key = fx.register("实名系统", "", PartnerFixture.INSTITUTION, "results:read", "certificates:read",
                "roster:read").body().path("apiKey").asText();
        Reply results = fx.get("/api/v1/classes/" + PartnerFixture.SZ + "/results", key);
        assertThat(results.status()).isEqualTo(200);
        JsonNode t01 = null;
        for (JsonNode t : results.body().path("trainees")) {
            if (t.path("userId").asText().equals("t01")) {
                t01 = t;
            }
        }
        assertThat(t01).isNotNull();
        assertThat(t01.path("passed").asBoolean()).isTrue();
        assertThat(t01.path("certificateStatus").asText()).isEqualTo("valid");
        Reply certificates = fx.get("/api/v1/classes/" + PartnerFixture.SZ + "/certificates", key);
        assertThat(certificates.body().path("certificates")).hasSize(1);
        JsonNode c = certificates.body().path("certificates").get(0);
        assertThat(c.path("number").asText()).isEqualTo(t01.path("certificateNumber").asText());
        assertThat(c.path("idNumber").asText()).doesNotContain("19491231");
        assertThat(c.path("firstDay").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        // the institution partner sees no other institution's class
        assertThat(fx.get("/api/v1/classes/" + PartnerFixture.BJ + "/results", key).code()).isEqualTo(273);
        Reply roster = fx.get("/api/v1/classes/" + PartnerFixture.SZ + "/roster", key);
        assertThat(roster.status()).isEqualTo(200);
    }

    @Test
    void badRegistrationsNameTheField() throws Exception {
        Reply unknownScope = fx.register("x", "440300", "", "classes:read", "everything");
        assertThat(List.of(unknownScope.status(), unknownScope.code())).containsExactly(400, 103);
        assertThat(unknownScope.message()).startsWith("scopes[1]");
        Reply noReach = fx.register("x", "", "", "classes:read");
        assertThat(noReach.message()).startsWith("region");
        Reply badRegion = fx.register("x", "44", "", "classes:read");
        assertThat(badRegion.message()).startsWith("region");
        assertThat(server.call("GET", "/api/admin/partners", fx.admin(), null).body().path("partners")).isEmpty();
    }

    @Test
    void classesArePagedByKeyset() throws Exception {
        String admin = fx.admin();
        for (String id : List.of("c-sz-2", "c-sz-3")) {
            server.call("PUT", "/api/admin/classes/" + id, admin, Map.of("name", id, "lecturers", List.of("l01", "l02"),
                    "days", List.of(Map.of("date", "2027-02-01", "classHours", 8))));
        }
        String key = fx.register("平台", "440300", "", "classes:read").body().path("apiKey").asText();
        List<String> seen = new ArrayList<>();
        String after = "";
        int pages = 0;
        do {
            Reply page = fx.get("/api/v1/classes?limit=2" + (after.isEmpty() ? "" : "&after=" + after), key);
            page.body().path("classes").forEach(c -> seen.add(c.path("classId").asText()));
            after = page.body().path("next").isNull() ? "" : page.body().path("next").asText();
            pages++;
        } while (!after.isEmpty() && pages < 5);
        assertThat(seen).containsExactly("c-sz", "c-sz-2", "c-sz-3");
        assertThat(pages).isEqualTo(2);
        assertThat(fx.get("/api/v1/classes?limit=0", key).code()).isEqualTo(103);
    }

    @Test
    void theKeySurvivesARestartAsAHashOnly() throws Exception {
        String key = fx.register("平台", "440300", "", "classes:read").body().path("apiKey").asText();
        server.restart();
        assertThat(fx.get("/api/v1/classes", key).status()).isEqualTo(200);
        String onDisk = Files.readString(dataDir.resolve("partners/partners.json"));
        assertThat(onDisk).doesNotContain(key).doesNotContain(key.substring(21))
                .contains(org.wlcy.classroom.exchange.partner.ApiKey.hash(key));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("partners/partners.json"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
