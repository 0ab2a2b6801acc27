package org.wlcy.classroom.assessment.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/** The PDFs with the real CJK font: their text reads back in Chinese, and the certificate verifies offline. */
class PrintTest {
    private static Path font() {
        return CjkFont.find(null).orElseThrow(() -> new AssertionError(CjkFont.missingHint()));
    }

    @Test
    void thePlanPrintsEverySectionInChineseOverSeveralPages() throws Exception {
        String longText = "我们的网店主营家乡的土蜂蜜与核桃，面向城市白领。".repeat(60);
        Submission plan = new Submission(SubmissionKind.BUSINESS_PLAN, new UserId("t01"), 2,
                Map.of("positioning", longText, "customers", "城市白领 and students", "finance", "启动资金 5000 元"),
                List.of(), Instant.parse("2026-11-10T08:00:00Z"));
        byte[] pdf = PlanPdf.render(font(), plan, "张三", "网络创业培训示范班", ZoneId.of("Asia/Shanghai"));
        java.nio.file.Files.write(Path.of("target", "plan-example.pdf"), pdf); // to look at
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
            assertThat(text).contains("网络创业规划书", "张三", "第2版", "网店定位与经营理念", "城市白领andstudents",
                    "启动资金5000元", "（未填写）");
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
        }
    }

    @Test
    void theCertificateCarriesItsSignatureAndAQrCode() throws Exception {
        CheckpointSigner signer = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        Certificate c = new Certificate(CertificateNumber.of("110105", 2026, 1), new UserId("t01"), "张三",
                "110105********002X", new ClassroomId("c1"), "网络创业培训示范班", "北京创业培训学校", "110105",
                LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-10"), 56, Instant.parse("2026-11-20T08:00:00Z"));
        CertificateSeal seal = CertificateSeal.seal(c, signer::signTagged, signer.keyId());
        byte[] pdf = CertificatePdf.render(font(), seal, "http://localhost:8080/certificate.html?number=" + c.number(),
                ZoneId.of("Asia/Shanghai"));
        java.nio.file.Files.write(Path.of("target", "certificate-example.pdf"), pdf); // to look at
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
            assertThat(text).contains("网络创业培训合格证书", "张三", "110105********002X", c.number().value(), "56课时");
            var info = doc.getDocumentInformation();
            byte[] message = Base64.getDecoder().decode(info.getCustomMetadataValue(CertificatePdf.MESSAGE_KEY));
            byte[] sig = Base64.getDecoder().decode(info.getCustomMetadataValue(CertificatePdf.SIGNATURE_KEY));
            assertThat(message).isEqualTo(c.signedMessage());
            assertThat(CheckpointSigner.verify(signer.publicKey(), message, sig)).isTrue();
            assertThat(info.getCustomMetadataValue(CertificatePdf.KEY_ID_KEY)).isEqualTo(signer.keyId());
        }
    }
}
