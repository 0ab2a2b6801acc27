package org.wlcy.classroom.proctoring.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An RFC 6962 consistency proof PROOF(fromSize, D[toSize]): the hashes that show the log of
 * {@code fromSize} leaves is a prefix of the log of {@code toSize} leaves. One line of
 * {@code consistency.jsonl} ({@code docs/trace-bundle.md} §4.1) in canonical JSON:
 * {@code {"fromSize":m,"proof":["<hex>",...],"toSize":n}}.
 */
public record ConsistencyProof(long fromSize, long toSize, List<byte[]> proof) {
    private static final Set<String> KEYS = Set.of("fromSize", "proof", "toSize");

    public ConsistencyProof {
        proof = List.copyOf(proof);
    }

    /** The proof's hashes as lower-case hex. */
    public List<String> proofHex() {
        return proof.stream().map(MerkleTree::hex).toList();
    }

    /** True if the proof shows {@code fromRoot} (of fromSize) is a prefix of {@code toRoot} (of toSize). */
    public boolean verifies(byte[] fromRoot, byte[] toRoot) {
        return MerkleTree.verifyConsistency(fromSize, toSize, proof, fromRoot, toRoot);
    }

    /** The canonical line, without its LF. */
    public byte[] line() {
        Map<String, Object> m = new TreeMap<>();
        m.put("fromSize", fromSize);
        m.put("proof", new ArrayList<Object>(proofHex()));
        m.put("toSize", toSize);
        return CanonicalJson.write(m);
    }

    /** Parses a canonical line (without its LF). */
    public static ConsistencyProof parse(byte[] line) throws NonCanonicalException {
        if (!(CanonicalJson.parse(line) instanceof Map<?, ?> m) || !m.keySet().equals(KEYS)) {
            throw new NonCanonicalException("a consistency proof is an object with exactly " + new java.util.TreeSet<>(KEYS));
        }
        if (!(m.get("fromSize") instanceof Long from) || !(m.get("toSize") instanceof Long to) || from < 0 || to < 0) {
            throw new NonCanonicalException("fromSize and toSize must be whole numbers >= 0");
        }
        if (!(m.get("proof") instanceof List<?> hashes)) {
            throw new NonCanonicalException("proof must be a list of hashes");
        }
        List<byte[]> proof = new ArrayList<>();
        for (Object h : hashes) {
            if (!(h instanceof String s) || !s.matches("[0-9a-f]{64}")) {
                throw new NonCanonicalException("each proof hash is 64 lower-case hex characters, found " + h);
            }
            proof.add(MerkleTree.unhex(s));
        }
        return new ConsistencyProof(from, to, proof);
    }
}
