package org.wlcy.classroom.proctoring.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every perfect, aligned subtree hash of a log (level 0 the leaves, level h the roots of the
 * subtrees of 2^h leaves starting at multiples of 2^h), kept as flat byte arrays: about 2n hashes
 * for n leaves. With them any root MTH(D[m]) and any consistency proof PROOF(m, D[n]) of RFC 6962
 * §2.1.2 costs O(log n) hashes instead of the O(n) of {@link MerkleTree#consistencyProof}, so a
 * bundle can carry one proof per checkpoint and the live API can answer any pair of sizes. Build it
 * by {@link #append}ing the leaf hashes in order. Not thread-safe.
 */
public final class MerkleLevels {
    private static final int H = MerkleTree.HASH_SIZE;
    /** levels.get(h) holds count(h) hashes of 2^h leaves each, back to back. */
    private final List<byte[]> levels = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private long size;

    /** Leaves appended so far. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash ({@link MerkleTree#leafHash}). */
    public void append(byte[] leafHash) {
        if (leafHash.length != H) {
            throw new IllegalArgumentException("a leaf hash has " + H + " bytes");
        }
        if (size >= Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("log too large for in-memory proofs");
        }
        byte[] h = leafHash;
        int level = 0;
        while (true) {
            put(level, h);
            int n = counts.get(level);
            if ((n & 1) == 1) {
                break;
            }
            // the two newest hashes of this level complete a subtree of the next level
            h = MerkleTree.nodeHash(get(level, n - 2), get(level, n - 1));
            level++;
        }
        size++;
    }

    private void put(int level, byte[] hash) {
        if (levels.size() == level) {
            levels.add(new byte[H * 16]);
            counts.add(0);
        }
        int n = counts.get(level);
        byte[] arr = levels.get(level);
        if ((n + 1) * H > arr.length) {
            arr = Arrays.copyOf(arr, arr.length * 2);
            levels.set(level, arr);
        }
        System.arraycopy(hash, 0, arr, n * H, H);
        counts.set(level, n + 1);
    }

    private byte[] get(int level, int i) {
        return Arrays.copyOfRange(levels.get(level), i * H, (i + 1) * H);
    }

    /** MTH(D[m]) of the first {@code m} leaves ({@code 0 <= m <= size}). */
    public byte[] root(long m) {
        if (m < 0 || m > size) {
            throw new IllegalArgumentException("size " + m + " is not within a log of " + size);
        }
        return m == 0 ? MerkleTree.emptyRoot() : mth(0, m);
    }

    /** MTH of leaves [from, to): the left part of every split is a perfect aligned subtree, a lookup. */
    private byte[] mth(long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1 && from % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return get(level, (int) (from >> level));
        }
        long k = MerkleTree.split(n);
        return MerkleTree.nodeHash(mth(from, from + k), mth(from + k, to));
    }

    /**
     * PROOF(m, D[n]) of RFC 6962 §2.1.2 from the first {@code m} leaves to the first {@code n}
     * ({@code 0 <= m <= n <= size}); empty when {@code m} is 0 or {@code n}.
     */
    public List<byte[]> consistencyProof(long m, long n) {
        if (m < 0 || m > n || n > size) {
            throw new IllegalArgumentException("sizes " + m + " and " + n + " are not within a log of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(m, 0, n, true, proof);
        }
        return proof;
    }

    private void subproof(long m, long from, long to, boolean whole, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(mth(from, to));
            }
            return;
        }
        long k = MerkleTree.split(n);
        if (m <= k) {
            subproof(m, from, from + k, whole, out);
            out.add(mth(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, out);
            out.add(mth(from, from + k));
        }
    }
}
