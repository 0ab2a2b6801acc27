package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    /** The leaves and roots of the certificate-transparency RFC 6962 test vectors. */
    private static final List<String> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    /** Audit paths of the CT vectors: "index/size" to path. */
    private static final Map<String, List<String>> CT_PATHS = Map.of(
            "0/1", List.of(),
            "0/8", List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            "5/8", List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            "2/3", List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            "1/5", List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    /** Consistency proofs of the CT vectors: "old/new" to proof. */
    private static final Map<String, List<String>> CT_CONSISTENCY = Map.of(
            "1/1", List.of(),
            "1/8", List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            "6/8", List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            "2/5", List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));

    private static List<byte[]> ctLeafHashes(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(HexFormat.of().parseHex(CT_LEAVES.get(i))));
        }
        return out;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleTree::hex).toList();
    }

    private static List<byte[]> unhex(List<String> hashes) {
        return hashes.stream().map(MerkleTree::unhex).toList();
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** An independent MTH straight from RFC 6962 §2.1, by copying sub-lists. */
    private static byte[] referenceRoot(List<byte[]> d) {
        if (d.isEmpty()) {
            return MerkleTree.sha256(new byte[0]);
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = 1;
        while (k * 2 < d.size()) {
            k *= 2;
        }
        return MerkleTree.nodeHash(referenceRoot(new ArrayList<>(d.subList(0, k))),
                referenceRoot(new ArrayList<>(d.subList(k, d.size()))));
    }

    @Test
    void rootsMatchTheRfc6962TestVectors() {
        for (int n = 0; n <= 8; n++) {
            assertThat(MerkleTree.hex(MerkleTree.root(ctLeafHashes(n)))).as("n=%d", n).isEqualTo(CT_ROOTS.get(n));
            CompactRange range = new CompactRange();
            ctLeafHashes(n).forEach(range::append);
            assertThat(MerkleTree.hex(range.root())).as("compact n=%d", n).isEqualTo(CT_ROOTS.get(n));
        }
    }

    @Test
    void auditPathsAndConsistencyProofsMatchTheTestVectors() {
        CT_PATHS.forEach((k, want) -> {
            int i = Integer.parseInt(k.split("/")[0]);
            int n = Integer.parseInt(k.split("/")[1]);
            List<byte[]> proof = MerkleTree.inclusionProof(ctLeafHashes(n), i);
            assertThat(hex(proof)).as(k).isEqualTo(want);
            assertThat(MerkleTree.verifyInclusion(ctLeafHashes(n).get(i), i, n, unhex(want),
                    MerkleTree.unhex(CT_ROOTS.get(n)))).as(k).isTrue();
        });
        CT_CONSISTENCY.forEach((k, want) -> {
            int m = Integer.parseInt(k.split("/")[0]);
            int n = Integer.parseInt(k.split("/")[1]);
            assertThat(hex(MerkleTree.consistencyProof(ctLeafHashes(n), m))).as(k).isEqualTo(want);
            assertThat(MerkleTree.verifyConsistency(m, n, unhex(want), MerkleTree.unhex(CT_ROOTS.get(m)),
                    MerkleTree.unhex(CT_ROOTS.get(n)))).as(k).isTrue();
        });
    }

    @Test
    void incrementalRootEqualsTheRecursiveRootForEverySizeUpTo300() {
        List<byte[]> all = leaves(300);
        CompactRange range = new CompactRange();
        assertThat(range.root()).isEqualTo(MerkleTree.emptyRoot());
        for (int n = 1; n <= 300; n++) {
            range.append(all.get(n - 1));
            List<byte[]> prefix = all.subList(0, n);
            byte[] reference = referenceRoot(prefix);
            assertThat(range.size()).isEqualTo(n);
            assertThat(range.root()).as("n=%d", n).isEqualTo(reference);
            assertThat(MerkleTree.root(prefix)).as("n=%d", n).isEqualTo(reference);
        }
        CompactRange copy = range.copy();
        copy.append(all.get(0));
        assertThat(range.size()).isEqualTo(300);
    }

    @Test
    void everyInclusionProofVerifiesAndOnlyForItsLeafIndexAndRoot() {
        List<byte[]> all = leaves(70);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> d = all.subList(0, n);
            byte[] root = MerkleTree.root(d);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(d, i);
                assertThat(MerkleTree.verifyInclusion(d.get(i), i, n, proof, root)).as("i=%d n=%d", i, n).isTrue();
                if (n > 1) {
                    int other = (i + 1) % n;
                    assertThat(MerkleTree.verifyInclusion(d.get(other), i, n, proof, root)).isFalse();
                    assertThat(MerkleTree.verifyInclusion(d.get(i), other, n, proof, root)).isFalse();
                }
                assertThat(MerkleTree.verifyInclusion(d.get(i), i, n, proof, all.get(69))).isFalse();
                assertThat(MerkleTree.verifyInclusion(d.get(i), n, n, proof, root)).isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndOnlyForItsSizesAndRoots() {
        List<byte[]> all = leaves(70);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> d = all.subList(0, n);
            byte[] newRoot = MerkleTree.root(d);
            for (int m = 0; m <= n; m++) {
                byte[] oldRoot = MerkleTree.root(all.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(d, m);
                assertThat(MerkleTree.verifyConsistency(m, n, proof, oldRoot, newRoot)).as("m=%d n=%d", m, n).isTrue();
                if (m > 0 && m < n) {
                    assertThat(MerkleTree.verifyConsistency(m, n, proof, newRoot, newRoot)).isFalse();
                    assertThat(MerkleTree.verifyConsistency(m, n, proof, oldRoot, oldRoot)).isFalse();
                    assertThat(MerkleTree.verifyConsistency(m - 1 == 0 ? m + 1 : m - 1, n, proof, oldRoot, newRoot))
                            .as("m=%d n=%d other m", m, n).isFalse();
                    assertThat(MerkleTree.verifyConsistency(m, n, proof.subList(0, proof.size() - 1), oldRoot,
                            newRoot)).isFalse();
                    List<byte[]> longer = new ArrayList<>(proof);
                    longer.add(newRoot);
                    assertThat(MerkleTree.verifyConsistency(m, n, longer, oldRoot, newRoot)).isFalse();
                }
            }
        }
    }

    @Test
    void proofsWithAnyByteFlippedAreRejected() {
        List<byte[]> all = leaves(45);
        for (int n : new int[] {2, 3, 7, 8, 13, 32, 45}) {
            List<byte[]> d = all.subList(0, n);
            byte[] root = MerkleTree.root(d);
            for (int i = 0; i < n; i += Math.max(1, n / 6)) {
                List<byte[]> proof = MerkleTree.inclusionProof(d, i);
                for (int p = 0; p < proof.size(); p++) {
                    for (int b = 0; b < MerkleTree.HASH_SIZE; b++) {
                        assertThat(MerkleTree.verifyInclusion(d.get(i), i, n, flipped(proof, p, b), root))
                                .as("inclusion i=%d n=%d element %d byte %d", i, n, p, b).isFalse();
                    }
                }
            }
            for (int m = 1; m < n; m += Math.max(1, n / 6)) {
                byte[] oldRoot = MerkleTree.root(all.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(d, m);
                for (int p = 0; p < proof.size(); p++) {
                    for (int b = 0; b < MerkleTree.HASH_SIZE; b++) {
                        assertThat(MerkleTree.verifyConsistency(m, n, flipped(proof, p, b), oldRoot, root))
                                .as("consistency m=%d n=%d element %d byte %d", m, n, p, b).isFalse();
                    }
                }
            }
        }
    }

    private static List<byte[]> flipped(List<byte[]> proof, int element, int b) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] h : proof) {
            out.add(h.clone());
        }
        out.get(element)[b] ^= (byte) 0x01;
        return out;
    }

    @Test
    void emptyAndEqualTreesAreTheEdgeCasesOfConsistency() {
        List<byte[]> d = leaves(5);
        byte[] root = MerkleTree.root(d);
        assertThat(MerkleTree.consistencyProof(d, 0)).isEmpty();
        assertThat(MerkleTree.verifyConsistency(0, 5, List.of(), MerkleTree.emptyRoot(), root)).isTrue();
        assertThat(MerkleTree.verifyConsistency(5, 5, List.of(), root, root)).isTrue();
        assertThat(MerkleTree.verifyConsistency(5, 5, List.of(), root, MerkleTree.emptyRoot())).isFalse();
        assertThat(MerkleTree.verifyConsistency(2, 5, List.of(), MerkleTree.root(d.subList(0, 2)), root)).isFalse();
        assertThat(MerkleTree.verifyConsistency(6, 5, List.of(), root, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(d.get(0), 0, 1, List.of(), d.get(0))).isTrue();
        assertThat(MerkleTree.verifyInclusion(d.get(0), 0, 0, List.of(), d.get(0))).isFalse();
    }
}
