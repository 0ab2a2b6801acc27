package org.wlcy.classroom.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

class TokenServiceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private final TokenService tokens = new TokenService(SECRET, "wlcy-classroom", "test", InstantSource.fixed(NOW));
    private final Identity trainee = new Identity(new UserId("t01"), "王芳", Role.TRAINEE,
            Set.of(new ClassroomId("c1")), "机构", "110000", Instant.EPOCH);

    @Test
    void issuedTokenVerifiesWithAllClaims() {
        Identity who = tokens.verify(tokens.issue(trainee, Duration.ofMinutes(5)));
        assertThat(who.userId().value()).isEqualTo("t01");
        assertThat(who.displayName()).isEqualTo("王芳");
        assertThat(who.role()).isEqualTo(Role.TRAINEE);
        assertThat(who.classes()).containsExactly(new ClassroomId("c1"));
        assertThat(who.institution()).isEqualTo("机构");
        assertThat(who.region()).isEqualTo("110000");
        assertThat(who.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void expiredTokenIsRefusedWithItsOwnCode() {
        String token = tokens.issue(trainee, Duration.ofMinutes(-1));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        TokenService other = new TokenService("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
                "wlcy-classroom", "x", InstantSource.fixed(NOW));
        String forged = other.issue(trainee, Duration.ofMinutes(5));
        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        TokenService other = new TokenService(SECRET, "someone-else", "x", InstantSource.fixed(NOW));
        String token = other.issue(trainee, Duration.ofMinutes(5));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.getMessage()).contains("aud"));
    }

    @Test
    void garbageAndMissingTokensAreRefused() {
        assertThatThrownBy(() -> tokens.verify(null)).isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> tokens.verify("not.a.jwt")).isInstanceOf(AuthException.class);
        String token = tokens.issue(trainee, Duration.ofMinutes(5));
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(AuthException.class);
    }
}
