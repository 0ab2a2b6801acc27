package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.testing.MutableClock;

/**
 * issue L witnesses: the C2SP formats against the specifications' own examples (c2sp.org/signed-note's
 * verifier key and signed note; c2sp.org/tlog-cosignature's cosignature line and its time), and the
 * worked example of docs/trace-bundle.md §9.2 (our checkpoint as a note, computed by this code).
 */
class CheckpointNoteTest {
    /** c2sp.org/signed-note, "Verifier keys" example. */
    private static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    /** c2sp.org/signed-note, the example note signed by that key. */
    private static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void theSignedNoteSpecExampleVerifiesAndItsKeyHashIsRecomputed() {
        CheckpointNote.VerifierKey k = CheckpointNote.VerifierKey.parse(SPEC_VKEY);
        assertThat(k.name()).isEqualTo("example.com/foo");
        assertThat(k.type()).isEqualTo(CheckpointNote.ED25519);
        assertThat(HexFormat.of().formatHex(k.keyHash())).isEqualTo("530d903a");
        assertThat(k.text()).isEqualTo(SPEC_VKEY);
        CheckpointNote.Note note = CheckpointNote.Note.parse(SPEC_NOTE);
        assertThat(note.body()).isEqualTo("This is an example message.\n");
        assertThat(note.text()).isEqualTo(SPEC_NOTE);
        assertThat(CheckpointNote.verifyNoteSignature(k, note.body(), note.signatures().get(0))).isTrue();
        assertThat(CheckpointNote.verifyNoteSignature(k, "This is an example message!\n", note.signatures().get(0))).isFalse();
        assertThatThrownBy(() -> CheckpointNote.VerifierKey.parse(SPEC_VKEY.replace("530d903a", "530d903b")))
                .hasMessageContaining("is not the one of its name and key");
    }

    @Test
    void theCosignatureSpecExampleLineCarriesItsTimeAndAKeyHash() {
        // c2sp.org/tlog-cosignature: the example cosignature and the "time 1679315147" of its signed message
        CheckpointNote.SignatureLine l = CheckpointNote.SignatureLine.parse("\u2014 witness.example.com/w1 "
                + "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==");
        assertThat(l.name()).isEqualTo("witness.example.com/w1");
        assertThat(l.signature()).hasSize(8 + 64);
        assertThat(ByteBuffer.wrap(l.signature()).getLong()).isEqualTo(1679315147L);
        assertThat(new String(CheckpointNote.cosignedMessage(1679315147L, "example.com/behind-the-sofa\n20852163\n"
                + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"), StandardCharsets.UTF_8))
                .isEqualTo("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
                        + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    }

    @Test
    void ourCheckpointAsANoteAndACosignatureRoundTrip() {
        CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 7));
        ClassroomId c = new ClassroomId("sz-2026-11");
        Checkpoint cp = signer.sign(c, 3, MerkleTree.unhex("4a4de223dbcbb2ce76db51f752dda19462b83c4243e5f0d5f5f96d050c7060d8"),
                Instant.parse("2026-11-29T08:01:11.500Z"));
        String note = signer.checkpointNote("wlcy.example/wlcy-trace", cp);
        String body = "wlcy.example/wlcy-trace/sz-2026-11\n3\nSk3iI9vLss5221H3Ut2hlGK4PEJD5fDV9fltBQxwYNg=\n";
        assertThat(note).startsWith(body + "\n\u2014 wlcy.example/wlcy-trace/sz-2026-11 ");
        CheckpointNote.VerifierKey logKey = signer.noteKey("wlcy.example/wlcy-trace/sz-2026-11");
        // docs/trace-bundle.md §9.2
        assertThat(logKey.text()).isEqualTo("wlcy.example/wlcy-trace/sz-2026-11+f862491d+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs");
        assertThat(note).isEqualTo(body + "\n\u2014 wlcy.example/wlcy-trace/sz-2026-11 +GJJHTTS7DdwlE/5FLhQbLmlTFRLo5cFNF"
                + "+f85muBaxzU1EDr6TGwO4ZsCPKwm+wxFh0i2MVNK+5qAV2mpfcmwOabQ4=\n");
        CheckpointNote.Note parsed = CheckpointNote.Note.parse(note);
        assertThat(CheckpointNote.verifyNoteSignature(logKey, parsed.body(), parsed.signatures().get(0))).isTrue();
        assertThat(CheckpointNote.parseBody(parsed.body()).treeSize()).isEqualTo(3);

        TestWitness w = new TestWitness("witness.example/w1", TraceEvents.fixedKeyPair((byte) 9), signer.publicKey(),
                "wlcy.example/wlcy-trace", new MutableClock());
        TestWitness.Answer a = w.addCheckpoint("old 0\n\n" + note);
        assertThat(a.status()).isEqualTo(200);
        CheckpointNote.SignatureLine cos = CheckpointNote.SignatureLine.parse(a.body());
        assertThat(CheckpointNote.verifyCosignature(w.verifierKey(), body, cos)).contains(MutableClock.DEFAULT_START.getEpochSecond());
        assertThat(CheckpointNote.verifyCosignature(w.verifierKey(), body.replace("\n3\n", "\n4\n"), cos)).isEmpty();
        // the log's own note signature is no cosignature (other type, other key hash)
        assertThat(CheckpointNote.verifyCosignature(w.verifierKey(), body, parsed.signatures().get(0))).isEmpty();
        // the witness refuses a note the log did not sign
        assertThat(w.addCheckpoint("old 3\n\n" + note.replace("\n3\n", "\n4\n")).status()).isEqualTo(403);
        assertThat(w.addCheckpoint("old 0\n\n" + note).status()).isEqualTo(409);
        assertThat(w.addCheckpoint("old 3\n\n" + note.replace("wlcy.example/", "other.example/")).status()).isEqualTo(404);
    }
}
