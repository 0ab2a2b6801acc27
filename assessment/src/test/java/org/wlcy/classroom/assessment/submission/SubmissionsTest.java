package org.wlcy.classroom.assessment.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

class SubmissionsTest {
    private static final UserId T = new UserId("t01");
    private static final Instant NOW = Instant.parse("2026-11-09T10:00:00Z");

    private static Map<String, Object> practical() {
        Map<String, Object> m = new HashMap<>();
        m.put("shopName", "山货小铺");
        m.put("platform", "微店");
        m.put("products", "土蜂蜜、核桃");
        m.put("orders", 12);
        m.put("turnoverCents", 356_000L);
        return m;
    }

    private static byte[] zip(String entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void draftsAreSavedIncompleteAndSubmittingKeepsVersions() {
        SubmissionBook book = new SubmissionBook();
        Submission draft = book.next(SubmissionKind.PRACTICAL_RESULTS, T, Map.of("shopName", "山货小铺"), List.of(), false, NOW);
        assertThat(draft.draft()).isTrue();
        book.apply(draft);
        assertThat(book.draft(SubmissionKind.PRACTICAL_RESULTS, T)).isPresent();

        assertThatThrownBy(() -> book.next(SubmissionKind.PRACTICAL_RESULTS, T, Map.of("shopName", "山货小铺"), List.of(),
                true, NOW)).hasMessageContaining("fields.platform: required to submit");

        Submission v1 = book.next(SubmissionKind.PRACTICAL_RESULTS, T, practical(), List.of(), true, NOW);
        book.apply(v1);
        Map<String, Object> more = practical();
        more.put("orders", 15);
        Submission v2 = book.next(SubmissionKind.PRACTICAL_RESULTS, T, more, List.of(), true, NOW.plusSeconds(60));
        book.apply(v2);
        assertThat(book.versions(SubmissionKind.PRACTICAL_RESULTS, T)).extracting(Submission::version).containsExactly(1, 2);
        assertThat(book.latest(SubmissionKind.PRACTICAL_RESULTS, T)).hasValueSatisfying(
                s -> assertThat(s.fields()).containsEntry("orders", 15L));
        assertThat(book.draft(SubmissionKind.PRACTICAL_RESULTS, T)).isEmpty();
    }

    @Test
    void afterTheDeadlineNothingChanges() {
        SubmissionBook book = new SubmissionBook();
        book.deadline(SubmissionKind.BUSINESS_PLAN, NOW);
        assertThatThrownBy(() -> book.next(SubmissionKind.BUSINESS_PLAN, T, Map.of(), List.of(), false, NOW))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_CLOSED);
                    assertThat(e.getMessage()).contains("final");
                });
        book.next(SubmissionKind.BUSINESS_PLAN, T, Map.of("positioning", "x"), List.of(), false, NOW.minusSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders        | -1       | fields.orders: a whole number 0-1000000",
            "orders        | 2.5      | fields.orders: a whole number",
            "platform      | 亚马逊   | fields.platform: must be one of",
            "secret        | x        | fields.secret: no such field"})
    void wrongFieldsAreNamed(String field, String value, String message) {
        Map<String, Object> m = practical();
        Object v = value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value.matches("[\\d.]+") ? Double.valueOf(value) : value;
        m.put(field, v);
        assertThatThrownBy(() -> new SubmissionBook().next(SubmissionKind.PRACTICAL_RESULTS, T, m, List.of(), true, NOW))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void attachmentsAreJudgedByContentAndSize() throws Exception {
        AttachmentRule rule = new AttachmentRule(64 * 1024);
        assertThat(rule.check(SubmissionKind.BUSINESS_PLAN, "规划书.pdf", "%PDF-1.7 ...".getBytes())).isEqualTo("pdf");
        assertThat(rule.check(SubmissionKind.BUSINESS_PLAN, "规划书.docx", zip("word/document.xml"))).isEqualTo("docx");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};
        assertThat(rule.check(SubmissionKind.PRACTICAL_RESULTS, "订单截图.png", png)).isEqualTo("png");

        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "截图.png", png), "takes PDF or Word");
        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "plan.docx", zip("other.txt")), "a ZIP archive");
        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "plan.pdf", "MZ\u0090".getBytes()), "not a file type");
        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "plan.exe", "%PDF-1.4".getBytes()), "its name says .exe");
        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "big.pdf", new byte[65 * 1024]), "at most 64 KiB");
        assertRefused(() -> rule.check(SubmissionKind.BUSINESS_PLAN, "old.doc",
                new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, 0}), "save it as .docx or PDF");
        // evidence takes the four types only: not a ZIP, not an old .doc
        assertRefused(() -> rule.check(SubmissionKind.PRACTICAL_RESULTS, "证据.zip", zip("a.txt")),
                "takes PDF, Word (.docx), PNG or JPEG");
        assertRefused(() -> rule.check(SubmissionKind.PRACTICAL_RESULTS, "old.doc",
                new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, 0}), "takes PDF, Word (.docx), PNG or JPEG");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ClassroomException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ATTACHMENT_REFUSED);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
