package org.wlcy.classroom.proctoring.integrity;

import java.util.ArrayList;
import java.util.List;

/**
 * A growing RFC 6962 Merkle tree kept in O(log n) memory: the roots of the perfect subtrees that
 * make up the leaves appended so far (one per set bit of the size, largest first). Appending is
 * amortised O(1) hashes, the root O(log n). Not thread-safe.
 */
public final class CompactRange {
    private final List<byte[]> subtreeRoots = new ArrayList<>();
    private long size;

    /** How many leaves have been appended. */
    public long size() {
        return size;
    }

    /** Appends one leaf by its leaf hash ({@link MerkleTree#leafHash}). */
    public void append(byte[] leafHash) {
        if (leafHash.length != MerkleTree.HASH_SIZE) {
            throw new IllegalArgumentException("a leaf hash has " + MerkleTree.HASH_SIZE + " bytes");
        }
        byte[] h = leafHash;
        // Each trailing one bit of the old size is a perfect subtree of the new leaf's size: merge.
        for (long s = size; (s & 1) == 1; s >>= 1) {
            h = MerkleTree.nodeHash(subtreeRoots.remove(subtreeRoots.size() - 1), h);
        }
        subtreeRoots.add(h);
        size++;
    }

    /** MTH of the leaves appended so far (RFC 6962 §2.1); the empty tree's root when none. */
    public byte[] root() {
        if (subtreeRoots.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] r = subtreeRoots.get(subtreeRoots.size() - 1);
        for (int i = subtreeRoots.size() - 2; i >= 0; i--) {
            r = MerkleTree.nodeHash(subtreeRoots.get(i), r);
        }
        return r;
    }

    /** An independent copy. */
    public CompactRange copy() {
        CompactRange c = new CompactRange();
        c.subtreeRoots.addAll(subtreeRoots);
        c.size = size;
        return c;
    }
}
