package org.wlcy.classroom.exchange.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A partner API key: {@code wlcy_pk_<keyId>_<secret>}, a 12-hex-digit key id (to find the partner,
 * shown in lists) and 256 random bits as 64 hex digits. Only the SHA-256 of the whole key is kept:
 * with 256 bits of entropy no salt or slow hash is needed (docs/adr/0022). Comparisons are
 * constant-time.
 */
public record ApiKey(String keyId, String text) {
    public static final String PREFIX = "wlcy_pk_";
    private static final int ID_HEX = 12;
    private static final int SECRET_HEX = 64;
    private static final HexFormat HEX = HexFormat.of();

    /** Never prints the key. */
    @Override
    public String toString() {
        return PREFIX + keyId + "_…";
    }

    public static ApiKey generate(RandomGenerator random) {
        byte[] id = new byte[ID_HEX / 2];
        byte[] secret = new byte[SECRET_HEX / 2];
        random.nextBytes(id);
        random.nextBytes(secret);
        String keyId = HEX.formatHex(id);
        return new ApiKey(keyId, PREFIX + keyId + "_" + HEX.formatHex(secret));
    }

    /** The key id of a presented key of the right shape, else empty. */
    public static Optional<String> keyIdOf(String presented) {
        if (presented == null || presented.length() != PREFIX.length() + ID_HEX + 1 + SECRET_HEX
                || !presented.startsWith(PREFIX) || presented.charAt(PREFIX.length() + ID_HEX) != '_') {
            return Optional.empty();
        }
        String id = presented.substring(PREFIX.length(), PREFIX.length() + ID_HEX);
        String secret = presented.substring(PREFIX.length() + ID_HEX + 1);
        return hex(id) && hex(secret) ? Optional.of(id) : Optional.empty();
    }

    private static boolean hex(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public String hash() {
        return hash(text);
    }

    /** SHA-256 of the key's text, as 64 hex digits. */
    public static String hash(String presented) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hashes. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
