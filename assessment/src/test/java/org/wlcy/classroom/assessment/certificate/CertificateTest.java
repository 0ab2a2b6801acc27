package org.wlcy.classroom.assessment.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

class CertificateTest {
    private static Certificate certificate(CertificateNumber n, String name) {
        return new Certificate(n, new UserId("t01"), name, new ResidentIdNumber("11010519491231002X").masked(),
                new ClassroomId("c-2026-01"), "网络创业培训第一期", "北京创业培训学校", "110000",
                LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-10"), 56, Instant.parse("2026-11-20T08:00:00Z"));
    }

    @Test
    void numbersCarryACheckDigit() {
        CertificateNumber n = CertificateNumber.of("110000", 2026, 12);
        assertThat(n.value()).matches("110000-2026-000012\\d");
        assertThat(CertificateNumber.parseProblem(n.value())).isEmpty();
        String typo = n.value().replace("-000012", "-000021"); // two digits swapped
        assertThat(CertificateNumber.parseProblem(typo)).hasValueSatisfying(p -> assertThat(p).contains("typo"));
        assertThat(CertificateNumber.parseProblem("hello")).isPresent();
    }

    @Test
    void theSealVerifiesUnderTheServerKeyAndNotAfterAnyChange() throws Exception {
        CheckpointSigner signer = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        Certificate c = certificate(CertificateNumber.of("110000", 2026, 1), "张三");
        CertificateSeal seal = CertificateSeal.seal(c, signer::signTagged, signer.keyId());
        assertThat(seal.verifies(signer.publicKey())).isTrue();
        assertThat(new String(c.signedMessage(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("wlcy-certificate/v1\nnumber=110000-2026-000001")
                .contains("idNumber=110105********002X").doesNotContain("19491231");
        CertificateSeal forged = new CertificateSeal(certificate(c.number(), "李四"), seal.keyId(), seal.signature());
        assertThat(forged.verifies(signer.publicKey())).isFalse();
        CheckpointSigner other = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        assertThat(seal.verifies(other.publicKey())).isFalse();
    }

    @Test
    void theLookupAnswersValidRevokedOrUnknownAndNothingElse() throws Exception {
        CheckpointSigner signer = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        CertificateRegistry registry = new CertificateRegistry();
        assertThat(registry.nextSequence("110000", 2026)).isEqualTo(1);
        CertificateNumber n1 = CertificateNumber.of("110000", 2026, registry.nextSequence("110000", 2026));
        registry.issued(CertificateSeal.seal(certificate(n1, "张三"), signer::signTagged, signer.keyId()));
        CertificateNumber n2 = CertificateNumber.of("110000", 2026, registry.nextSequence("110000", 2026));
        assertThat(n2.value()).startsWith("110000-2026-000002");
        registry.issued(CertificateSeal.seal(certificate(n2, "李 四"), signer::signTagged, signer.keyId()));

        assertThat(registry.lookup(n1.value(), "张三")).isEqualTo(LookupAnswer.VALID);
        assertThat(registry.lookup(" " + n2.value() + " ", "李四")).isEqualTo(LookupAnswer.VALID);
        assertThat(registry.lookup(n1.value(), "李四")).isEqualTo(LookupAnswer.UNKNOWN);
        assertThat(registry.lookup("110000-2026-0000990", "张三")).isEqualTo(LookupAnswer.UNKNOWN);
        registry.revoked(n1, new CertificateRegistry.Revocation(new UserId("a01"), "冒名顶替", Instant.EPOCH));
        assertThat(registry.lookup(n1.value(), "张三")).isEqualTo(LookupAnswer.REVOKED);
        assertThat(registry.revocation(n1)).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("冒名顶替"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "名字\n换行"})
    void fieldsThatCannotBePrintedAreRefused(String name) {
        assertThatThrownBy(() -> certificate(CertificateNumber.of("110000", 2026, 1), name))
                .hasMessageContaining("traineeName");
    }
}
