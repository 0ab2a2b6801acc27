package org.wlcy.classroom.proctoring.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * The witnesses' cosignatures, kept durably in one append-only file of canonical JSON lines
 * ({@code <data>/trace-witness/cosignatures.jsonl}), each
 * {@code {"classroomId":..,"cosignature":"— <witness> <base64>","rootHash":..,"treeSize":n,"witness":..}};
 * a line is forced to disk before {@link #add} returns. Read whole at start; a line that cannot be
 * read (a torn last write) is skipped with a warning. Thread-safe.
 */
public final class CosignatureFile {
    private static final Logger LOG = LoggerFactory.getLogger(CosignatureFile.class);
    public static final String DIR = "trace-witness";
    public static final String FILE = "cosignatures.jsonl";
    private static final Set<String> KEYS = Set.of("classroomId", "cosignature", "rootHash", "treeSize", "witness");

    /** One cosignature of one checkpoint. */
    public record Entry(ClassroomId classroom, long treeSize, String rootHash, String witness, String cosignature) {
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    private CosignatureFile(Path file) {
        this.file = file;
    }

    /** Opens (creating the folder) and reads {@code <dataDir>/trace-witness/cosignatures.jsonl}. */
    public static CosignatureFile open(Path dataDir) {
        Path f = dataDir.resolve(DIR).resolve(FILE);
        CosignatureFile out = new CosignatureFile(f);
        try {
            Files.createDirectories(f.getParent());
            if (Files.exists(f)) {
                int n = 0;
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    n++;
                    try {
                        out.entries.add(parse(line));
                    } catch (NonCanonicalException | RuntimeException e) {
                        LOG.warn("{} line {} is not a cosignature record, skipped: {}", f, n, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return out;
    }

    private static Entry parse(String line) throws NonCanonicalException {
        if (!(CanonicalJson.parse(line.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> m)
                || !m.keySet().equals(KEYS)) {
            throw new NonCanonicalException("not an object with " + KEYS);
        }
        return new Entry(new ClassroomId((String) m.get("classroomId")), (Long) m.get("treeSize"),
                (String) m.get("rootHash"), (String) m.get("witness"), (String) m.get("cosignature"));
    }

    /** Appends one cosignature durably (before this returns). */
    public synchronized void add(Entry e) {
        Map<String, Object> m = new TreeMap<>();
        m.put("classroomId", e.classroom().value());
        m.put("cosignature", e.cosignature());
        m.put("rootHash", e.rootHash());
        m.put("treeSize", e.treeSize());
        m.put("witness", e.witness());
        byte[] line = CanonicalJson.write(m);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        entries.add(e);
    }

    /** The cosignatures held for this class, size and root. */
    public synchronized List<Entry> of(ClassroomId c, long treeSize, String rootHash) {
        return entries.stream().filter(e -> e.classroom().equals(c) && e.treeSize() == treeSize
                && e.rootHash().equals(rootHash)).toList();
    }

    /** The largest tree size of the class this witness has cosigned, or 0. */
    public synchronized long newestSize(String witness, ClassroomId c) {
        return entries.stream().filter(e -> e.witness().equals(witness) && e.classroom().equals(c))
                .mapToLong(Entry::treeSize).max().orElse(0);
    }
}
