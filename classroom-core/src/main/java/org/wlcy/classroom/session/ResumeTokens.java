package org.wlcy.classroom.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable resume tokens: 128 random bits, URL-safe Base64. */
final class ResumeTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResumeTokens() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
