package org.wlcy.classroom.playback.upload;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * The bookkeeping of resumable uploads, in the video's folder: {@code upload.json} (the
 * {@link UploadTicket}) and {@code source/upload.<ext>} whose length is the number of bytes received
 * (so it survives restarts without another record). A chunk is appended only at the current end;
 * a chunk that fails half-way is cut off again, so nothing received before it is lost and nothing
 * of it is kept. Blocking: call off the event loop. One writer per video at a time (the caller
 * holds the lock, see {@link #tryLock}).
 */
public final class UploadFiles {
    static final String TICKET = "upload.json";
    static final String SOURCE = "source";
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final long maxChunkBytes;
    private final java.util.Set<Path> writing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public UploadFiles(long maxChunkBytes) {
        this.maxChunkBytes = maxChunkBytes;
    }

    public long maxChunkBytes() {
        return maxChunkBytes;
    }

    /** Records a new upload's ticket and creates its empty source file. */
    public void start(Path folder, UploadTicket ticket) {
        try {
            Files.createDirectories(folder.resolve(SOURCE));
            Path tmp = folder.resolve(TICKET + ".tmp");
            Files.write(tmp, mapper.writeValueAsBytes(ticket));
            Files.move(tmp, folder.resolve(TICKET), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path source = folder.resolve(SOURCE).resolve(ticket.sourceName());
            if (!Files.exists(source)) {
                Files.createFile(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the upload in " + folder, e);
        }
    }

    public Optional<UploadTicket> ticket(Path folder) {
        Path file = folder.resolve(TICKET);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), UploadTicket.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The uploaded file (complete or not). */
    public Path source(Path folder, UploadTicket ticket) {
        return folder.resolve(SOURCE).resolve(ticket.sourceName());
    }

    /** Bytes received so far. */
    public long received(Path folder, UploadTicket ticket) {
        try {
            Path source = source(folder, ticket);
            return Files.exists(source) ? Files.size(source) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the video's single writer slot; false if another chunk is being written. */
    public boolean tryLock(Path folder) {
        return writing.add(folder.toAbsolutePath());
    }

    public void unlock(Path folder) {
        writing.remove(folder.toAbsolutePath());
    }

    /**
     * Opens a chunk at {@code offset}, which must be the bytes received so far.
     *
     * @param declaredLength the chunk's Content-Length, or -1 when unknown
     * @throws ClassroomException 239 with the current offset, 238 past the declared size, 241 over the chunk limit
     */
    public Chunk open(Path folder, UploadTicket ticket, long offset, long declaredLength) {
        long received = received(folder, ticket);
        if (offset != received) {
            throw new OffsetMismatch(received);
        }
        if (received >= ticket.size()) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "the upload is complete already ("
                    + received + " bytes)");
        }
        if (declaredLength > maxChunkBytes) {
            throw new ClassroomException(ErrorCode.CHUNK_TOO_LARGE, "a chunk may hold at most " + maxChunkBytes
                    + " bytes, this one has " + declaredLength);
        }
        if (declaredLength > 0 && offset + declaredLength > ticket.size()) {
            throw new ClassroomException(ErrorCode.UPLOAD_TOO_LARGE, "the chunk goes past the declared size of "
                    + ticket.size() + " bytes");
        }
        try {
            FileChannel ch = FileChannel.open(source(folder, ticket), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            ch.position(offset);
            return new Chunk(ch, offset, ticket.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunk of the mismatched offset; {@link #received} says where to resume. */
    public static final class OffsetMismatch extends ClassroomException {
        private static final long serialVersionUID = 1L;
        private final long received;

        public OffsetMismatch(long received) {
            super(ErrorCode.UPLOAD_OFFSET_MISMATCH, "resume at offset " + received + " (bytes received so far)");
            this.received = received;
        }

        public long received() {
            return received;
        }
    }

    /** One chunk being written: {@link #write} as bytes arrive, then {@link #commit} or {@link #abort}. */
    public final class Chunk implements AutoCloseable {
        private final FileChannel channel;
        private final long start;
        private final long size;
        private long written;
        private boolean done;

        private Chunk(FileChannel channel, long start, long size) {
            this.channel = channel;
            this.start = start;
            this.size = size;
        }

        /** Appends; refuses (241 / 238) before writing when the chunk or the upload would grow too large. */
        public void write(ByteBuffer bytes) {
            int n = bytes.remaining();
            if (written + n > maxChunkBytes) {
                throw new ClassroomException(ErrorCode.CHUNK_TOO_LARGE, "a chunk may hold at most " + maxChunkBytes
                        + " bytes");
            }
            if (start + written + n > size) {
                throw new ClassroomException(ErrorCode.UPLOAD_TOO_LARGE, "more bytes than the declared size of "
                        + size);
            }
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written += n;
        }

        public long written() {
            return written;
        }

        /** Makes the chunk durable; returns the bytes received in all. */
        public long commit() {
            try {
                channel.force(false);
                done = true;
                return start + written;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                close();
            }
        }

        /** Cuts the file back to where this chunk started. */
        public void abort() {
            try {
                if (!done && channel.isOpen()) {
                    channel.truncate(start);
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                done = true;
                close();
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to keep
            }
        }
    }
}
