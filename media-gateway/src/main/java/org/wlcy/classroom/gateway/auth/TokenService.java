package org.wlcy.classroom.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * Verifies the platform's tokens (JWT, HS256: signature, {@code exp}, {@code aud}, claims) and, in
 * development, issues them. Claims: {@code sub}, {@code name}, {@code role}, {@code classes},
 * {@code inst}, {@code region}. Thread-safe.
 */
public final class TokenService {
    /** Clock skew tolerated on {@code exp}. */
    public static final Duration LEEWAY = Duration.ofSeconds(5);
    private final byte[] secret;
    private final String audience;
    private final String issuer;
    private final InstantSource clock;
    private final JWSVerifier verifier;

    public TokenService(byte[] secret, String audience, String issuer, InstantSource clock) {
        this.secret = secret.clone();
        this.audience = audience;
        this.issuer = issuer;
        this.clock = clock;
        try {
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HMAC secret must be at least 32 bytes", e);
        }
    }

    /** Checks a token and returns who it names, or throws {@link AuthException} (300 or 301). */
    public Identity verify(String token) {
        if (token == null || token.isBlank()) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "no token: open the page from your join link");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "token algorithm must be HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token's signature cannot be checked");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token has no expiry (exp)");
        }
        if (exp.toInstant().plus(LEEWAY).isBefore(clock.instant())) {
            throw new AuthException(ErrorCode.TOKEN_EXPIRED, "the token expired at " + exp.toInstant());
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token is not for this service (aud)");
        }
        try {
            String sub = claims.getSubject();
            String name = claims.getStringClaim("name");
            Role role = Role.fromWire(claims.getStringClaim("role"));
            List<String> classes = claims.getStringListClaim("classes");
            Set<ClassroomId> classIds = new LinkedHashSet<>();
            if (classes != null) {
                classes.forEach(c -> classIds.add(new ClassroomId(c)));
            }
            return new Identity(new UserId(sub), name == null || name.isBlank() ? sub : name, role, classIds,
                    claims.getStringClaim("inst"), claims.getStringClaim("region"), exp.toInstant());
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw new AuthException(ErrorCode.UNAUTHENTICATED, "the token's claims are not valid: " + e.getMessage());
        }
    }

    /** Issues a token (development issuer, tests, the {@code token} command). */
    public String issue(Identity who, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(who.userId().value())
                .claim("name", who.displayName())
                .claim("role", who.role().wire())
                .claim("classes", who.classes().stream().map(ClassroomId::value).toList())
                .claim("inst", who.institution())
                .claim("region", who.region())
                .audience(audience)
                .issuer(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }
}
