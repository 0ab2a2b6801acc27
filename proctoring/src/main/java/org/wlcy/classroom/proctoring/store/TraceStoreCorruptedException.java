package org.wlcy.classroom.proctoring.store;

import java.nio.file.Path;

/**
 * A stored record failed its check (CRC32C, framing or content) somewhere other than a torn tail:
 * the store refuses to open or to read it rather than silently drop or alter a regulator's record.
 * Names the file and the byte offset of the damaged record.
 */
public class TraceStoreCorruptedException extends RuntimeException {
    private final Path file;
    private final long offset;

    public TraceStoreCorruptedException(Path file, long offset, String problem) {
        super("trace store file " + file + " is damaged at byte offset " + offset + ": " + problem
                + " (not a torn tail; keep a copy of the file and restore it from a backup or the bundle"
                + " archive before opening the store again)");
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Where in {@link #file()} the damaged record starts. */
    public long offset() {
        return offset;
    }
}
