package org.wlcy.classroom.proctoring.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * The C2SP formats a checkpoint takes towards witnesses (issue L witnesses; {@code docs/trace-bundle.md}
 * §4.3): a {@code tlog-checkpoint} note body ({@code <origin>\n<treeSize>\n<base64 root>\n}), a
 * {@code signed-note} signature line ({@code — <name> <base64(keyHash[4] || signature)>\n}, U+2014
 * then a space), Ed25519 key hashes ({@code SHA-256(name || 0x0A || type || key)[:4]}: type 0x01
 * for a note signature, 0x04 for a {@code tlog-cosignature} v1 cosignature), verifier keys
 * ({@code name+hex(keyHash)+base64(type || key)}) and timestamped cosignatures, whose signed message
 * is {@code cosignature/v1\ntime <t>\n} followed by the note body and whose signature is
 * {@code timestamp (u64, big-endian) || Ed25519 signature}.
 */
public final class CheckpointNote {
    /** Signature type of a plain Ed25519 note signature. */
    public static final byte ED25519 = 0x01;
    /** Signature type of an Ed25519 {@code cosignature/v1} (timestamped). */
    public static final byte COSIGNATURE_V1 = 0x04;
    /** What starts every signature line: U+2014 EM DASH and a space. */
    public static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private CheckpointNote() {
    }

    /** The origin line of a class's log: {@code <prefix>/<classroomId>}. */
    public static String origin(String prefix, ClassroomId classroom) {
        return prefix + "/" + classroom.value();
    }

    /** The checkpoint note body: origin, decimal size, base64 of the 32-byte root, each LF-ended. */
    public static String body(String origin, long treeSize, byte[] root) {
        if (origin.isEmpty() || origin.contains("\n") || root.length != 32 || treeSize < 0) {
            throw new IllegalArgumentException("not a checkpoint: origin one non-empty line, a 32-byte root, size >= 0");
        }
        return origin + "\n" + treeSize + "\n" + B64.encodeToString(root) + "\n";
    }

    /** The body of a signed checkpoint, with the origin of its class. */
    public static String body(String originPrefix, Checkpoint cp) {
        return body(origin(originPrefix, cp.classroomId()), cp.treeSize(), MerkleTree.unhex(cp.rootHash()));
    }

    /** A parsed checkpoint note body (three lines; extension lines are not used by this log and refused). */
    public record Body(String origin, long treeSize, byte[] root) {
    }

    /** Parses a body as {@link #body} writes it, or throws {@link IllegalArgumentException}. */
    public static Body parseBody(String body) {
        String[] l = body.split("\n", -1);
        if (l.length != 4 || !l[3].isEmpty() || l[0].isEmpty() || !l[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("a checkpoint body is origin, decimal size and base64 root, LF-ended");
        }
        byte[] root = B64D.decode(l[2]);
        if (root.length != 32 || !B64.encodeToString(root).equals(l[2])) {
            throw new IllegalArgumentException("the root line is not the base64 of 32 bytes");
        }
        return new Body(l[0], Long.parseLong(l[1]), root);
    }

    /** {@code SHA-256(name || 0x0A || type || key)[:4]}. */
    public static byte[] keyHash(String name, byte type, byte[] rawKey) {
        byte[] n = (name + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(n, n.length + 1 + rawKey.length);
        all[n.length] = type;
        System.arraycopy(rawKey, 0, all, n.length + 1, rawKey.length);
        return Arrays.copyOf(MerkleTree.sha256(all), 4);
    }

    /** A verifier key: who signs (name), how (type) and with what (raw Ed25519 key). */
    public record VerifierKey(String name, byte type, byte[] rawKey) {
        public VerifierKey {
            if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
            }
            if (rawKey.length != 32) {
                throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + rawKey.length);
            }
            if (type != ED25519 && type != COSIGNATURE_V1) {
                throw new IllegalArgumentException("signature type 0x0" + type + " is not 0x01 (Ed25519) or 0x04 (cosignature/v1)");
            }
            rawKey = rawKey.clone();
        }

        public byte[] keyHash() {
            return CheckpointNote.keyHash(name, type, rawKey);
        }

        public PublicKey publicKey() {
            return CheckpointSigner.publicKeyFromRaw(rawKey);
        }

        /** The vkey text {@code name+hex(keyHash)+base64(type || key)}. */
        public String text() {
            byte[] tk = new byte[33];
            tk[0] = type;
            System.arraycopy(rawKey, 0, tk, 1, 32);
            return name + "+" + HexFormat.of().formatHex(keyHash()) + "+" + B64.encodeToString(tk);
        }

        /** Parses a vkey; the key hash must be the one its name, type and key give. */
        public static VerifierKey parse(String text) {
            String[] p = text.strip().split("\\+", 3); // the base64 part may hold '+' itself
            if (p.length != 3 || !p[1].matches("[0-9a-f]{8}")) {
                throw new IllegalArgumentException("a verifier key is name+<8 hex digits>+<base64 of type and key>");
            }
            byte[] tk;
            try {
                tk = B64D.decode(p[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key part of the verifier key is not base64");
            }
            if (tk.length != 33) {
                throw new IllegalArgumentException("the key part holds " + tk.length + " bytes, not 1 + 32 (Ed25519)");
            }
            VerifierKey k = new VerifierKey(p[0], tk[0], Arrays.copyOfRange(tk, 1, 33));
            if (!HexFormat.of().formatHex(k.keyHash()).equals(p[1])) {
                throw new IllegalArgumentException("the key hash " + p[1] + " is not the one of its name and key ("
                        + HexFormat.of().formatHex(k.keyHash()) + ")");
            }
            return k;
        }
    }

    /** One signature line, parsed. */
    public record SignatureLine(String name, byte[] keyHash, byte[] signature) {
        /** The line, LF-ended. */
        public String text() {
            byte[] all = Arrays.copyOf(keyHash, 4 + signature.length);
            System.arraycopy(signature, 0, all, 4, signature.length);
            return SIGNATURE_PREFIX + name + " " + B64.encodeToString(all) + "\n";
        }

        /** Parses one line (with or without its LF). */
        public static SignatureLine parse(String line) {
            String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            if (!l.startsWith(SIGNATURE_PREFIX)) {
                throw new IllegalArgumentException("a signature line starts with an em dash (U+2014) and a space");
            }
            String[] p = l.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (p.length != 2 || p[0].isEmpty()) {
                throw new IllegalArgumentException("a signature line is '\u2014 <name> <base64>'");
            }
            byte[] all;
            try {
                all = B64D.decode(p[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the signature is not base64");
            }
            if (all.length < 5) {
                throw new IllegalArgumentException("the signature is too short");
            }
            return new SignatureLine(p[0], Arrays.copyOf(all, 4), Arrays.copyOfRange(all, 4, all.length));
        }
    }

    /** A note split at its last blank line: the body (LF-ended) and its signature lines. */
    public record Note(String body, List<SignatureLine> signatures) {
        public String text() {
            StringBuilder b = new StringBuilder(body).append('\n');
            signatures.forEach(s -> b.append(s.text()));
            return b.toString();
        }

        public static Note parse(String text) {
            int split = text.lastIndexOf("\n\n");
            if (split < 0 || !text.endsWith("\n")) {
                throw new IllegalArgumentException("a note is a body, a blank line and signature lines, LF-ended");
            }
            String body = text.substring(0, split + 1);
            List<SignatureLine> sigs = new ArrayList<>();
            for (String l : text.substring(split + 2).split("\n")) {
                sigs.add(SignatureLine.parse(l));
            }
            if (sigs.isEmpty()) {
                throw new IllegalArgumentException("a note has at least one signature line");
            }
            return new Note(body, sigs);
        }
    }

    /** Whether {@code line} is {@code key}'s valid plain Ed25519 note signature over {@code body}. */
    public static boolean verifyNoteSignature(VerifierKey key, String body, SignatureLine line) {
        return key.type() == ED25519 && key.name().equals(line.name()) && Arrays.equals(key.keyHash(), line.keyHash())
                && CheckpointSigner.verify(key.publicKey(), body.getBytes(StandardCharsets.UTF_8), line.signature());
    }

    /** The bytes a {@code cosignature/v1} signs. */
    public static byte[] cosignedMessage(long timestamp, String body) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The signature part of a cosignature line: {@code timestamp (8 bytes, big-endian) || Ed25519 signature}. */
    public static byte[] cosignatureBytes(long timestamp, byte[] ed25519Signature) {
        return ByteBuffer.allocate(8 + ed25519Signature.length).putLong(timestamp).put(ed25519Signature).array();
    }

    /**
     * The timestamp of {@code line} if it is {@code key}'s valid {@code cosignature/v1} over
     * {@code body}; empty if it is another key's (name or key hash differ) or does not verify.
     */
    public static Optional<Long> verifyCosignature(VerifierKey key, String body, SignatureLine line) {
        if (key.type() != COSIGNATURE_V1 || !key.name().equals(line.name())
                || !Arrays.equals(key.keyHash(), line.keyHash()) || line.signature().length != 8 + 64) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(line.signature());
        long t = b.getLong();
        if (t < 0) {
            return Optional.empty();
        }
        byte[] sig = Arrays.copyOfRange(line.signature(), 8, 72);
        return CheckpointSigner.verify(key.publicKey(), cosignedMessage(t, body), sig) ? Optional.of(t) : Optional.empty();
    }
}
