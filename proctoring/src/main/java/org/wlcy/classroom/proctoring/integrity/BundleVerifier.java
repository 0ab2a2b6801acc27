package org.wlcy.classroom.proctoring.integrity;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies a trace bundle offline, as {@code docs/trace-bundle.md} specifies, and reports the
 * first problem precisely. Checks, in this order: the public key (and that it is the trusted one,
 * if given); the manifest (canonical, signed by that key); every checkpoint (canonical, same class
 * and key, valid signature, strictly increasing tree size, non-decreasing time, as the manifest
 * lists them); every event line (canonical, of the class, index = line - 1) while recomputing the
 * Merkle root and comparing it with each checkpoint at its tree size; that the last checkpoint
 * covers exactly all events (an unverified tail is refused); the manifest's counts and file hashes.
 */
public final class BundleVerifier {
    private static final int MAX_LINE = 1 << 20;

    private final PublicKey trustedKey;
    /** The class the bundle must be of, or null for any. */
    private final String expectedClass;
    /** Checkpoints the regulator saw before (any classes); the bundle's log must contain those of its class. */
    private final List<Checkpoint> known;
    /** What the known checkpoints are called in a failure (their file's name). */
    private final String knownName;
    /** issue L witnesses: witnesses whose valid cosignature the newest checkpoint must carry. */
    private final List<CheckpointNote.VerifierKey> witnesses;

    /** A verifier that checks the bundle against the key it carries only (see the warning it gives). */
    public BundleVerifier() {
        this(null);
    }

    /** A verifier that also requires the bundle's key to be {@code trustedKey} (may be null). */
    public BundleVerifier(PublicKey trustedKey) {
        this(trustedKey, null, List.of(), "known checkpoints", List.of());
    }

    private BundleVerifier(PublicKey trustedKey, String expectedClass, List<Checkpoint> known, String knownName,
                           List<CheckpointNote.VerifierKey> witnesses) {
        this.trustedKey = trustedKey;
        this.expectedClass = expectedClass;
        this.known = List.copyOf(known);
        this.knownName = knownName;
        this.witnesses = List.copyOf(witnesses);
    }

    /**
     * issue L witnesses: this verifier, also requiring that {@code witnesses.jsonl} holds, for the bundle's
     * newest checkpoint, a valid {@code cosignature/v1} of each of these witnesses (vkeys of type
     * 0x04), docs/trace-bundle.md §4.3.
     */
    public BundleVerifier withWitnessKeys(List<CheckpointNote.VerifierKey> keys) {
        return new BundleVerifier(trustedKey, expectedClass, known, knownName, keys);
    }

    /**
     * This verifier, also requiring the bundle to be of class {@code classroomId} (a genuine bundle
     * of another class is then invalid).
     */
    public BundleVerifier expectingClass(String classroomId) {
        return new BundleVerifier(trustedKey, classroomId, known, knownName, witnesses);
    }

    /**
     * This verifier, also requiring that the bundle's log contains each of {@code checkpoints} of
     * its class (checkpoints of other classes are ignored): a known checkpoint of the bundle's newest
     * size must have its root, an earlier one must be joined to the newest by a consistency proof
     * of the bundle that verifies, and the first {@code treeSize} events must hash to its root. A
     * bundle whose newest checkpoint is smaller than a known one is older than what was seen
     * before. {@code name} (e.g. the file they came from) names them in a failure.
     */
    public BundleVerifier withKnownCheckpoints(List<Checkpoint> checkpoints, String name) {
        return new BundleVerifier(trustedKey, expectedClass, checkpoints, name, witnesses);
    }

    /** Signals the first problem; carries the {@link VerificationResult.Failure}. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final transient VerificationResult.Failure failure;

        Stop(String file, long line, long lastLine, String record, String reason) {
            super(reason, null, false, false);
            this.failure = new VerificationResult.Failure(file, line, lastLine, record, reason);
        }
    }

    private static Stop stop(String file, long line, String record, String reason) {
        return new Stop(file, line, line, record, reason);
    }

    /** Progress, so that a failure still reports what was checked before it. */
    private static final class Run {
        String classroomId;
        String keyId;
        long events;
        long inRange;
        int checkpoints;
        int known;
        Checkpoint newest;
        /** Known checkpoints of the class, to compare with the recomputed root at their size (sorted by size). */
        final List<Known> knownToRecompute = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> witnessed = new ArrayList<>();
    }

    /** Verifies a bundle folder, or a zip of one (any regular file is read as a zip). */
    public VerificationResult verify(Path bundle) throws IOException {
        if (Files.isDirectory(bundle)) {
            return verifyDirectory(bundle);
        }
        Path tmp = Files.createTempDirectory("trace-bundle-");
        try {
            try (ZipFile zip = new ZipFile(bundle.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                Set<String> seen = new java.util.HashSet<>();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    String name = e.getName();
                    if (e.isDirectory() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                        return fail(new Run(), stop(bundle.getFileName().toString(), 0, "",
                                "zip entry '" + name + "' is not a plain file at the top level"));
                    }
                    if (!seen.add(name)) {
                        // Two entries of one name: which one a reader takes is up to the reader, so neither is trusted.
                        return fail(new Run(), stop(bundle.getFileName().toString(), 0, "",
                                "the zip holds more than one entry named '" + name + "'"));
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, tmp.resolve(name));
                    }
                }
            } catch (java.util.zip.ZipException e) {
                return fail(new Run(), stop(bundle.getFileName().toString(), 0, "",
                        "neither a bundle folder nor a readable zip: " + e.getMessage()));
            }
            return verifyDirectory(tmp);
        } finally {
            TraceBundleExporter.deleteTree(tmp);
        }
    }

    private VerificationResult fail(Run run, Stop s) {
        return new VerificationResult(s.failure, run.classroomId, run.events, run.inRange, run.checkpoints,
                run.keyId, trustedKey != null, List.copyOf(run.warnings), null, run.known);
    }

    private VerificationResult verifyDirectory(Path dir) throws IOException {
        Run run = new Run();
        try {
            check(dir, run);
        } catch (Stop s) {
            return fail(run, s);
        }
        if (trustedKey == null) {
            run.warnings.add("no trusted key given: this shows only that the bundle is consistent with the key it "
                    + "carries (keyId " + run.keyId + "); pass --public-key with the key the operator registered");
        }
        return new VerificationResult(null, run.classroomId, run.events, run.inRange, run.checkpoints, run.keyId,
                trustedKey != null, List.copyOf(run.warnings), run.newest, run.known, List.copyOf(run.witnessed));
    }

    // ------------------------------------------------------------------ the checks

    private void check(Path dir, Run run) throws Stop, IOException {
        for (String name : TraceBundle.ALL_FILES_V1) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw stop(name, 0, "", "missing from the bundle");
            }
        }
        try (var list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> !TraceBundle.ALL_FILES.contains(n) && !TraceBundle.OPTIONAL_FILES.contains(n)).sorted()
                    .forEach(n -> run.warnings.add("ignored a file that is not part of the format: " + n));
        }

        // 1. the public key
        byte[] pemBytes = Files.readAllBytes(dir.resolve(TraceBundle.PUBLIC_KEY));
        PublicKey key;
        try {
            key = CheckpointSigner.parsePublicKey(new String(pemBytes, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw stop(TraceBundle.PUBLIC_KEY, 0, "", "not an Ed25519 public key: " + e.getMessage());
        }
        if (!new String(pemBytes, StandardCharsets.ISO_8859_1).equals(CheckpointSigner.pem(key))) {
            throw stop(TraceBundle.PUBLIC_KEY, 0, "", "not in the canonical PEM form (64-character lines, LF)");
        }
        run.keyId = CheckpointSigner.keyId(key);
        if (trustedKey != null && !CheckpointSigner.keyId(trustedKey).equals(run.keyId)) {
            throw stop(TraceBundle.PUBLIC_KEY, 0, "keyId " + run.keyId, "is not the trusted key (keyId "
                    + CheckpointSigner.keyId(trustedKey) + ")");
        }

        // 2. the manifest, signed by that key
        Manifest m = readManifest(dir, run);
        if (!m.keyId.equals(run.keyId)) {
            // One of the two was changed; the checkpoints' keyId says which.
            if (m.keyId.equals(firstCheckpointKeyId(dir))) {
                throw stop(TraceBundle.PUBLIC_KEY, 0, "keyId " + run.keyId,
                        "is not the key the manifest and the checkpoints name (keyId " + m.keyId + ")");
            }
            throw stop(TraceBundle.MANIFEST, 1, "", "names keyId " + m.keyId + ", but " + TraceBundle.PUBLIC_KEY
                    + " holds keyId " + run.keyId);
        }
        byte[] sigFile = Files.readAllBytes(dir.resolve(TraceBundle.MANIFEST_SIGNATURE));
        String sigText = new String(sigFile, StandardCharsets.ISO_8859_1);
        if (!sigText.endsWith("\n") || !CanonicalJson.isBase64Of64Bytes(sigText.substring(0, sigText.length() - 1))) {
            throw stop(TraceBundle.MANIFEST_SIGNATURE, 1, "", "must be one line: the canonical base64 of a 64-byte signature");
        }
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(TraceBundle.MANIFEST));
        if (!CheckpointSigner.verify(key, CheckpointSigner.tagged(TraceBundle.MANIFEST_SIGNATURE_TAG, manifestBytes),
                Base64.getDecoder().decode(sigText.strip()))) {
            throw stop(TraceBundle.MANIFEST, 1, "", "does not verify with its signature in " + TraceBundle.MANIFEST_SIGNATURE
                    + " and " + TraceBundle.PUBLIC_KEY + " (keyId " + run.keyId + "): one of them was altered");
        }

        if (expectedClass != null && !expectedClass.equals(m.classroomId)) {
            throw stop(TraceBundle.MANIFEST, 1, "", "this is a bundle of class " + m.classroomId
                    + ", not of class " + expectedClass + " (--class)");
        }

        if (m.v2 && !Files.isRegularFile(dir.resolve(TraceBundle.CONSISTENCY))) {
            throw stop(TraceBundle.CONSISTENCY, 0, "", "missing from the bundle (format " + TraceBundle.FORMAT + ")");
        }

        // 3. checkpoints
        List<Checkpoint> cps = readCheckpoints(dir, m, key, run);

        // 3a. consistency proofs between them (v2), then the regulator's known checkpoints
        Map<Long, Map<Long, ConsistencyProof>> proofs = m.v2 ? readConsistency(dir, cps) : Map.of();
        checkKnown(cps, proofs, m.v2, key, run);

        // 4. events, recomputing the roots
        readEvents(dir, m, cps, run);

        // 5. the manifest's numbers and file hashes
        Checkpoint last = cps.get(cps.size() - 1);
        if (m.treeSize != last.treeSize() || !m.rootHash.equals(last.rootHash())) {
            throw stop(TraceBundle.MANIFEST, 1, "", "treeSize/rootHash " + m.treeSize + "/" + m.rootHash
                    + " are not those of the last checkpoint " + last.treeSize() + "/" + last.rootHash());
        }
        if (m.total != run.events) {
            throw stop(TraceBundle.MANIFEST, 1, "", "events.total is " + m.total + " but events.jsonl holds " + run.events);
        }
        if (m.inRange != run.inRange) {
            throw stop(TraceBundle.MANIFEST, 1, "", "events.inRange is " + m.inRange + " but " + run.inRange
                    + " events of events.jsonl are recorded in [" + m.from + ", " + m.to + ")");
        }
        for (String name : m.v2 ? TraceBundle.HASHED_FILES : TraceBundle.HASHED_FILES_V1) {
            FileDigest d = m.files.get(name);
            FileDigest actual = digest(dir.resolve(name));
            if (d.bytes != actual.bytes || !d.sha256.equals(actual.sha256)) {
                throw stop(name, 0, "", "SHA-256 " + actual.sha256 + " (" + actual.bytes + " bytes) is not the "
                        + d.sha256 + " (" + d.bytes + " bytes) the signed manifest lists");
            }
        }
        // 6. issue L witnesses: the witnesses' cosignatures
        checkWitnesses(dir, m, cps, key, run);
        run.newest = last;
        if (last.issuedAt().isBefore(m.to)) {
            run.warnings.add("the range ends (" + CanonicalJson.instant(m.to) + ") after the last checkpoint was signed ("
                    + CanonicalJson.instant(last.issuedAt()) + "): events recorded after that are not in this bundle");
        }
    }

    /**
     * issue L witnesses (docs/trace-bundle.md §4.3): each line of {@code witnesses.jsonl} is canonical
     * {@code {"note":..,"treeSize":n}} for a checkpoint of the bundle, its note's body is that
     * checkpoint's (origin {@code <prefix>/<classroomId>}, the same origin on every line, its size and
     * root), signed by the bundle's key under the origin. Each required witness must have a valid
     * cosignature on the newest checkpoint.
     */
    private void checkWitnesses(Path dir, Manifest m, List<Checkpoint> cps, PublicKey key, Run run)
            throws Stop, IOException {
        String f = TraceBundle.WITNESSES;
        Path file = dir.resolve(f);
        Checkpoint newest = cps.get(cps.size() - 1);
        Map<Long, Checkpoint> bySize = new java.util.HashMap<>();
        cps.forEach(cp -> bySize.put(cp.treeSize(), cp));
        String origin = null;
        Map<String, Long> newestCosignedBy = new java.util.HashMap<>();
        if (Files.isRegularFile(file)) {
            long last = -1;
            try (LineReader lines = new LineReader(file)) {
                byte[] line;
                while ((line = lines.next(f)) != null) {
                    long n = lines.lineNumber();
                    CheckpointNote.Note note;
                    long size;
                    try {
                        if (!(CanonicalJson.parse(line) instanceof Map<?, ?> o) || !o.keySet().equals(Set.of("note", "treeSize"))
                                || !(o.get("note") instanceof String text) || !(o.get("treeSize") instanceof Long s)) {
                            throw stop(f, n, "", "a line is {\"note\":<string>,\"treeSize\":<number>}");
                        }
                        note = CheckpointNote.Note.parse(text);
                        size = s;
                    } catch (NonCanonicalException | IllegalArgumentException e) {
                        throw stop(f, n, "", "not a canonical line with a C2SP note: " + e.getMessage());
                    }
                    String rec = "checkpoint treeSize " + size;
                    Checkpoint cp = bySize.get(size);
                    if (cp == null) {
                        throw stop(f, n, rec, "is not a checkpoint of the bundle");
                    }
                    if (size <= last) {
                        throw stop(f, n, rec, "comes after treeSize " + last + ": lines must be in increasing treeSize");
                    }
                    last = size;
                    CheckpointNote.Body body;
                    try {
                        body = CheckpointNote.parseBody(note.body());
                    } catch (IllegalArgumentException e) {
                        throw stop(f, n, rec, "the note's body is not a checkpoint: " + e.getMessage());
                    }
                    if (origin == null) {
                        origin = body.origin();
                        if (!origin.endsWith("/" + m.classroomId) || origin.length() == m.classroomId.length() + 1) {
                            throw stop(f, n, rec, "origin '" + origin + "' is not <prefix>/" + m.classroomId);
                        }
                    } else if (!origin.equals(body.origin())) {
                        throw stop(f, n, rec, "origin '" + body.origin() + "' differs from '" + origin + "' of line 1");
                    }
                    if (body.treeSize() != size || !MerkleTree.hex(body.root()).equals(cp.rootHash())) {
                        throw stop(f, n, rec, "the note's size and root are not those of the checkpoint "
                                + size + "/" + cp.rootHash());
                    }
                    CheckpointNote.VerifierKey logKey = new CheckpointNote.VerifierKey(origin, CheckpointNote.ED25519,
                            CheckpointSigner.rawPublicKey(key));
                    if (note.signatures().stream().noneMatch(sl -> CheckpointNote.verifyNoteSignature(logKey, note.body(), sl))) {
                        throw stop(f, n, rec, "the note carries no valid signature of the bundle's key ("
                                + logKey.text() + ")");
                    }
                    for (CheckpointNote.VerifierKey w : witnesses) {
                        for (CheckpointNote.SignatureLine sl : note.signatures()) {
                            if (!sl.name().equals(w.name()) || !java.util.Arrays.equals(sl.keyHash(), w.keyHash())) {
                                continue; // another key's line: ignored, as C2SP says
                            }
                            java.util.Optional<Long> t = CheckpointNote.verifyCosignature(w, note.body(), sl);
                            if (t.isEmpty()) {
                                throw stop(f, n, rec, "the cosignature of witness " + w.name() + " does not verify");
                            }
                            if (size == newest.treeSize()) {
                                newestCosignedBy.put(w.name(), t.get());
                            }
                        }
                    }
                }
            }
        }
        for (CheckpointNote.VerifierKey w : witnesses) {
            Long t = newestCosignedBy.get(w.name());
            if (t == null) {
                throw stop(f, 0, "checkpoint treeSize " + newest.treeSize(), (Files.isRegularFile(file) ? ""
                        : "missing from the bundle, so ") + "the newest checkpoint carries no cosignature of witness "
                        + w.name() + " (--witness-key): the witness did not see this log at this size; the log may "
                        + "have been rolled back or rewritten, or the witness was not reached");
            }
            run.witnessed.add(w.name() + " at " + java.time.Instant.ofEpochSecond(t));
        }
    }

    /** The keyId of the first checkpoint line, if it can be read at all (a tie-breaker only). */
    private static String firstCheckpointKeyId(Path dir) {
        try (var lines = Files.lines(dir.resolve(TraceBundle.CHECKPOINTS), StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            java.util.regex.Matcher km = java.util.regex.Pattern.compile("\"keyId\":\"([0-9a-f]{16})\"").matcher(first);
            return km.find() ? km.group(1) : "";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    private record FileDigest(long bytes, String sha256) {
    }

    private record Manifest(boolean v2, String classroomId, Instant from, Instant to, long total, long inRange, long treeSize,
                            String rootHash, String keyId, List<Long> checkpointSizes, Map<String, FileDigest> files) {
    }

    @SuppressWarnings("unchecked")
    private Manifest readManifest(Path dir, Run run) throws Stop, IOException {
        String f = TraceBundle.MANIFEST;
        byte[] bytes = Files.readAllBytes(dir.resolve(f));
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw stop(f, 1, "", "must be one line of canonical JSON ending with a newline");
        }
        Object parsed;
        try {
            parsed = CanonicalJson.parse(java.util.Arrays.copyOf(bytes, bytes.length - 1));
        } catch (NonCanonicalException e) {
            throw stop(f, 1, "", "not canonical JSON: " + e.getMessage());
        }
        try {
            Map<String, Object> m = object(parsed, Set.of("checkpoints", "classroomId", "events", "exportedAt", "files",
                    "format", "keyId", "range", "rootHash", "treeSize"), "manifest");
            boolean v2 = TraceBundle.FORMAT.equals(m.get("format"));
            if (!v2 && !TraceBundle.FORMAT_V1.equals(m.get("format"))) {
                throw stop(f, 1, "", "format is '" + m.get("format") + "'; this verifier reads " + TraceBundle.FORMAT
                        + " and " + TraceBundle.FORMAT_V1);
            }
            List<String> hashed = v2 ? TraceBundle.HASHED_FILES : TraceBundle.HASHED_FILES_V1;
            Map<String, Object> cps = object(m.get("checkpoints"), Set.of("count", "treeSizes"), "checkpoints");
            Map<String, Object> events = object(m.get("events"), Set.of("inRange", "total"), "events");
            Map<String, Object> range = object(m.get("range"), Set.of("from", "to"), "range");
            Map<String, Object> files = object(m.get("files"), Set.copyOf(hashed), "files");
            Map<String, FileDigest> digests = new java.util.TreeMap<>();
            for (String name : hashed) {
                Map<String, Object> d = object(files.get(name), Set.of("bytes", "sha256"), "files." + name);
                digests.put(name, new FileDigest(number(d.get("bytes")), hash(d.get("sha256"))));
            }
            List<Long> sizes = new ArrayList<>();
            if (!(cps.get("treeSizes") instanceof List<?> list)) {
                throw new NonCanonicalException("checkpoints.treeSizes must be a list");
            }
            for (Object o : list) {
                sizes.add(number(o));
            }
            if (number(cps.get("count")) != sizes.size()) {
                throw new NonCanonicalException("checkpoints.count does not match checkpoints.treeSizes");
            }
            String classroomId = string(m.get("classroomId"));
            run.classroomId = classroomId;
            Instant from = CanonicalJson.parseInstant(string(range.get("from")));
            Instant to = CanonicalJson.parseInstant(string(range.get("to")));
            CanonicalJson.parseInstant(string(m.get("exportedAt")));
            String keyId = string(m.get("keyId"));
            return new Manifest(v2, classroomId, from, to, number(events.get("total")), number(events.get("inRange")),
                    number(m.get("treeSize")), hash(m.get("rootHash")), keyId, sizes, digests);
        } catch (NonCanonicalException | IllegalArgumentException | ClassCastException e) {
            throw stop(f, 1, "", "not a valid manifest: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, Set<String> keys, String what) throws NonCanonicalException {
        if (!(o instanceof Map<?, ?> m) || !m.keySet().equals(keys)) {
            throw new NonCanonicalException(what + " must be an object with exactly " + new TreeSet<>(keys));
        }
        return (Map<String, Object>) m;
    }

    private static long number(Object o) throws NonCanonicalException {
        if (!(o instanceof Long n) || n < 0) {
            throw new NonCanonicalException("expected a whole number >= 0, found " + o);
        }
        return n;
    }

    private static String string(Object o) throws NonCanonicalException {
        if (!(o instanceof String s)) {
            throw new NonCanonicalException("expected a string, found " + o);
        }
        return s;
    }

    private static String hash(Object o) throws NonCanonicalException {
        String s = string(o);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new NonCanonicalException("expected 64 lower-case hex characters, found " + s);
        }
        return s;
    }

    private List<Checkpoint> readCheckpoints(Path dir, Manifest m, PublicKey key, Run run) throws Stop, IOException {
        String f = TraceBundle.CHECKPOINTS;
        List<Checkpoint> out = new ArrayList<>();
        try (LineReader lines = new LineReader(dir.resolve(f))) {
            byte[] line;
            while ((line = lines.next(f)) != null) {
                long n = lines.lineNumber();
                Checkpoint cp;
                try {
                    cp = CanonicalJson.parseCheckpoint(line);
                } catch (NonCanonicalException e) {
                    throw stop(f, n, "", "not a canonical checkpoint: " + e.getMessage());
                }
                String rec = "checkpoint treeSize " + cp.treeSize();
                if (!cp.classroomId().value().equals(m.classroomId)) {
                    throw stop(f, n, rec, "is for class " + cp.classroomId() + ", not " + m.classroomId);
                }
                if (!cp.keyId().equals(run.keyId)) {
                    throw stop(f, n, rec, "names keyId " + cp.keyId() + ", not the bundle's key " + run.keyId);
                }
                if (!CheckpointSigner.verify(cp, key)) {
                    throw stop(f, n, rec, "signature does not verify with " + TraceBundle.PUBLIC_KEY
                            + " (keyId " + run.keyId + ")");
                }
                if (!out.isEmpty()) {
                    Checkpoint prev = out.get(out.size() - 1);
                    if (cp.treeSize() <= prev.treeSize()) {
                        throw stop(f, n, rec, "tree sizes must increase; the line before has " + prev.treeSize());
                    }
                    if (cp.issuedAt().isBefore(prev.issuedAt())) {
                        throw stop(f, n, rec, "issued at " + CanonicalJson.instant(cp.issuedAt())
                                + ", before the checkpoint on the line before");
                    }
                }
                if (out.size() >= m.checkpointSizes.size()) {
                    throw stop(f, n, rec, "the signed manifest lists only " + m.checkpointSizes.size() + " checkpoints");
                }
                long listed = m.checkpointSizes.get(out.size());
                if (listed != cp.treeSize()) {
                    throw stop(f, n, rec, "the signed manifest lists treeSize " + listed + " here"
                            + (listed < cp.treeSize() ? ": a checkpoint was removed" : ""));
                }
                out.add(cp);
                run.checkpoints++;
            }
        }
        if (out.size() < m.checkpointSizes.size()) {
            throw stop(f, out.size() + 1, "checkpoint treeSize " + m.checkpointSizes.get(out.size()),
                    "missing: the file ends but the signed manifest lists " + m.checkpointSizes.size() + " checkpoints");
        }
        if (out.isEmpty()) {
            throw stop(f, 0, "", "holds no checkpoint, so no event is covered by a signature");
        }
        return out;
    }

    /**
     * Reads {@code consistency.jsonl} (v2): each line a canonical proof between two of the bundle's
     * checkpoints that verifies with their roots, in increasing (fromSize, toSize) order, and one
     * from every checkpoint but the last to the next one and to the last one.
     */
    private static Map<Long, Map<Long, ConsistencyProof>> readConsistency(Path dir, List<Checkpoint> cps)
            throws Stop, IOException {
        String f = TraceBundle.CONSISTENCY;
        Map<Long, Checkpoint> bySize = new java.util.HashMap<>();
        cps.forEach(cp -> bySize.put(cp.treeSize(), cp));
        Map<Long, Map<Long, ConsistencyProof>> out = new java.util.TreeMap<>();
        ConsistencyProof prev = null;
        try (LineReader lines = new LineReader(dir.resolve(f))) {
            byte[] line;
            while ((line = lines.next(f)) != null) {
                long n = lines.lineNumber();
                ConsistencyProof p;
                try {
                    p = ConsistencyProof.parse(line);
                } catch (NonCanonicalException e) {
                    throw stop(f, n, "", "not a canonical consistency proof: " + e.getMessage());
                }
                String rec = "proof treeSize " + p.fromSize() + " to " + p.toSize();
                Checkpoint from = bySize.get(p.fromSize());
                Checkpoint to = bySize.get(p.toSize());
                if (p.fromSize() >= p.toSize() || from == null || to == null) {
                    throw stop(f, n, rec, "must join a smaller to a larger tree size of two checkpoints of "
                            + TraceBundle.CHECKPOINTS);
                }
                if (prev != null && (p.fromSize() < prev.fromSize()
                        || (p.fromSize() == prev.fromSize() && p.toSize() <= prev.toSize()))) {
                    throw stop(f, n, rec, "out of order or repeated (lines are ordered by fromSize, then toSize)");
                }
                if (!p.verifies(MerkleTree.unhex(from.rootHash()), MerkleTree.unhex(to.rootHash()))) {
                    throw stop(f, n, rec, "does not verify (RFC 9162 §2.1.4.2) between checkpoint treeSize "
                            + p.fromSize() + " (root " + from.rootHash() + ") and treeSize " + p.toSize() + " (root "
                            + to.rootHash() + ")");
                }
                out.computeIfAbsent(p.fromSize(), k -> new java.util.TreeMap<>()).put(p.toSize(), p);
                prev = p;
            }
        }
        long last = cps.get(cps.size() - 1).treeSize();
        for (int j = 0; j + 1 < cps.size(); j++) {
            long m = cps.get(j).treeSize();
            for (long n : new long[] {cps.get(j + 1).treeSize(), last}) {
                if (!out.getOrDefault(m, Map.of()).containsKey(n)) {
                    throw stop(f, 0, "proof treeSize " + m + " to " + n, "missing: every checkpoint but the last needs "
                            + "a proof to the next checkpoint and one to the last");
                }
            }
        }
        return out;
    }

    /** A known checkpoint of the bundle's class and its line in the known checkpoints. */
    private record Known(long line, Checkpoint cp) {
        String record() {
            return "known checkpoint treeSize " + cp.treeSize();
        }
    }

    /**
     * Checks the regulator's known checkpoints of the bundle's class against the bundle's newest
     * checkpoint, by root (same size) or consistency proof (smaller size); remembers them for the
     * recomputation in {@link #readEvents}.
     */
    private void checkKnown(List<Checkpoint> cps, Map<Long, Map<Long, ConsistencyProof>> proofs, boolean v2,
                            PublicKey key, Run run) throws Stop {
        if (known.isEmpty()) {
            return;
        }
        Checkpoint newest = cps.get(cps.size() - 1);
        Map<Long, Checkpoint> bySize = new java.util.HashMap<>();
        cps.forEach(cp -> bySize.put(cp.treeSize(), cp));
        List<Known> mine = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            if (known.get(i).classroomId().value().equals(run.classroomId)) {
                mine.add(new Known(i + 1, known.get(i)));
            }
        }
        if (mine.isEmpty()) {
            run.warnings.add("none of the " + known.size() + " checkpoints in " + knownName + " is of class "
                    + run.classroomId + ": nothing seen before to compare with");
            return;
        }
        boolean warnedV1 = false;
        for (Known k : mine) {
            Checkpoint cp = k.cp();
            long size = cp.treeSize();
            boolean sameKey = cp.keyId().equals(run.keyId);
            if (sameKey) {
                if (!CheckpointSigner.verify(cp, key)) {
                    throw stop(knownName, k.line(), k.record(), "its signature does not verify with the bundle's key "
                            + "(keyId " + run.keyId + "): not a checkpoint this key signed");
                }
            } else {
                run.warnings.add(k.record() + " (" + knownName + " line " + k.line() + ") was signed by key "
                        + cp.keyId() + ", not the bundle's key " + run.keyId + ": compared by its root only");
            }
            if (size > newest.treeSize()) {
                throw stop(knownName, k.line(), k.record(), "the bundle is older than this checkpoint seen before: "
                        + "its newest checkpoint has treeSize " + newest.treeSize() + ", the known one treeSize " + size
                        + " (a rolled-back log)");
            }
            Checkpoint same = bySize.get(size);
            if (same != null && !same.rootHash().equals(cp.rootHash())) {
                throw stop(knownName, k.line(), k.record(), "the bundle's history differs from the one seen before: "
                        + "its checkpoint treeSize " + size + " has root " + same.rootHash() + ", the known one "
                        + cp.rootHash());
            }
            if (size == 0) {
                if (!MessageDigest.isEqual(MerkleTree.unhex(cp.rootHash()), MerkleTree.emptyRoot())) {
                    throw stop(knownName, k.line(), k.record(), "a checkpoint of size 0 must have the empty root");
                }
            } else if (size < newest.treeSize() && v2 && sameKey) {
                ConsistencyProof p = proofs.getOrDefault(size, Map.of()).get(newest.treeSize());
                if (p == null) {
                    throw stop(knownName, k.line(), k.record(), "the bundle carries no consistency proof from treeSize "
                            + size + " to its newest checkpoint treeSize " + newest.treeSize() + ", so it does not show "
                            + "that its log extends the one seen before (a rewritten history?)");
                }
                if (!p.verifies(MerkleTree.unhex(cp.rootHash()), MerkleTree.unhex(newest.rootHash()))) {
                    throw stop(knownName, k.line(), k.record(), "the bundle's history differs from the one seen "
                            + "before: the consistency proof from treeSize " + size + " (known root " + cp.rootHash()
                            + ") to treeSize " + newest.treeSize() + " (root " + newest.rootHash() + ") does not verify");
                }
            } else if (size < newest.treeSize() && !v2 && !warnedV1) {
                warnedV1 = true;
                run.warnings.add("a " + TraceBundle.FORMAT_V1 + " bundle carries no consistency proofs: the known "
                        + "checkpoints were checked by recomputing their roots from " + TraceBundle.EVENTS + " only");
            }
            run.knownToRecompute.add(k);
            run.known++;
        }
        // every known checkpoint is also compared with the root recomputed from the events (readEvents)
        run.knownToRecompute.sort(java.util.Comparator.comparingLong(k -> k.cp().treeSize()));
    }

    private void readEvents(Path dir, Manifest m, List<Checkpoint> cps, Run run) throws Stop, IOException {
        String f = TraceBundle.EVENTS;
        CompactRange tree = new CompactRange();
        int next = checkRoot(tree, cps, 0, 0);
        int nextKnown = checkKnownRoot(tree, run, 0);
        long lateCommits = 0;
        String firstLate = null;
        Checkpoint last = cps.get(cps.size() - 1);
        try (LineReader lines = new LineReader(dir.resolve(f))) {
            byte[] line;
            while ((line = lines.next(f)) != null) {
                long n = lines.lineNumber();
                Map<String, Object> e;
                try {
                    e = CanonicalJson.eventShape(CanonicalJson.parse(line));
                } catch (NonCanonicalException ex) {
                    throw stop(f, n, "", "not a canonical event: " + ex.getMessage());
                }
                long index = (Long) e.get("index");
                String rec = "index " + index + ", eventId " + e.get("eventId");
                if (!m.classroomId.equals(e.get("classroomId"))) {
                    throw stop(f, n, rec, "is of class " + e.get("classroomId") + ", not " + m.classroomId);
                }
                if (index != n - 1) {
                    throw stop(f, n, rec, "line " + n + " must hold index " + (n - 1)
                            + (index > n - 1 ? ": an event is missing before it" : ": an event is repeated or out of order"));
                }
                if (n > last.treeSize()) {
                    throw stop(f, n, rec, "is after the last checkpoint (treeSize " + last.treeSize()
                            + "), so no signature covers it; an unverified tail is refused");
                }
                tree.append(MerkleTree.leafHash(line));
                run.events++;
                Instant recordedAt = CanonicalJson.parseInstant((String) e.get("recordedAt"));
                if (!recordedAt.isBefore(m.from) && recordedAt.isBefore(m.to)) {
                    run.inRange++;
                }
                if (recordedAt.isAfter(cps.get(next).issuedAt())) {
                    lateCommits++;
                    if (firstLate == null) {
                        firstLate = "line " + n + " (" + rec + ")";
                    }
                }
                next = checkRoot(tree, cps, next, n);
                nextKnown = checkKnownRoot(tree, run, nextKnown);
            }
        }
        if (next < cps.size()) {
            Checkpoint missing = cps.get(next);
            throw stop(f, run.events + 1, "", "missing: the file ends after " + run.events
                    + " events but checkpoint treeSize " + missing.treeSize() + " (" + TraceBundle.CHECKPOINTS
                    + " line " + (next + 1) + ") covers " + missing.treeSize());
        }
        if (lateCommits > 0) {
            run.warnings.add(lateCommits + " event(s) claim to be recorded after the checkpoint that first covers them"
                    + " was signed (first: " + firstLate + "): the server clock went back, or those times are false");
        }
    }

    /** Compares the root with every known checkpoint at the current size; returns the next one's position. */
    private int checkKnownRoot(CompactRange tree, Run run, int next) throws Stop {
        List<Known> ks = run.knownToRecompute;
        while (next < ks.size() && ks.get(next).cp().treeSize() == tree.size()) {
            Known k = ks.get(next++);
            String root = MerkleTree.hex(tree.root());
            if (!root.equals(k.cp().rootHash())) {
                throw new Stop(TraceBundle.EVENTS, tree.size() == 0 ? 0 : 1, tree.size(), k.record(),
                        "the bundle's history differs from the one seen before: its first " + tree.size()
                                + " events hash to " + root + ", but the checkpoint treeSize " + tree.size() + " in "
                                + knownName + " (line " + k.line() + ") has root " + k.cp().rootHash());
            }
        }
        return next;
    }

    /** Compares the root with every checkpoint at the current size; returns the next checkpoint's position. */
    private static int checkRoot(CompactRange tree, List<Checkpoint> cps, int next, long line) throws Stop {
        while (next < cps.size() && cps.get(next).treeSize() == tree.size()) {
            Checkpoint cp = cps.get(next);
            String root = MerkleTree.hex(tree.root());
            if (!root.equals(cp.rootHash())) {
                long first = next == 0 ? 1 : cps.get(next - 1).treeSize() + 1;
                throw new Stop(TraceBundle.EVENTS, first, line, "indexes " + (first - 1) + "-" + (line - 1),
                        "these lines do not hash to the root signed in checkpoint treeSize " + cp.treeSize() + " ("
                                + TraceBundle.CHECKPOINTS + " line " + (next + 1) + "): recomputed " + root
                                + ", signed " + cp.rootHash() + "; one or more of these lines was altered");
            }
            next++;
        }
        return next;
    }

    private static FileDigest digest(Path file) throws IOException {
        MessageDigest md = MerkleTree.sha256();
        long bytes;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new FileDigest(bytes, MerkleTree.hex(md.digest()));
    }

    /** Reads LF-terminated lines as bytes; a last line without LF, a blank line or an overlong one is an error. */
    private static final class LineReader implements AutoCloseable {
        private final InputStream in;
        private long lineNumber;

        LineReader(Path file) throws IOException {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }

        long lineNumber() {
            return lineNumber;
        }

        byte[] next(String file) throws IOException, Stop {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (buf.size() >= MAX_LINE) {
                    throw stop(file, lineNumber + 1, "", "line longer than " + MAX_LINE + " bytes");
                }
                buf.write(b);
            }
            if (b == -1 && buf.size() == 0) {
                return null;
            }
            lineNumber++;
            if (b == -1) {
                throw stop(file, lineNumber, "", "the last line has no newline at its end (file cut short?)");
            }
            if (buf.size() == 0) {
                throw stop(file, lineNumber, "", "blank line");
            }
            return buf.toByteArray();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
