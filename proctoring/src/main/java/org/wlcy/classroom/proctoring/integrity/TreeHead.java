package org.wlcy.classroom.proctoring.integrity;

/** The size and Merkle root of a class's log at one moment. */
public record TreeHead(long treeSize, byte[] rootHash) {
    /** The root as lower-case hex. */
    public String rootHex() {
        return MerkleTree.hex(rootHash);
    }
}
