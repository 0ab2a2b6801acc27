package org.wlcy.classroom.gateway.assessment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * Submission attachments on disk: {@code <data.dir>/assessment/attachments/<sha256>}, named by
 * their content's SHA-256 (the hash the trace event keeps), so the same file uploaded twice is
 * stored once and a stored file can be checked against its name. An upload is written to a
 * {@code .incoming-*} file beside them, fsync'd, then renamed into place (and the folder fsync'd);
 * a crash leaves at most an incoming file, removed at the next start. Blocking: call from a worker.
 */
final class AttachmentStore {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentStore.class);
    private static final String INCOMING = ".incoming-";
    private final Path folder;
    private final long maxBytes;

    AttachmentStore(Path dataDir, long maxBytes) {
        this.folder = dataDir.resolve("assessment").resolve("attachments");
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(folder);
            try (var old = Files.list(folder)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith(INCOMING)).toList()) {
                    LOG.info("removing the unfinished upload {}", p);
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the attachments folder " + folder, e);
        }
    }

    Path folder() {
        return folder;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** An upload being written. */
    final class Incoming {
        private final Path temp = folder.resolve(INCOMING + UUID.randomUUID());
        private final FileChannel out;
        private final MessageDigest sha;
        private long bytes;

        private Incoming() throws IOException {
            out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Appends a piece; over the size limit, the upload is refused (255) and nothing is kept. */
        void write(ByteBuffer piece) {
            if (bytes + piece.remaining() > maxBytes) {
                abort();
                throw tooLarge(maxBytes);
            }
            bytes += piece.remaining();
            sha.update(piece.duplicate());
            try {
                while (piece.hasRemaining()) {
                    out.write(piece);
                }
            } catch (IOException e) {
                abort();
                throw new UncheckedIOException(e);
            }
        }

        long bytes() {
            return bytes;
        }

        /** The whole upload is in: made durable; its content for the type check, and its hash. */
        Finished finish() {
            try {
                out.force(true);
                out.close();
                return new Finished(temp, HexFormat.of().formatHex(sha.digest()), bytes);
            } catch (IOException e) {
                abort();
                throw new UncheckedIOException(e);
            }
        }

        void abort() {
            try {
                out.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("could not remove the refused upload {}: {}", temp, e.toString());
            }
        }
    }

    /** A durable upload not yet in place. */
    record Finished(Path temp, String sha256, long bytes) {
        byte[] content() {
            try {
                return Files.readAllBytes(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Incoming begin() {
        try {
            return new Incoming();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an upload in " + folder, e);
        }
    }

    /** Moves a checked upload to its name (the same content already stored: the copy is dropped). */
    void commit(Finished f) {
        Path target = folder.resolve(f.sha256());
        try {
            if (Files.exists(target)) {
                Files.deleteIfExists(f.temp());
                return;
            }
            try {
                Files.move(f.temp(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(f.temp(), target);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(f.temp());
                return;
            }
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                LOG.debug("cannot fsync the folder {}: {}", folder, e.toString());
            }
        } catch (IOException e) {
            discard(f);
            throw new UncheckedIOException(e);
        }
    }

    void discard(Finished f) {
        try {
            Files.deleteIfExists(f.temp());
        } catch (IOException e) {
            LOG.warn("could not remove the refused upload {}: {}", f.temp(), e.toString());
        }
    }

    /** A stored file's content, checked against its hash. */
    Optional<byte[]> read(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path p = folder.resolve(sha256);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            byte[] content = Files.readAllBytes(p);
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            if (!actual.equals(sha256)) {
                LOG.error("attachment {} is damaged: its content hashes to {}", p, actual);
                throw new ClassroomException(ErrorCode.INTERNAL, "the stored file is damaged; tell the institution");
            }
            return Optional.of(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClassroomException tooLarge(long maxBytes) {
        return new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, "the file is larger than " + maxBytes / 1024
                + " KiB (assessment.maxAttachmentKilobytes); nothing of it was kept");
    }
}
