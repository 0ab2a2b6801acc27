package org.wlcy.classroom.assessment.certificate;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/**
 * A certificate with the server's Ed25519 signature over {@link Certificate#signedMessage()}: the
 * same key that signs trace checkpoints, so a regulator who pinned
 * {@code GET /api/regulator/public-key} verifies both.
 *
 * @param certificate what is printed
 * @param keyId       the signing key's id (first 16 hex of SHA-256 of the raw public key)
 * @param signature   base64 of the 64-byte Ed25519 signature
 */
public record CertificateSeal(Certificate certificate, String keyId, String signature) {
    /** Signs {@code body} under a tag line: the server's {@link CheckpointSigner#signTagged}. */
    @FunctionalInterface
    public interface Signer {
        byte[] signTagged(String tag, byte[] body);
    }

    public CertificateSeal {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    public static CertificateSeal seal(Certificate c, Signer signer, String keyId) {
        byte[] sig = signer.signTagged(Certificate.MESSAGE_TAG, c.body());
        return new CertificateSeal(c, keyId, Base64.getEncoder().encodeToString(sig));
    }

    /** Whether the signature is the key's over exactly this certificate's fields. */
    public boolean verifies(PublicKey key) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return CheckpointSigner.verify(key, certificate.signedMessage(), sig);
    }
}
