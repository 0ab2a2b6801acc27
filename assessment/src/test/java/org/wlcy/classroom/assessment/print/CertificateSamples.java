package org.wlcy.classroom.assessment.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/** A signed certificate PDF and ways to tamper with it, for the verification tests. */
final class CertificateSamples {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    final CheckpointSigner signer;
    final Certificate certificate;
    final byte[] pdf;

    CertificateSamples() {
        try {
            signer = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        certificate = certificate("张三");
        pdf = render(certificate);
    }

    static Path font() {
        return CjkFont.find(null).orElseThrow(() -> new AssertionError(CjkFont.missingHint()));
    }

    static Certificate certificate(String name) {
        return new Certificate(CertificateNumber.of("110105", 2026, 1), new UserId("t01"), name,
                "110105********002X", new ClassroomId("c-2026-g"), "网络创业培训示范班", "北京创业培训学校", "110105",
                LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-10"), 56, Instant.parse("2026-11-20T08:00:00Z"));
    }

    byte[] render(Certificate c) {
        return CertificatePdf.render(font(), CertificateSeal.seal(c, signer::signTagged, signer.keyId()),
                "http://localhost:8080/certificate.html?number=" + c.number(), ZONE);
    }

    /** The PDF with its document information changed, saved again. */
    static byte[] withInfo(byte[] pdf, UnaryOperator<PDDocumentInformation> change) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            doc.setDocumentInformation(change.apply(doc.getDocumentInformation()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The genuine signed message with one text replaced (base64 in the PDF). */
    byte[] withMessageEdited(String from, String to) {
        String message = new String(certificate.signedMessage(), StandardCharsets.UTF_8).replace(from, to);
        return withInfo(pdf, info -> {
            info.setCustomMetadataValue(CertificatePdf.MESSAGE_KEY,
                    Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
            return info;
        });
    }

    /** Another name printed on the page, with the genuine message and signature copied in. */
    byte[] withPageShowing(String otherName) {
        byte[] genuineInfoSource = pdf;
        PDDocumentInformation genuine;
        try (PDDocument doc = Loader.loadPDF(genuineInfoSource)) {
            genuine = doc.getDocumentInformation();
            String m = genuine.getCustomMetadataValue(CertificatePdf.MESSAGE_KEY);
            String s = genuine.getCustomMetadataValue(CertificatePdf.SIGNATURE_KEY);
            return withInfo(render(certificate(otherName)), info -> {
                info.setCustomMetadataValue(CertificatePdf.MESSAGE_KEY, m);
                info.setCustomMetadataValue(CertificatePdf.SIGNATURE_KEY, s);
                return info;
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
