package org.wlcy.classroom.playback.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * The catalogue as one {@code video.json} per folder under {@code root}, with every entry also held
 * in memory. Each write goes to a temporary file that is fsync'd and renamed over the old one, so
 * a crash leaves the previous or the new entry, never half of one.
 */
public final class FileVideoCatalog implements VideoCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(FileVideoCatalog.class);
    private static final String ENTRY = "video.json";
    private final Path root;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<VideoId, Video> videos = new ConcurrentHashMap<>();

    private FileVideoCatalog(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the catalogue under {@code root} and reads every entry. */
    public static FileVideoCatalog open(Path root) {
        FileVideoCatalog catalog = new FileVideoCatalog(root);
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.map(d -> d.resolve(ENTRY)).filter(Files::isRegularFile).forEach(catalog::load);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the video catalogue at " + root, e);
        }
        return catalog;
    }

    private void load(Path file) {
        try {
            Video v = mapper.readValue(file.toFile(), Video.class);
            videos.put(v.id(), v);
        } catch (IOException | RuntimeException e) {
            LOG.error("skipping unreadable catalogue entry {}", file, e);
        }
    }

    @Override
    public synchronized Video add(Video video) {
        if (videos.containsKey(video.id())) {
            throw new IllegalArgumentException("video " + video.id() + " exists");
        }
        write(video);
        videos.put(video.id(), video);
        return video;
    }

    @Override
    public Optional<Video> find(VideoId id) {
        return Optional.ofNullable(videos.get(id));
    }

    @Override
    public List<Video> list(ClassroomId classroomId) {
        return videos.values().stream()
                .filter(v -> v.classroomId().equals(classroomId))
                .sorted(Comparator.comparing(Video::createdAt).reversed().thenComparing(v -> v.id().value()))
                .toList();
    }

    @Override
    public synchronized Video update(VideoId id, UnaryOperator<Video> change) {
        Video current = videos.get(id);
        if (current == null) {
            throw new IllegalArgumentException("no video " + id);
        }
        Video next = change.apply(current);
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("an update may not change the id");
        }
        write(next);
        videos.put(id, next);
        return next;
    }

    @Override
    public Path folder(VideoId id) {
        Path dir = root.resolve(id.value());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public List<Video> all() {
        return List.copyOf(videos.values());
    }

    @Override
    public boolean remove(VideoId id) {
        Path dir = root.resolve(id.value());
        synchronized (this) {
            if (videos.remove(id) == null) {
                return false;
            }
            try {
                Files.deleteIfExists(dir.resolve(ENTRY));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove catalogue entry " + id, e);
            }
        }
        // The entry is gone first: a crash now leaves an unlisted folder, never an entry without files.
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("video {} removed from the catalogue, but its folder {} could not be fully deleted: {}", id, dir,
                    e.toString());
        }
        return true;
    }

    private void write(Video video) {
        Path dir = folder(video.id());
        Path tmp = dir.resolve(ENTRY + ".tmp");
        try {
            byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(video);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(ENTRY), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write catalogue entry " + video.id(), e);
        }
    }
}
