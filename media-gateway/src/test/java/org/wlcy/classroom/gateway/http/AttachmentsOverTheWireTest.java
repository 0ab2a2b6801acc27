package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Submission attachments over real HTTP (issue G): uploads larger than the 64 KiB a REST body may
 * carry stream in, are checked by content and stored by their SHA-256; oversized, wrong-type and
 * renamed files are refused with nothing kept; a submission names only its trainee's own uploads;
 * downloads go to the owner, the class's lecturers and scorers, admins and regulators of the region.
 */
class AttachmentsOverTheWireTest {
    private static final ClassroomId C = new ClassroomId("c-2026-g");
    private static final String BASE = "/api/classes/" + C.value();
    private static final int MAX_KIB = 256;
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private String t01;
    private String t02;

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, Clock.systemUTC(), "--assessment.maxAttachmentKilobytes=" + MAX_KIB);
        server.seedClass(C, "北京创业培训学校", "110105", Map.of("t01", "张三", "t02", "李四"));
        t01 = server.token("t01", Role.TRAINEE, "110105", C.value());
        t02 = server.token("t02", Role.TRAINEE, "110105", C.value());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] png(int size) {
        byte[] b = new byte[size];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
        return b;
    }

    private static byte[] pdf(int size) {
        byte[] b = new byte[size];
        byte[] head = "%PDF-1.7\n".getBytes();
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static byte[] docx() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("word/document.xml");
            entry.setTime(0); // the same bytes on every call (a zip entry carries its time)
            zip.putNextEntry(entry);
            zip.write("<w:document/>".getBytes());
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private Reply upload(String token, String kind, String fileName, byte[] bytes) throws Exception {
        return server.send(server.request(BASE + "/attachments?kind=" + kind + "&fileName=" + AssessmentServer.enc(fileName),
                token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** The same without a length: chunked transfer, so only the streamed count can tell the size. */
    private Reply uploadChunked(String token, String kind, String fileName, byte[] bytes) throws Exception {
        return server.send(server.request(BASE + "/attachments?kind=" + kind + "&fileName=" + AssessmentServer.enc(fileName),
                token).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
    }

    private List<String> stored() throws Exception {
        Path folder = dataDir.resolve("assessment").resolve("attachments");
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long uploadsOnRecord() {
        return server.trace(C).stream().filter(e -> e.kind() == TraceKind.ATTACHMENT_UPLOADED).count();
    }

    @Test
    void evidenceAndAPlanStreamInAreCheckedStoredByHashAndNamedInSubmissions() throws Exception {
        byte[] screenshot = png(100 * 1024);
        byte[] plan = pdf(200 * 1024); // three times what the aggregator takes
        Reply shot = upload(t01, "practical", "订单截图.PNG", screenshot);
        assertThat(shot.status()).as(shot.body().toString()).isEqualTo(200);
        assertThat(shot.body().path("sha256").asText()).isEqualTo(sha(screenshot));
        assertThat(shot.body().path("type").asText()).isEqualTo("png");
        assertThat(shot.body().path("bytes").asLong()).isEqualTo(screenshot.length);
        assertThat(shot.body().path("fileName").asText()).isEqualTo("订单截图.PNG");
        Reply planFile = uploadChunked(t01, "plan", "网店规划书.pdf", plan);
        assertThat(planFile.status()).as(planFile.body().toString()).isEqualTo(200);
        Reply word = upload(t01, "practical", "运营记录.docx", docx());
        assertThat(word.body().path("type").asText()).isEqualTo("docx");
        assertThat(stored()).containsExactlyInAnyOrder(sha(screenshot), sha(plan), sha(docx()));
        assertThat(Files.readAllBytes(dataDir.resolve("assessment/attachments/" + sha(plan)))).isEqualTo(plan);

        Reply practical = server.call("PUT", BASE + "/submissions/practical", t01, Map.of("fields",
                Map.of("shopName", "山货小铺", "platform", "微店", "products", "土蜂蜜", "orders", 12, "turnoverCents", 356000),
                "attachments", List.of(Map.of("sha256", sha(screenshot), "fileName", "订单截图.png"),
                        Map.of("sha256", sha(docx()), "fileName", "运营记录.docx")), "submit", true));
        assertThat(practical.status()).as(practical.body().toString()).isEqualTo(200);
        assertThat(practical.body().path("attachments")).hasSize(2);
        assertThat(practical.body().path("attachments").get(0).path("type").asText()).isEqualTo("png");
        TraceEvent saved = server.trace(C).stream().filter(e -> e.kind() == TraceKind.SUBMISSION_SAVED)
                .reduce((a, b) -> b).orElseThrow();
        assertThat((String) saved.data().get("attachments")).contains(sha(screenshot), "\"bytes\":" + screenshot.length);

        // a PNG is no business plan, even one uploaded as evidence; and one's own files only
        Reply pngAsPlan = server.call("PUT", BASE + "/submissions/plan", t01, Map.of("fields", Map.of(),
                "attachments", List.of(Map.of("sha256", sha(screenshot), "fileName", "订单截图.png"))));
        assertThat(pngAsPlan.code()).isEqualTo(255);
        Reply someoneElses = server.call("PUT", BASE + "/submissions/practical", t02, Map.of("fields", Map.of(),
                "attachments", List.of(Map.of("sha256", sha(screenshot), "fileName", "偷来的.png"))));
        assertThat(someoneElses.status()).isEqualTo(400);
        assertThat(someoneElses.code()).isEqualTo(103);
        assertThat(someoneElses.message()).contains("attachments[0].sha256", "not a file you uploaded");
        Reply bad = server.call("PUT", BASE + "/submissions/practical", t01, Map.of("fields", Map.of(),
                "attachments", List.of(Map.of("sha256", "../../etc/passwd"))));
        assertThat(bad.message()).contains("attachments[0].sha256");
        Reply renamed = server.call("PUT", BASE + "/submissions/plan", t01, Map.of("fields", Map.of(),
                "attachments", List.of(Map.of("sha256", sha(plan), "fileName", "plan.exe"))));
        assertThat(renamed.code()).isEqualTo(255);
        assertThat(server.call("PUT", BASE + "/submissions/plan", t01, Map.of("fields", Map.of(),
                "attachments", List.of(Map.of("sha256", sha(plan), "fileName", "网店规划书.pdf")))).status()).isEqualTo(200);

        // still there after a restart: the file, the record, the submission
        server.restart();
        HttpResponse<byte[]> again = server.get(BASE + "/attachments/" + sha(plan), t01);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(plan);
        assertThat(server.call("GET", BASE + "/submissions/practical", t01, null).body().path("versions").get(0)
                .path("attachments").get(1).path("fileName").asText()).isEqualTo("运营记录.docx");
    }

    @Test
    void oversizedWrongTypeAndRenamedFilesAreRefusedAndNothingIsKept() throws Exception {
        byte[] big = pdf(MAX_KIB * 1024 + 1);
        Reply declared = upload(t01, "plan", "规划书.pdf", big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.code()).isEqualTo(255);
        assertThat(declared.message()).contains("larger than " + MAX_KIB + " KiB", "nothing of it was kept");
        Reply streamed = uploadChunked(t01, "plan", "规划书.pdf", big);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.code()).isEqualTo(255);

        Reply pngPlan = upload(t01, "plan", "截图.png", png(2048));
        assertThat(pngPlan.status()).isEqualTo(415);
        assertThat(pngPlan.message()).contains("takes PDF or Word (.docx)");
        byte[] exe = new byte[4096];
        exe[0] = 'M';
        exe[1] = 'Z';
        Reply exeAsPdf = upload(t01, "plan", "规划书.pdf", exe);
        assertThat(exeAsPdf.code()).isEqualTo(255);
        assertThat(exeAsPdf.message()).contains("not a file type we take");
        Reply pdfAsExe = upload(t01, "practical", "setup.exe", pdf(2048));
        assertThat(pdfAsExe.code()).isEqualTo(255);
        assertThat(pdfAsExe.message()).contains("its name says .exe");
        Reply zip = upload(t01, "practical", "证据.zip", docxWithout());
        assertThat(zip.code()).isEqualTo(255);
        assertThat(upload(t01, "practical", "空.png", new byte[0]).code()).isEqualTo(255);
        assertThat(upload(t01, "practical", "", png(100)).message()).contains("fileName");
        assertThat(upload(t01, "essay", "a.png", png(100)).message()).contains("kind");

        String teacher = server.token("l01", Role.LECTURER, "110105", C.value());
        assertThat(upload(teacher, "plan", "a.pdf", pdf(100)).code()).isEqualTo(304);
        String outsider = server.token("t09", Role.TRAINEE, "110105", "other-class");
        assertThat(upload(outsider, "plan", "a.pdf", pdf(100)).code()).isEqualTo(303);
        assertThat(upload(null, "plan", "a.pdf", pdf(100)).status()).isEqualTo(401);

        assertThat(stored()).isEmpty();
        assertThat(uploadsOnRecord()).isZero();
        // and the connection still serves what follows
        assertThat(upload(t01, "practical", "ok.png", png(100)).status()).isEqualTo(200);
    }

    private static byte[] docxWithout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hi".getBytes());
            z.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void downloadsGoToTheOwnerTheClassesLecturersScorersAdminsAndRegulatorsOfItsRegion() throws Exception {
        byte[] screenshot = png(5000);
        String hash = upload(t01, "practical", "订单 截图.png", screenshot).body().path("sha256").asText();
        String admin = server.token("a01", Role.ADMIN, "");
        String teacher = server.token("l01", Role.LECTURER, "110105", C.value());
        String scorer = server.token("s01", Role.LECTURER, "110105", "other-class");
        String stranger = server.token("s02", Role.LECTURER, "110105", "other-class");
        String beijing = server.token("r-bj", Role.REGULATOR, "110000");
        String guangdong = server.token("r-gd", Role.REGULATOR, "440000");
        assertThat(server.call("POST", BASE + "/assessment/scorers", admin, Map.of("scorer", "s01")).status())
                .isEqualTo(200);

        HttpResponse<byte[]> own = server.get(BASE + "/attachments/" + hash, t01);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(screenshot);
        assertThat(own.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(own.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(own.headers().firstValue("content-disposition").orElseThrow())
                .startsWith("attachment;").contains("filename*=UTF-8''%E8%AE%A2%E5%8D%95%20%E6%88%AA%E5%9B%BE.png");
        for (String allowed : List.of(teacher, scorer, admin, beijing)) {
            assertThat(server.get(BASE + "/attachments/" + hash, allowed).statusCode()).isEqualTo(200);
        }
        assertThat(server.get(BASE + "/attachments/" + hash, t02).statusCode()).isEqualTo(403);
        assertThat(server.get(BASE + "/attachments/" + hash, stranger).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> outOfRegion = server.get(BASE + "/attachments/" + hash, guangdong);
        assertThat(outOfRegion.statusCode()).isEqualTo(403);
        assertThat(new String(outOfRegion.body())).contains("\"code\":303", "outside your region");
        HttpResponse<byte[]> unknown = server.get(BASE + "/attachments/" + "0".repeat(64), admin);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new String(unknown.body())).contains("\"code\":257");
        assertThat(server.trace(C).stream().filter(e -> e.kind() == TraceKind.REGULATOR_READ)
                .map(e -> e.data().get("what") + " " + e.data().get("subject") + " " + e.userId()).toList())
                .containsExactly("attachment " + hash + " r-bj");
    }
}
