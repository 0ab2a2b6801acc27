package org.wlcy.classroom.enrolment.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.enrolment.EnrolledClass;

/**
 * The embedded store: one JSON file per class under {@code <data.dir>/enrolment/}, readable by
 * the server's user only (the roster holds identity numbers), replaced whole by write, fsync and
 * atomic rename. A file that cannot be read at start is left where it is and named in the log and
 * {@link #unreadable()}; the other classes load.
 */
public final class FileEnrolmentStore implements EnrolmentStore {
    /** A class id that is also a safe file name. */
    public static final Pattern CLASS_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(FileEnrolmentStore.class);
    private final Path dir;
    private final ObjectMapper json = RecordJson.MAPPER;
    private final Map<String, EnrolledClass> classes = new ConcurrentHashMap<>();
    private final List<Path> unreadable = new ArrayList<>();

    public FileEnrolmentStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try {
                        EnrolledClass c = json.readValue(f.toFile(), EnrolledClass.class);
                        classes.put(c.classId(), c);
                    } catch (IOException | RuntimeException e) {
                        unreadable.add(f);
                        LOG.error("enrolment record {} cannot be read and is left as it is: {}", f, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the enrolment records in " + dir, e);
        }
    }

    @Override
    public Optional<EnrolledClass> find(String classId) {
        return Optional.ofNullable(classes.get(classId));
    }

    @Override
    public List<EnrolledClass> all() {
        return List.copyOf(classes.values());
    }

    /** The files that could not be read at start. */
    public List<Path> unreadable() {
        return List.copyOf(unreadable);
    }

    @Override
    public void save(EnrolledClass record) {
        if (!CLASS_ID.matcher(record.classId()).matches()) {
            throw new IllegalArgumentException("class id is not a safe file name: " + record.classId());
        }
        Path file = dir.resolve(record.classId() + ".json");
        Path tmp = dir.resolve(record.classId() + ".json.tmp");
        try {
            byte[] bytes = json.writeValueAsBytes(record);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store class " + record.classId(), e);
        }
        classes.put(record.classId(), record);
    }
}
