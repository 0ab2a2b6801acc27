package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.trace.TraceKind;

/**
 * A class's roster, attendance and results exported as CSV (UTF-8 with a BOM, formula-looking text
 * neutralised) and .xlsx (read back with fastexcel-reader: identity numbers stay text) by its
 * institution's admin and its region's regulator; another region's regulator and another
 * institution's admin are refused (issue H).
 */
class ClassExportsOverTheWireTest {
    private static final String CLASS = "sz-exp-01";
    private static final String NAME = "深圳网创第5期";
    private static final String ID_A = EnrolmentServer.id("44030519900101001");
    /** A number whose check character is X: text only, a spreadsheet number cannot hold it. */
    private static final String ID_X = xId();
    private static final String FORMULA_NAME = "=HYPERLINK(\"http://x\",\"y\")";
    @TempDir
    Path dataDir;
    private EnrolmentServer server;
    private final List<WsTestClient> clients = new ArrayList<>();

    private static String xId() {
        for (int i = 1; i < 999; i++) {
            String first17 = "440305199202020" + String.format("%02d", i % 100);
            if (EnrolmentServer.id(first17).endsWith("X")) {
                return EnrolmentServer.id(first17);
            }
        }
        throw new AssertionError("no X check character found");
    }

    @BeforeEach
    void start() throws Exception {
        server = new EnrolmentServer(dataDir, "--auth.devMode=false");
        server.createWithRoster(CLASS, NAME, "姓名,身份证号,手机号\n张三," + ID_A + ",13800138000\n李四," + ID_X
                + ",13900139000\n");
        server.submitAndApprove(CLASS);
        // A lesson: the lecturer, 张三 and a trainee whose token carries a formula-looking name.
        WsTestClient lecturer = join("l01", "讲师甲", Role.LECTURER);
        lecturer.ok("session.start");
        join("t01", "张三", Role.TRAINEE);
        join("t02", FORMULA_NAME, Role.TRAINEE);
        lecturer.ok("session.end");
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        server.close();
    }

    private WsTestClient join(String user, String name, Role role) {
        WsTestClient c = WsTestClient.connect(server.port(), server.tokenNamed(user, name, role,
                EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, CLASS), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS);
        return c;
    }

    private EnrolmentServer.Reply export(String who, String token, String file) throws Exception {
        String base = who.equals("admin") ? "/api/admin/classes/" : "/api/regulator/openings/";
        return server.call("GET", base + CLASS + "/export/" + file, token, null);
    }

    private static List<List<Cell>> sheet(byte[] xlsx) throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<List<Cell>> out = new ArrayList<>();
            for (Row r : wb.getFirstSheet().read()) {
                List<Cell> cells = new ArrayList<>();
                for (int i = 0; i < r.getCellCount(); i++) {
                    cells.add(r.getCell(i));
                }
                out.add(cells);
            }
            return out;
        }
    }

    @Test
    void theRosterAsCsvAndXlsxKeepsChineseNamesAndIdNumbersAsText() throws Exception {
        EnrolmentServer.Reply csv = export("admin", server.admin(), "roster.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"sz-exp-01-roster.csv\"; filename*=UTF-8''")
                .endsWith(URLEncoder.encode(NAME + "-花名册", StandardCharsets.UTF_8) + ".csv");
        assertThat(csv.bytes()).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv.bytes(), StandardCharsets.UTF_8).substring(1);
        assertThat(text.split("\r\n")).hasSize(3);
        assertThat(text.split("\r\n")[1]).isEqualTo("1,张三," + ID_A + ",13800138000,男,," + CLASS + "," + NAME);

        EnrolmentServer.Reply xlsx = export("admin", server.admin(), "roster.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type"))
                .contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<List<Cell>> rows = sheet(xlsx.bytes());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get(2).getText()).isEqualTo("身份证号 idNumber");
        assertThat(rows.get(1).get(1).getText()).isEqualTo("张三");
        assertThat(rows.get(1).get(2).getType()).isEqualTo(CellType.STRING);
        assertThat(rows.get(1).get(2).getText()).isEqualTo(ID_A);
        assertThat(rows.get(2).get(2).getText()).isEqualTo(ID_X);
        assertThat(rows.get(1).get(0).getType()).isEqualTo(CellType.NUMBER);
    }

    @Test
    void attendanceAndResultsCarryTheTraineesOfTheTraceWithFormulasNeutralised() throws Exception {
        String admin = server.admin();
        EnrolmentServer.Reply csv = Await.until("both trainees in the attendance export", Duration.ofSeconds(10),
                () -> {
                    try {
                        return export("admin", admin, "attendance.csv");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, r -> new String(r.bytes(), StandardCharsets.UTF_8).split("\r\n").length == 3);
        String text = new String(csv.bytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("\r\nt01,张三,1,").contains("\r\nt02,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,");

        List<List<Cell>> rows = sheet(export("admin", admin, "attendance.xlsx").bytes());
        assertThat(rows).hasSize(3);
        List<String> names = rows.stream().skip(1).map(r -> r.get(1).getText()).toList();
        assertThat(names).containsExactlyInAnyOrder("张三", "'" + FORMULA_NAME);
        assertThat(rows.stream().skip(1).map(r -> r.get(1).getType()).toList()).containsOnly(CellType.STRING);
        assertThat(rows.get(1).get(2).getType()).isEqualTo(CellType.NUMBER); // lessons: a number

        List<List<Cell>> results = sheet(export("admin", admin, "results.xlsx").bytes());
        assertThat(results.get(0).get(7).getText()).isEqualTo("实践成果得分 score");
        assertThat(results.stream().skip(1).map(r -> r.get(5).getText()).toList())
                .containsExactlyInAnyOrder("张三", "'" + FORMULA_NAME);
        assertThat(results.get(1).get(1).getText()).isEqualTo(NAME);
        EnrolmentServer.Reply resultsCsv = export("admin", admin, "results.csv");
        assertThat(resultsCsv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"sz-exp-01-results.csv\"")
                .endsWith(URLEncoder.encode(NAME + "-考核结果", StandardCharsets.UTF_8) + ".csv");
        assertThat(new String(resultsCsv.bytes(), StandardCharsets.UTF_8)).startsWith("\uFEFF班级 classroomId,");
    }

    @Test
    void theRegulatorOfTheRegionExportsOthersAreRefused() throws Exception {
        EnrolmentServer.Reply ok = export("regulator", server.regulator("440300"), "roster.xlsx");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(sheet(ok.bytes()).get(1).get(1).getText()).isEqualTo("张三");
        // The regulator's read is on the class's record before the answer, as the desk's reads are.
        assertThat(server.gateway().proctoring().store().read(new ClassroomId(CLASS), 0, 10_000).stream()
                .filter(e -> e.kind() == TraceKind.REGULATOR_READ).map(e -> e.userId().value() + ":" + e.data().get("what"))
                .toList()).containsExactly("reg-440300:class-export");

        EnrolmentServer.Reply otherRegion = export("regulator", server.regulator("110000"), "roster.csv");
        assertThat(otherRegion.status()).isEqualTo(403);
        assertThat(otherRegion.code()).isEqualTo(303);
        EnrolmentServer.Reply otherInstitution = export("admin", server.token("admin-gz", Role.ADMIN, "广州职训中心",
                "440100"), "roster.csv");
        assertThat(otherInstitution.status()).isEqualTo(403);
        assertThat(otherInstitution.code()).isEqualTo(304);
        EnrolmentServer.Reply trainee = export("admin", server.token("t01", Role.TRAINEE, EnrolmentServer.INSTITUTION,
                EnrolmentServer.REGION, CLASS), "roster.csv");
        assertThat(trainee.code()).isEqualTo(304);
        assertThat(export("regulator", server.admin(), "roster.csv").code()).isEqualTo(304);
        assertThat(export("admin", null, "roster.csv").status()).isEqualTo(401);
        assertThat(server.call("GET", "/api/admin/classes/nope/export/roster.csv", server.admin(), null).code())
                .isEqualTo(263);
        assertThat(server.call("GET", "/api/admin/classes/" + CLASS + "/export/secrets.csv", server.admin(), null)
                .status()).isEqualTo(404);
    }
}
