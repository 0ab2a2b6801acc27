package org.wlcy.classroom.assessment.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/** The offline check of a certificate PDF: the genuine one is valid; every kind of tampering is told apart. */
class CertificatePdfVerifierTest {
    private final CertificateSamples s = new CertificateSamples();
    private final CertificatePdfVerifier verifier = new CertificatePdfVerifier(s.signer.publicKey());
    @TempDir
    Path dir;

    @Test
    void theGenuinePdfIsValidAndShowsItsSignedFields() {
        CertificatePdfVerifier.Verdict v = verifier.verify(s.pdf);
        assertThat(v.problem()).isNull();
        assertThat(v.valid()).isTrue();
        assertThat(v.fields()).containsEntry("name", "张三").containsEntry("number", "110105-2026-0000015")
                .containsEntry("classHours", "56").containsKeys(CertificatePdfVerifier.FIELDS.toArray(String[]::new));
        assertThat(v.keyId()).isEqualTo(s.signer.keyId());
    }

    @Test
    void anEditedMessageAnotherSignatureOrAnotherKeyFailTheSignature() throws Exception {
        assertThat(verifier.verify(s.withMessageEdited("name=张三", "name=李四")).problem())
                .contains("signature does not match");
        byte[] sig = s.signer.signTagged("wlcy-certificate/v1", "x".getBytes());
        byte[] otherSignature = CertificateSamples.withInfo(s.pdf, info -> {
            info.setCustomMetadataValue(CertificatePdf.SIGNATURE_KEY, Base64.getEncoder().encodeToString(sig));
            return info;
        });
        assertThat(verifier.verify(otherSignature).valid()).isFalse();
        CheckpointSigner stranger = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        assertThat(new CertificatePdfVerifier(stranger.publicKey()).verify(s.pdf).problem())
                .contains("signature does not match", "the certificate names key " + s.signer.keyId());
    }

    @Test
    void aPageShowingAnotherNameUnderTheGenuineSignatureFails() {
        CertificatePdfVerifier.Verdict v = verifier.verify(s.withPageShowing("李四"));
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("page does not show the signed name \"张三\"");
    }

    @Test
    void notACertificateOrNotAPdfAtAll() {
        byte[] stripped = CertificateSamples.withInfo(s.pdf, info -> new org.apache.pdfbox.pdmodel.PDDocumentInformation());
        assertThat(verifier.verify(stripped).problem()).contains("has no wlcy-certificate");
        assertThat(verifier.verify("MZ this is no PDF".getBytes()).problem()).startsWith("not a readable PDF");
        byte[] notV1 = CertificateSamples.withInfo(s.pdf, info -> {
            info.setCustomMetadataValue(CertificatePdf.MESSAGE_KEY, Base64.getEncoder().encodeToString("hello\n".getBytes()));
            return info;
        });
        assertThat(verifier.verify(notV1).problem()).contains("not a wlcy-certificate/v1 message");
    }

    @Test
    void theCommandPrintsTheFieldsAndExitsZeroOneOrTwo() throws Exception {
        Path key = Files.writeString(dir.resolve("trace-public-key.pem"), s.signer.publicKeyPem());
        Path good = Files.write(dir.resolve("good.pdf"), s.pdf);
        Path bad = Files.write(dir.resolve("bad.pdf"), s.withMessageEdited("classHours=56", "classHours=96"));
        Run ok = run(good.toString(), "--public-key", key.toString());
        assertThat(ok.code).isZero();
        assertThat(ok.out).contains("name         张三", "VALID: signed by the trusted key " + s.signer.keyId());
        Run tampered = run(bad.toString(), "--public-key", key.toString());
        assertThat(tampered.code).isEqualTo(1);
        assertThat(tampered.out).contains("classHours   96", "not trusted", "INVALID: the signature does not match");
        assertThat(run(good.toString()).code).isEqualTo(2);
        assertThat(run(dir.resolve("missing.pdf").toString(), "--public-key", key.toString()).code).isEqualTo(2);
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCertificateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
