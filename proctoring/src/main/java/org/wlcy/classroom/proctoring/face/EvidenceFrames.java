package org.wlcy.classroom.proctoring.face;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.FeedId;

/**
 * Optional evidence frames: the JPEG a face check examined, written as
 * {@code <dataDir>/evidence/<UTC time>-feed<id>-<sha256 prefix>.jpg} and deleted once older than
 * the retention period ({@link #deleteExpired}). The time in the name is what retention counts
 * from, so a copied or touched file does not live longer.
 */
public final class EvidenceFrames {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceFrames.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = "20250101T000000.000Z".length();

    private final Path dir;
    private final Duration retention;

    public EvidenceFrames(Path dataDir, Duration retention) {
        this.dir = dataDir.resolve("evidence");
        this.retention = retention;
    }

    public Path dir() {
        return dir;
    }

    /** Writes one frame; returns its path. */
    public Path write(FeedId feed, Instant at, byte[] jpeg, String sha256Hex) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(STAMP.format(at) + "-feed" + feed.value() + "-" + sha256Hex.substring(0, 16) + ".jpg");
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, jpeg);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Deletes frames taken before {@code now - retention}; returns how many were deleted. */
    public int deleteExpired(Instant now) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant limit = now.minus(retention);
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Instant taken = takenAt(f);
                if (taken != null && taken.isBefore(limit)) {
                    try {
                        Files.deleteIfExists(f);
                        deleted++;
                    } catch (IOException e) {
                        LOG.warn("could not delete expired evidence frame {}: {}", f, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list evidence frames in {}: {}", dir, e.getMessage());
        }
        return deleted;
    }

    private static Instant takenAt(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".jpg") || name.length() < STAMP_LENGTH) {
            return null;
        }
        try {
            return Instant.from(STAMP.parse(name.substring(0, STAMP_LENGTH)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
