package org.wlcy.classroom.proctoring.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 §2.1 (SHA-256): leaf hash {@code SHA-256(0x00 || data)},
 * interior node {@code SHA-256(0x01 || left || right)}, a tree of n &gt; 1 leaves split at the
 * largest power of two smaller than n, the empty tree's root {@code SHA-256("")}. Functions over a
 * list of leaf hashes (roots, audit paths, consistency proofs as RFC 6962 §2.1.1-2.1.2 define
 * them) and the proof verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. For a growing
 * log use {@link CompactRange}.
 */
public final class MerkleTree {
    /** Bytes in every hash. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** {@code SHA-256(bytes)}. */
    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** The root of the empty tree, {@code SHA-256("")}. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** {@code SHA-256(0x00 || leafData)}. */
    public static byte[] leafHash(byte[] leafData) {
        MessageDigest md = sha256();
        md.update(LEAF_PREFIX);
        md.update(leafData);
        return md.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The largest power of two smaller than {@code n} ({@code n >= 2}). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH(D[n]) over the given leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
    }

    private static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = (int) split(n);
        return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    /**
     * The audit path PATH(m, D[n]) of RFC 6962 §2.1.1 for leaf {@code index} of the tree of all the
     * given leaves, from the leaf's sibling up to the root's child.
     */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), proof);
        return proof;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = (int) split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(mth(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(mth(leaves, from, from + k));
        }
    }

    /**
     * The consistency proof PROOF(m, D[n]) of RFC 6962 §2.1.2 between the tree of the first
     * {@code oldSize} leaves and the tree of all the given leaves (empty when {@code oldSize} is 0
     * or all of them).
     */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int oldSize) {
        if (oldSize < 0 || oldSize > leafHashes.size()) {
            throw new IllegalArgumentException("size " + oldSize + " is not within a tree of " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0) {
            subproof(leafHashes, oldSize, 0, leafHashes.size(), true, proof);
        }
        return proof;
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean whole, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(mth(leaves, from, to));
            }
            return;
        }
        int k = (int) split(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, whole, out);
            out.add(mth(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(mth(leaves, from, from + k));
        }
    }

    /**
     * Verifies an audit path by RFC 9162 §2.1.3.2: true only if {@code leafHash} is leaf
     * {@code index} of the tree of {@code treeSize} leaves whose root is {@code root}.
     */
    public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof,
                                          byte[] root) {
        if (index < 0 || index >= treeSize || !wellFormed(proof) || leafHash.length != HASH_SIZE) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Verifies a consistency proof by RFC 9162 §2.1.4.2: true only if the tree of {@code oldSize}
     * leaves with root {@code oldRoot} is a prefix of the tree of {@code newSize} leaves with root
     * {@code newRoot}. Equal sizes need an empty proof and equal roots; the empty tree is a prefix of
     * every tree (empty proof).
     */
    public static boolean verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot,
                                            byte[] newRoot) {
        if (oldSize < 0 || oldSize > newSize || !wellFormed(proof)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    private static boolean wellFormed(List<byte[]> proof) {
        return proof.stream().allMatch(h -> h != null && h.length == HASH_SIZE);
    }

    /** Lower-case hex of a hash. */
    public static String hex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }

    /** A hash from lower-case hex (64 characters); throws for anything else. */
    public static byte[] unhex(String hex) {
        if (hex.length() != 2 * HASH_SIZE || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: '" + hex + "'");
        }
        return java.util.HexFormat.of().parseHex(hex);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
