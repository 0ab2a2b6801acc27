package org.wlcy.classroom.proctoring.integrity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.proctoring.store.StorableEvent;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Writes a trace bundle ({@code docs/trace-bundle.md}) for a class and a time range: the class's
 * whole log from index 0 up to a checkpoint signed now (so every event recorded before the export
 * is covered), every earlier checkpoint of the same key, the public key, and a signed manifest.
 * The regulator's verifier filters the range itself; shipping the whole log is what lets it see
 * that nothing of the range is hidden elsewhere in the log.
 */
public final class TraceBundleExporter {
    private static final int READ_PAGE = 4096;

    private final TraceStore store;
    private final TraceIntegrity integrity;
    private final CheckpointSigner signer;
    private final InstantSource clock;
    private final Cosignatures cosignatures;

    public TraceBundleExporter(TraceStore store, TraceIntegrity integrity, CheckpointSigner signer,
                               InstantSource clock) {
        this(store, integrity, signer, clock, Cosignatures.NONE);
    }

    /** issue L witnesses: bundles also carry the witnesses' cosignatures ({@code witnesses.jsonl}). */
    public TraceBundleExporter(TraceStore store, TraceIntegrity integrity, CheckpointSigner signer,
                               InstantSource clock, Cosignatures cosignatures) {
        this.cosignatures = Objects.requireNonNull(cosignatures, "cosignatures");
        this.store = Objects.requireNonNull(store, "store");
        this.integrity = Objects.requireNonNull(integrity, "integrity");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the bundle of {@code classroom} for events recorded in {@code [from, to)} into the new
     * folder {@code directory} (which must not exist; it appears complete or not at all). Blocking.
     *
     * @throws IllegalStateException if the stored log does not match its own checkpoints
     */
    public BundleSummary export(ClassroomId classroom, Instant from, Instant to, Path directory) throws IOException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the range [" + from + ", " + to + ") is empty");
        }
        if (Files.exists(directory)) {
            throw new FileAlreadyExistsException(directory.toString());
        }
        Checkpoint head = integrity.checkpointNow(classroom);
        cosignatures.awaitAnswers(head);
        long treeSize = head.treeSize();
        List<Checkpoint> checkpoints = checkpointsUpTo(classroom, head);

        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + directory.getFileName() + ".");
        try {
            Map<String, Object> files = new TreeMap<>();
            MerkleLevels levels = new MerkleLevels();
            long inRange = writeEvents(classroom, treeSize, from, to, checkpoints, tmp.resolve(TraceBundle.EVENTS),
                    levels);
            files.put(TraceBundle.EVENTS, fileEntry(tmp.resolve(TraceBundle.EVENTS)));

            StringBuilder proofs = new StringBuilder();
            for (ConsistencyProof p : consistencyProofs(checkpoints, levels)) {
                proofs.append(new String(p.line(), StandardCharsets.UTF_8)).append('\n');
            }
            write(tmp.resolve(TraceBundle.CONSISTENCY), proofs.toString().getBytes(StandardCharsets.UTF_8));
            files.put(TraceBundle.CONSISTENCY, fileEntry(tmp.resolve(TraceBundle.CONSISTENCY)));

            StringBuilder cps = new StringBuilder();
            List<Object> sizes = new ArrayList<>();
            for (Checkpoint cp : checkpoints) {
                cps.append(new String(CanonicalJson.checkpoint(cp), StandardCharsets.UTF_8)).append('\n');
                sizes.add(cp.treeSize());
            }
            write(tmp.resolve(TraceBundle.CHECKPOINTS), cps.toString().getBytes(StandardCharsets.UTF_8));
            files.put(TraceBundle.CHECKPOINTS, fileEntry(tmp.resolve(TraceBundle.CHECKPOINTS)));

            writeWitnesses(checkpoints, tmp.resolve(TraceBundle.WITNESSES));

            write(tmp.resolve(TraceBundle.PUBLIC_KEY), signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
            files.put(TraceBundle.PUBLIC_KEY, fileEntry(tmp.resolve(TraceBundle.PUBLIC_KEY)));

            Map<String, Object> manifest = new TreeMap<>();
            manifest.put("checkpoints", Map.of("count", (long) checkpoints.size(), "treeSizes", sizes));
            manifest.put("classroomId", classroom.value());
            manifest.put("events", Map.of("inRange", inRange, "total", treeSize));
            manifest.put("exportedAt", CanonicalJson.instant(clock.instant()));
            manifest.put("files", files);
            manifest.put("format", TraceBundle.FORMAT);
            manifest.put("keyId", signer.keyId());
            manifest.put("range", Map.of("from", CanonicalJson.instant(from), "to", CanonicalJson.instant(to)));
            manifest.put("rootHash", head.rootHash());
            manifest.put("treeSize", treeSize);
            byte[] manifestBytes = withNewline(CanonicalJson.write(manifest));
            write(tmp.resolve(TraceBundle.MANIFEST), manifestBytes);
            byte[] sig = signer.signTagged(TraceBundle.MANIFEST_SIGNATURE_TAG, manifestBytes);
            write(tmp.resolve(TraceBundle.MANIFEST_SIGNATURE),
                    (Base64.getEncoder().encodeToString(sig) + "\n").getBytes(StandardCharsets.US_ASCII));

            Files.move(tmp, directory, StandardCopyOption.ATOMIC_MOVE);
            return new BundleSummary(directory, treeSize, head.rootHash(), inRange, checkpoints.size(), signer.keyId());
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * issue L witnesses: one line per checkpoint that witnesses cosigned, {@code {"note":"<C2SP note>","treeSize":n}},
     * the note being the checkpoint's body, this key's note signature and the cosignature lines
     * (docs/trace-bundle.md §4.3). No file when there is none.
     */
    private void writeWitnesses(List<Checkpoint> checkpoints, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Checkpoint cp : checkpoints) {
            List<String> lines = cosignatures.lines(cp);
            if (lines.isEmpty()) {
                continue;
            }
            String note = signer.checkpointNote(cosignatures.originPrefix(), cp) + String.join("", lines);
            Map<String, Object> m = new TreeMap<>();
            m.put("note", note);
            m.put("treeSize", cp.treeSize());
            out.append(new String(CanonicalJson.write(m), StandardCharsets.UTF_8)).append('\n');
        }
        if (!out.isEmpty()) {
            write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The proofs a bundle carries (docs/trace-bundle.md §4.1): from every checkpoint but the last to
     * the next one and to the last one, ordered by fromSize, then toSize.
     */
    static List<ConsistencyProof> consistencyProofs(List<Checkpoint> checkpoints, MerkleLevels levels) {
        List<ConsistencyProof> out = new ArrayList<>();
        long last = checkpoints.get(checkpoints.size() - 1).treeSize();
        for (int j = 0; j + 1 < checkpoints.size(); j++) {
            long m = checkpoints.get(j).treeSize();
            long next = checkpoints.get(j + 1).treeSize();
            out.add(new ConsistencyProof(m, next, levels.consistencyProof(m, next)));
            if (next != last) {
                out.add(new ConsistencyProof(m, last, levels.consistencyProof(m, last)));
            }
        }
        return out;
    }

    /** The class's checkpoints by this key up to {@code head}, one per tree size, increasing. */
    private List<Checkpoint> checkpointsUpTo(ClassroomId classroom, Checkpoint head) {
        TreeMap<Long, Checkpoint> bySize = new TreeMap<>();
        for (Checkpoint cp : store.checkpoints(classroom)) {
            if (cp.treeSize() <= head.treeSize() && cp.keyId().equals(signer.keyId())) {
                bySize.merge(cp.treeSize(), cp, (a, b) -> a.issuedAt().isAfter(b.issuedAt()) ? b : a);
            }
        }
        bySize.putIfAbsent(head.treeSize(), head);
        List<Checkpoint> out = new ArrayList<>(bySize.values());
        out.sort(Comparator.comparingLong(Checkpoint::treeSize));
        return out;
    }

    /**
     * Streams events 0..treeSize-1 into the file, recomputing the roots of every checkpoint on the
     * way: a stored log that no longer matches its checkpoints is refused, not exported.
     */
    private long writeEvents(ClassroomId classroom, long treeSize, Instant from, Instant to,
                             List<Checkpoint> checkpoints, Path file, MerkleLevels levels) throws IOException {
        CompactRange tree = new CompactRange();
        int next = 0;
        long inRange = 0;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            next = checkRoots(tree, checkpoints, next);
            while (tree.size() < treeSize) {
                List<TraceEvent> page = store.read(classroom, tree.size(), (int) Math.min(READ_PAGE, treeSize - tree.size()));
                if (page.isEmpty()) {
                    throw new IllegalStateException("the store ended at " + tree.size() + " of " + treeSize + " events");
                }
                for (TraceEvent e : page) {
                    if (e.index() != tree.size()) {
                        throw new IllegalStateException("the store returned index " + e.index() + " for " + tree.size());
                    }
                    byte[] line = StorableEvent.canonicalLine(e); // a set-aside record's placeholder, as the log hashes it
                    out.write(line);
                    out.write('\n');
                    byte[] leaf = MerkleTree.leafHash(line);
                    tree.append(leaf);
                    levels.append(leaf);
                    next = checkRoots(tree, checkpoints, next);
                    if (!e.recordedAt().isBefore(from) && e.recordedAt().isBefore(to)) {
                        inRange++;
                    }
                    if (tree.size() == treeSize) {
                        break;
                    }
                }
            }
        }
        return inRange;
    }

    private static int checkRoots(CompactRange tree, List<Checkpoint> checkpoints, int next) {
        while (next < checkpoints.size() && checkpoints.get(next).treeSize() == tree.size()) {
            Checkpoint cp = checkpoints.get(next++);
            if (!MerkleTree.hex(tree.root()).equals(cp.rootHash())) {
                throw new IllegalStateException("stored events no longer match checkpoint treeSize " + cp.treeSize()
                        + " of " + cp.classroomId() + "; refusing to export");
            }
        }
        return next;
    }

    private static Map<String, Object> fileEntry(Path file) throws IOException {
        MessageDigest md = MerkleTree.sha256();
        long bytes;
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        return Map.of("bytes", bytes, "sha256", MerkleTree.hex(md.digest()));
    }

    private static byte[] withNewline(byte[] b) {
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        out[b.length] = '\n';
        return out;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    /**
     * Zips a bundle folder: its six files (five for v1) at the top level, in name order, with fixed timestamps
     * (so that the same bundle always gives the same zip).
     */
    public static void zip(Path bundleDir, Path zipFile) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            for (String name : java.util.stream.Stream.concat(TraceBundle.ALL_FILES.stream(),
                    TraceBundle.OPTIONAL_FILES.stream()).sorted().toList()) {
                if (!Files.exists(bundleDir.resolve(name))) {
                    continue; // a v1 bundle has no consistency.jsonl
                }
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(315532800000L); // 1980-01-01, the zip epoch
                zip.putNextEntry(entry);
                Files.copy(bundleDir.resolve(name), zip);
                zip.closeEntry();
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
