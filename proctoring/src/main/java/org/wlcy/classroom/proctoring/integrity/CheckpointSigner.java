package org.wlcy.classroom.proctoring.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * Signs and verifies checkpoints with Ed25519 (the JDK's own implementation). The server's key
 * pair lives in {@code <data>/trace-keys/}: {@code ed25519.pk8} (PKCS#8, permissions 600) and
 * {@code ed25519.pub} (X.509 SubjectPublicKeyInfo, DER); both are created on first use. The signed
 * message is {@link #message}; {@code docs/trace-bundle.md} specifies it.
 */
public final class CheckpointSigner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSigner.class);

    /** First line of every signed checkpoint message. */
    public static final String MESSAGE_TAG = "wlcy-trace-checkpoint/v1";
    /** Directory under the data folder that holds the key pair. */
    public static final String KEY_DIR = "trace-keys";
    public static final String PRIVATE_KEY_FILE = "ed25519.pk8";
    public static final String PUBLIC_KEY_FILE = "ed25519.pub";

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    /** A signer over a key pair (tests; production uses {@link #openOrCreate}). */
    public CheckpointSigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = keyId(publicKey);
        byte[] probe = "wlcy-trace-key-check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(publicKey, probe, sign(probe))) {
            throw new IllegalArgumentException("the private and public key do not belong together");
        }
    }

    /**
     * Loads the key pair from {@code <dataDir>/trace-keys/}, creating it (and the directory) if
     * neither file exists. Refuses to start if only one of the two files exists.
     */
    public static CheckpointSigner openOrCreate(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(KEY_DIR);
        Path priv = dir.resolve(PRIVATE_KEY_FILE);
        Path pub = dir.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(priv) && !Files.exists(pub)) {
            create(dir, priv, pub);
        }
        if (!Files.exists(priv) || !Files.exists(pub)) {
            throw new IOException("found only one of " + priv + " and " + pub
                    + "; restore the missing file from a backup (a new key would orphan the old checkpoints)");
        }
        warnIfReadableByOthers(priv);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
            return new CheckpointSigner(new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot read the trace signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path dir, Path priv, Path pub) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        Path tmpPub = dir.resolve(PUBLIC_KEY_FILE + ".tmp");
        Path tmpPriv = dir.resolve(PRIVATE_KEY_FILE + ".tmp");
        Files.deleteIfExists(tmpPriv);
        Files.deleteIfExists(tmpPub);
        writeDurably(tmpPriv, pair.getPrivate().getEncoded(), posix ? Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE) : null);
        writeDurably(tmpPub, pair.getPublic().getEncoded(), null);
        try {
            // Public first: a crash in between leaves a lone .pub, which openOrCreate refuses loudly.
            Files.move(tmpPub, pub, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpPriv, priv, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmpPriv);
            Files.deleteIfExists(tmpPub);
        }
        LOG.info("created the trace signing key {} (keyId {})", priv, keyId(pair.getPublic()));
    }

    private static void writeDurably(Path file, byte[] bytes, Set<PosixFilePermission> perms) throws IOException {
        FileAttribute<?>[] attrs = perms == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
        try (FileChannel ch = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void warnIfReadableByOthers(Path priv) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(priv);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by others ({}); it should be 600", priv, PosixFilePermissions.toString(p));
            }
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: nothing to check
        }
    }

    // ------------------------------------------------------------------ signing

    /** Signs the tree head of a class's log. {@code issuedAt} is kept to the microsecond. */
    public Checkpoint sign(ClassroomId classroom, long treeSize, byte[] rootHash, Instant issuedAt) {
        String rootHex = MerkleTree.hex(rootHash);
        Instant at = CanonicalJson.parseInstant(CanonicalJson.instant(issuedAt));
        byte[] sig = sign(message(classroom, treeSize, rootHex, at));
        return new Checkpoint(classroom, treeSize, rootHex, at, keyId, Base64.getEncoder().encodeToString(sig));
    }

    private byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * issue L witnesses: the checkpoint as a C2SP signed note ({@code docs/trace-bundle.md} §4.3): its
     * {@code tlog-checkpoint} body under the origin {@code <originPrefix>/<classroomId>}, a blank
     * line, and this key's Ed25519 note signature line, key name = the origin. The checkpoint must
     * be this key's.
     */
    public String checkpointNote(String originPrefix, Checkpoint cp) {
        if (!cp.keyId().equals(keyId)) {
            throw new IllegalArgumentException("checkpoint treeSize " + cp.treeSize() + " is of key " + cp.keyId());
        }
        String body = CheckpointNote.body(originPrefix, cp);
        CheckpointNote.VerifierKey me = noteKey(CheckpointNote.origin(originPrefix, cp.classroomId()));
        byte[] sig = sign(body.getBytes(StandardCharsets.UTF_8));
        return body + "\n" + new CheckpointNote.SignatureLine(me.name(), me.keyHash(), sig).text();
    }

    /** This key as a C2SP note verifier key (type 0x01) under {@code name} (a class's origin). */
    public CheckpointNote.VerifierKey noteKey(String name) {
        return new CheckpointNote.VerifierKey(name, CheckpointNote.ED25519, rawPublicKey(publicKey));
    }

    /** Signs arbitrary bytes prefixed with a tag line (e.g. a bundle manifest): {@code tag "\n" bytes}. */
    public byte[] signTagged(String tag, byte[] bytes) {
        return sign(tagged(tag, bytes));
    }

    static byte[] tagged(String tag, byte[] bytes) {
        byte[] t = (tag + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(t, t.length + bytes.length);
        System.arraycopy(bytes, 0, out, t.length, bytes.length);
        return out;
    }

    /**
     * The exact bytes that are signed (UTF-8): {@code wlcy-trace-checkpoint/v1\n<classroomId>\n<treeSize>\n<rootHex>\n<issuedAt>\n},
     * with the tree size in decimal and issuedAt in the canonical instant form.
     */
    public static byte[] message(ClassroomId classroom, long treeSize, String rootHex, Instant issuedAt) {
        return (MESSAGE_TAG + "\n" + classroom.value() + "\n" + treeSize + "\n" + rootHex + "\n"
                + CanonicalJson.instant(issuedAt) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the checkpoint's signature is valid for its fields under {@code key}. */
    public static boolean verify(Checkpoint cp, PublicKey key) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(cp.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verify(key, message(cp.classroomId(), cp.treeSize(), cp.rootHash(), cp.issuedAt()), sig);
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} under {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ public key forms

    public PublicKey publicKey() {
        return publicKey;
    }

    /** First 16 lower-case hex characters of SHA-256 of the raw 32-byte public key. */
    public String keyId() {
        return keyId;
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, SubjectPublicKeyInfo, LF line ends). */
    public String publicKeyPem() {
        return pem(publicKey);
    }

    /** The raw 32-byte public key in standard base64 (44 characters). */
    public String rawPublicKeyBase64() {
        return Base64.getEncoder().encodeToString(rawPublicKey(publicKey));
    }

    /** keyId of any Ed25519 public key. */
    public static String keyId(PublicKey key) {
        return MerkleTree.hex(MerkleTree.sha256(rawPublicKey(key))).substring(0, 16);
    }

    /** The raw 32 bytes of an Ed25519 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(spki, SPKI_PREFIX.length), SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** An Ed25519 public key from its raw 32 bytes. */
    public static PublicKey publicKeyFromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("a raw Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
        return fromSpki(spki);
    }

    private static PublicKey fromSpki(byte[] spki) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** PEM text of an Ed25519 public key: 64-character base64 lines, LF line ends, final LF. */
    public static String pem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Reads a public key given as PEM ({@code BEGIN PUBLIC KEY}) or as the raw 32 bytes in base64
     * (one line); surrounding white space is ignored.
     */
    public static PublicKey parsePublicKey(String text) {
        String t = text.strip();
        if (t.startsWith("-----BEGIN PUBLIC KEY-----")) {
            if (!t.endsWith("-----END PUBLIC KEY-----")) {
                throw new IllegalArgumentException("PEM public key without its END line");
            }
            String body = t.substring("-----BEGIN PUBLIC KEY-----".length(), t.length() - "-----END PUBLIC KEY-----".length());
            byte[] der;
            try {
                der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM public key with bad base64");
            }
            PublicKey key = fromSpki(der);
            rawPublicKey(key);
            return key;
        }
        try {
            return publicKeyFromRaw(Base64.getDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither a PEM public key nor a base64 raw Ed25519 key: " + e.getMessage());
        }
    }
}
