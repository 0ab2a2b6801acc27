package org.wlcy.classroom.proctoring.store;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of framed records. A frame is {@code magic "WTR1" (4 bytes) | payload length
 * (4, big-endian) | CRC32C of the length's 4 bytes and the payload (4) | payload}.
 *
 * <p>On open every frame is checked. The first bad frame is a <em>torn tail</em> (a crash during an
 * unacknowledged write) if no intact frame follows it: the tail is copied to
 * {@code <file>.torn-<offset>} and cut off. A frame whose header is intact and that is followed
 * right after its end by an intact frame, but whose payload fails its CRC, is one damaged record:
 * it is handed to {@link Visitor#damaged} and the scan goes on. Any other bad frame followed by an
 * intact one (the framing itself is broken) is damage in the middle, and
 * {@link TraceStoreCorruptedException} is thrown.
 */
final class RecordFile implements Closeable {
    static final int MAGIC = 0x57545231;
    static final int HEADER = 12;
    static final int MAX_PAYLOAD = 1 << 20;
    /** A torn tail is at most one group write; anything longer after a bad frame is damage. */
    static final long MAX_TORN_TAIL = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RecordFile.class);

    /** Receives each intact record in file order while the file is opened. */
    interface Visitor {
        /** @throws IOException if the payload's content is not a valid record (the file is damaged) */
        void record(long offset, byte[] payload) throws IOException;

        /**
         * A frame at {@code offset} whose payload fails its CRC, between intact frames.
         *
         * @throws IOException to refuse the file (the default)
         */
        default void damaged(long offset, byte[] payload, String problem) throws IOException {
            throw new IOException(problem);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private long end;

    private RecordFile(Path path, FileChannel channel, long end) {
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    /** Creates an empty file (and makes its directory entry durable). */
    static RecordFile create(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        forceDirectory(path.getParent());
        return new RecordFile(path, ch, 0);
    }

    /** Opens an existing file, checking every frame and cutting off a torn tail. */
    static RecordFile open(Path path, Visitor visitor) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long end = scan(path, ch, visitor);
            return new RecordFile(path, ch, end);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends one frame for {@code payload} to {@code out}. */
    static void frame(GrowableBuffer out, byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a record must be 1 byte to 1 MiB, not " + payload.length);
        }
        out.putInt(MAGIC);
        out.putInt(payload.length);
        out.putInt(crc(payload.length, payload, 0, payload.length));
        out.put(payload);
    }

    Path path() {
        return path;
    }

    /** Where the next frame will start. */
    long end() {
        return end;
    }

    /** Writes whole frames at the end (not yet durable); on failure the file is cut back. */
    void write(ByteBuffer frames) throws IOException {
        long start = end;
        long pos = start;
        try {
            while (frames.hasRemaining()) {
                pos += channel.write(frames, pos);
            }
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end = pos;
    }

    /** Makes everything written durable. */
    void force() throws IOException {
        channel.force(false);
    }

    /** The payload of the frame at {@code offset}, checked again against its CRC. */
    byte[] read(long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(header, offset);
        header.flip();
        int magic = header.getInt();
        int length = header.getInt();
        int crc = header.getInt();
        if (magic != MAGIC || length <= 0 || length > MAX_PAYLOAD) {
            throw new TraceStoreCorruptedException(path, offset, "bad frame header");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(payload, offset + HEADER);
        byte[] bytes = payload.array();
        if (crc(length, bytes, 0, length) != crc) {
            throw new TraceStoreCorruptedException(path, offset, "CRC32C mismatch");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void readFully(ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new TraceStoreCorruptedException(path, pos, "unexpected end of file");
            }
            pos += n;
        }
    }

    private static long scan(Path path, FileChannel ch, Visitor visitor) throws IOException {
        long size = ch.size();
        long pos = 0;
        ch.position(0);
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 20));
        byte[] header = new byte[HEADER];
        while (pos < size) {
            if (size - pos < HEADER) {
                break;
            }
            in.readFully(header);
            int length = frameLength(header, 0, size - pos);
            if (length < 0) {
                break;
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (crc(length, payload, 0, length) != ByteBuffer.wrap(header, 8, 4).getInt()) {
                if (!intactFrameAt(ch, pos + HEADER + length, size)) {
                    break;
                }
                try {
                    visitor.damaged(pos, payload, "CRC32C mismatch");
                } catch (IOException | RuntimeException e) {
                    throw new TraceStoreCorruptedException(path, pos, "record fails its CRC32C: " + e.getMessage());
                }
                pos += HEADER + length;
                continue;
            }
            try {
                visitor.record(pos, payload);
            } catch (IOException | RuntimeException e) {
                throw new TraceStoreCorruptedException(path, pos, "record passes its CRC but is invalid: "
                        + e.getMessage());
            }
            pos += HEADER + length;
        }
        if (pos < size) {
            recoverTail(path, ch, pos, size);
        }
        return pos;
    }

    /** The payload length of a plausible frame at {@code at}, or -1 if the header is not one. */
    private static int frameLength(byte[] buf, int at, long remaining) {
        if (remaining < HEADER || buf.length - at < HEADER) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, at, HEADER);
        if (b.getInt() != MAGIC) {
            return -1;
        }
        int length = b.getInt();
        if (length <= 0 || length > MAX_PAYLOAD || HEADER + (long) length > remaining) {
            return -1;
        }
        return length;
    }

    /** Whether an intact frame starts at {@code at} (read positionally; the scan's stream is not moved). */
    private static boolean intactFrameAt(FileChannel ch, long at, long size) throws IOException {
        if (size - at < HEADER) {
            return false;
        }
        byte[] header = readRange(ch, at, HEADER);
        int length = frameLength(header, 0, size - at);
        if (length < 0) {
            return false;
        }
        byte[] frame = readRange(ch, at, HEADER + length);
        return crcMatches(frame, 0, length);
    }

    private static boolean crcMatches(byte[] buf, int at, int length) {
        if (buf.length - at < HEADER + length) {
            return false;
        }
        int stored = ByteBuffer.wrap(buf, at + 8, 4).getInt();
        return crc(length, buf, at + HEADER, length) == stored;
    }

    private static void recoverTail(Path path, FileChannel ch, long pos, long size) throws IOException {
        if (size - pos > MAX_TORN_TAIL) {
            throw new TraceStoreCorruptedException(path, pos, "bad record followed by " + (size - pos) + " bytes");
        }
        byte[] tail = readRange(ch, pos, (int) (size - pos));
        for (int i = 1; i + HEADER <= tail.length; i++) {
            int length = frameLength(tail, i, tail.length - i);
            if (length > 0 && crcMatches(tail, i, length)) {
                throw new TraceStoreCorruptedException(path, pos,
                        "bad record, but an intact record follows at offset " + (pos + i));
            }
        }
        Path kept = path.resolveSibling(path.getFileName() + ".torn-" + pos + "-" + System.currentTimeMillis());
        try (FileChannel out = FileChannel.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(tail));
            out.force(true);
        }
        forceDirectory(path.getParent());
        ch.truncate(pos);
        ch.force(true);
        LOG.warn("Trace store file {} had a torn tail of {} bytes at offset {} (a write that was never"
                + " acknowledged); cut it off and kept it in {}", path, tail.length, pos, kept);
    }

    private static byte[] readRange(FileChannel ch, long pos, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                break;
            }
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    static int crc(int length, byte[] payload, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(4).putInt(0, length));
        c.update(payload, off, len);
        return (int) c.getValue();
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

}
