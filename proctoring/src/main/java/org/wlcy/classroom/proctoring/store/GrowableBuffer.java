package org.wlcy.classroom.proctoring.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A byte array that grows as frames are appended; reused group after group. */
final class GrowableBuffer {
    private byte[] bytes = new byte[64 * 1024];
    private int size;

    void putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    int size() {
        return size;
    }

    ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    void clear() {
        size = 0;
        if (bytes.length > (4 << 20)) {
            bytes = new byte[64 * 1024];
        }
    }

    private void ensure(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }
}
