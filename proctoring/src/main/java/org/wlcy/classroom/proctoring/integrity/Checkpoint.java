package org.wlcy.classroom.proctoring.integrity;

import java.time.Instant;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * A signed statement that the class's log had {@code treeSize} events with Merkle root
 * {@code rootHash} at {@code issuedAt} (RFC 6962 tree head). {@code docs/trace-bundle.md} gives the
 * exact bytes that are signed.
 *
 * @param rootHash  lower-case hex SHA-256
 * @param keyId     lower-case hex SHA-256 of the raw Ed25519 public key, first 16 characters
 * @param signature base64 (standard, padded) Ed25519 signature
 */
public record Checkpoint(ClassroomId classroomId, long treeSize, String rootHash, Instant issuedAt, String keyId,
                         String signature) {
    public Checkpoint {
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must be >= 0");
        }
    }
}
