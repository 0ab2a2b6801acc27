package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.vodinteraction.VideoComment;
import org.wlcy.classroom.playback.vodinteraction.VideoDanmaku;
import org.wlcy.classroom.playback.watch.ProgressSnapshot;
import org.wlcy.classroom.playback.watch.VideoQuestion;

/**
 * The watch features' files in each video's folder: {@code questions.json} (atomic rewrite),
 * {@code danmaku.jsonl} and {@code comments.jsonl} (append-only JSON lines, fsync'd; a deletion is a
 * line of its own), {@code watch/<user>.json} (one trainee's progress, atomic rewrite) and the
 * recorder's {@code timeline.json} (read only). Blocking: call it on the watch executor only.
 */
final class WatchStore {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStore.class);
    static final String QUESTIONS = "questions.json";
    static final String DANMAKU = "danmaku.jsonl";
    static final String COMMENTS = "comments.jsonl";
    static final String TIMELINE = "timeline.json";
    static final String PROGRESS_DIR = "watch";
    private final VideoCatalog catalog;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One trainee's stored progress: who, and the state. */
    record StoredProgress(String userId, String name, ProgressSnapshot progress) {
    }

    /** A line of {@code comments.jsonl}: a new comment, or the deletion of one. */
    record CommentLine(String op, VideoComment comment, String id, String by, java.time.Instant at) {
    }

    WatchStore(VideoCatalog catalog) {
        this.catalog = catalog;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    List<VideoQuestion> questions(VideoId video) {
        Path file = catalog.folder(video).resolve(QUESTIONS);
        try {
            JsonNode root = mapper.readTree(Files.readAllBytes(file));
            List<VideoQuestion> out = new ArrayList<>();
            for (JsonNode q : root.path("questions")) {
                out.add(mapper.treeToValue(q, VideoQuestion.class));
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void saveQuestions(VideoId video, List<VideoQuestion> questions) {
        writeAtomically(catalog.folder(video).resolve(QUESTIONS), java.util.Map.of("questions", questions));
    }

    Optional<StoredProgress> progress(VideoId video, String userId) {
        Path file = progressFile(video, userId);
        try {
            return Optional.of(mapper.readValue(Files.readAllBytes(file), StoredProgress.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void saveProgress(VideoId video, StoredProgress progress) {
        writeAtomically(progressFile(video, progress.userId()), progress);
    }

    /** Every trainee's stored progress on the video. */
    List<StoredProgress> allProgress(VideoId video) {
        Path dir = catalog.folder(video).resolve(PROGRESS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredProgress> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(mapper.readValue(Files.readAllBytes(f), StoredProgress.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return out;
    }

    void appendDanmaku(VideoId video, VideoDanmaku d) {
        appendLine(catalog.folder(video).resolve(DANMAKU), d);
    }

    List<VideoDanmaku> danmaku(VideoId video) {
        List<VideoDanmaku> out = new ArrayList<>();
        for (String line : lines(catalog.folder(video).resolve(DANMAKU))) {
            try {
                out.add(mapper.readValue(line, VideoDanmaku.class));
            } catch (IOException e) {
                LOG.warn("skipping a bad line of {}/{}: {}", video, DANMAKU, e.getMessage());
            }
        }
        return out;
    }

    void appendComment(VideoId video, CommentLine line) {
        appendLine(catalog.folder(video).resolve(COMMENTS), line);
    }

    /** The comments in the order written, and the ids of deleted ones. */
    record Comments(List<VideoComment> comments, Set<String> deleted) {
    }

    Comments comments(VideoId video) {
        List<VideoComment> out = new ArrayList<>();
        Set<String> deleted = new LinkedHashSet<>();
        for (String line : lines(catalog.folder(video).resolve(COMMENTS))) {
            try {
                CommentLine c = mapper.readValue(line, CommentLine.class);
                if ("add".equals(c.op()) && c.comment() != null) {
                    out.add(c.comment());
                } else if ("delete".equals(c.op()) && c.id() != null) {
                    deleted.add(c.id());
                }
            } catch (IOException e) {
                LOG.warn("skipping a bad line of {}/{}: {}", video, COMMENTS, e.getMessage());
            }
        }
        return new Comments(out, deleted);
    }

    /** The replay's timeline as written by the recorder, or empty. */
    Optional<JsonNode> timeline(VideoId video) {
        Path file = catalog.folder(video).resolve(TIMELINE);
        try {
            return Optional.of(mapper.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Path progressFile(VideoId video, String userId) {
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8));
        return catalog.folder(video).resolve(PROGRESS_DIR).resolve(name + ".json");
    }

    private List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void appendLine(Path file, Object value) {
        try {
            byte[] line = (mapper.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(line));
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private void writeAtomically(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(mapper.writeValueAsBytes(value)));
                ch.force(false);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
