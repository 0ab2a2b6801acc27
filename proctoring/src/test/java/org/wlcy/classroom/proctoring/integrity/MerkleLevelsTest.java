package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The O(log n) roots and proofs of {@link MerkleLevels} are exactly RFC 6962's (as {@link MerkleTree} computes them). */
class MerkleLevelsTest {
    @Test
    void everyRootAndConsistencyProofUpTo70LeavesMatchesTheRecursiveDefinitionAndVerifies() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleLevels levels = new MerkleLevels();
        assertThat(levels.root(0)).isEqualTo(MerkleTree.emptyRoot());
        for (int i = 0; i < 70; i++) {
            byte[] leaf = MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            leaves.add(leaf);
            levels.append(leaf);
        }
        for (int n = 0; n <= 70; n++) {
            List<byte[]> first = leaves.subList(0, n);
            byte[] rootN = MerkleTree.root(first);
            assertThat(levels.root(n)).as("root of %d", n).isEqualTo(rootN);
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = levels.consistencyProof(m, n);
                assertThat(proof).as("proof %d to %d", m, n).usingElementComparator(Arrays::compare)
                        .containsExactlyElementsOf(m == n ? List.of() : MerkleTree.consistencyProof(first, m));
                assertThat(MerkleTree.verifyConsistency(m, n, proof, MerkleTree.root(leaves.subList(0, m)), rootN))
                        .as("proof %d to %d verifies", m, n).isTrue();
            }
        }
        assertThatThrownBy(() -> levels.consistencyProof(3, 71)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> levels.consistencyProof(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
