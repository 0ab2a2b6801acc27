package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;

class CheckpointSignerTest {
    private static final ClassroomId CLASS = new ClassroomId("wlcy-2026-11-sz01");
    private static final Instant AT = Instant.parse("2026-11-29T08:01:00.5Z");

    @Test
    void createsTheKeyPairOnceWithAPrivateFileOnlyTheOwnerCanRead(@TempDir Path data) throws Exception {
        CheckpointSigner first = CheckpointSigner.openOrCreate(data);
        Path priv = data.resolve("trace-keys/ed25519.pk8");
        Path pub = data.resolve("trace-keys/ed25519.pub");
        assertThat(priv).exists();
        assertThat(pub).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(pub)).isEqualTo(first.publicKey().getEncoded());
        try (var list = Files.list(data.resolve("trace-keys"))) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ed25519.pk8", "ed25519.pub");
        }

        CheckpointSigner again = CheckpointSigner.openOrCreate(data);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        Checkpoint cp = again.sign(CLASS, 5, MerkleTree.emptyRoot(), AT);
        assertThat(CheckpointSigner.verify(cp, first.publicKey())).isTrue();
    }

    @Test
    void refusesALonePublicOrPrivateKeyFile(@TempDir Path data) throws Exception {
        CheckpointSigner.openOrCreate(data);
        Files.delete(data.resolve("trace-keys/ed25519.pub"));
        assertThatThrownBy(() -> CheckpointSigner.openOrCreate(data)).hasMessageContaining("restore");
    }

    @Test
    void theSignedMessageIsTheDocumentedText() {
        byte[] msg = CheckpointSigner.message(CLASS, 1000, "ab".repeat(32), AT);
        assertThat(new String(msg, StandardCharsets.UTF_8)).isEqualTo("wlcy-trace-checkpoint/v1\nwlcy-2026-11-sz01\n1000\n"
                + "ab".repeat(32) + "\n2026-11-29T08:01:00.500000Z\n");
    }

    @Test
    void signaturesVerifyOnlyForTheSignedFieldsAndKey() {
        CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
        CheckpointSigner other = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 2));
        Checkpoint cp = signer.sign(CLASS, 7, MerkleTree.emptyRoot(), AT.plusNanos(999));
        assertThat(cp.issuedAt()).isEqualTo(AT);
        assertThat(cp.keyId()).isEqualTo(signer.keyId()).hasSize(16);
        assertThat(CheckpointSigner.verify(cp, signer.publicKey())).isTrue();
        assertThat(CheckpointSigner.verify(cp, other.publicKey())).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(CLASS, 8, cp.rootHash(), AT, cp.keyId(), cp.signature()),
                signer.publicKey())).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(new ClassroomId("other"), 7, cp.rootHash(), AT, cp.keyId(),
                cp.signature()), signer.publicKey())).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(CLASS, 7, "00".repeat(32), AT, cp.keyId(), cp.signature()),
                signer.publicKey())).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(CLASS, 7, cp.rootHash(), AT.plusNanos(1000), cp.keyId(),
                cp.signature()), signer.publicKey())).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(CLASS, 7, cp.rootHash(), AT, cp.keyId(), "not base64!"),
                signer.publicKey())).isFalse();
    }

    @Test
    void thePublicKeyExportsAsPemAndRawBase64AndReadsBack() {
        CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
        String pem = signer.publicKeyPem();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
        byte[] raw = Base64.getDecoder().decode(signer.rawPublicKeyBase64());
        assertThat(raw).hasSize(32);
        assertThat(CheckpointSigner.parsePublicKey(pem).getEncoded()).isEqualTo(signer.publicKey().getEncoded());
        assertThat(CheckpointSigner.parsePublicKey(signer.rawPublicKeyBase64() + "\n").getEncoded())
                .isEqualTo(signer.publicKey().getEncoded());
        assertThat(signer.keyId()).isEqualTo(MerkleTree.hex(MerkleTree.sha256(raw)).substring(0, 16));
        assertThatThrownBy(() -> CheckpointSigner.parsePublicKey("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointSigner.parsePublicKey(pem.replace("MCow", "MC@w")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
