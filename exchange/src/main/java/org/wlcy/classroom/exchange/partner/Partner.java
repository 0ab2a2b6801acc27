package org.wlcy.classroom.exchange.partner;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * A partner system as registered by an admin: its id, name, what it may see, its scopes, and its
 * current key's id and SHA-256 (never the key). {@code revokedAt} is null while it is active; a
 * revoked partner stays listed so its key is answered with {@link ErrorCode#PARTNER_KEY_REVOKED}.
 */
public record Partner(String partnerId, String name, Reach reach, Set<Scope> scopes, String keyId, String keyHash,
                      Instant createdAt, String createdBy, Instant keyIssuedAt, Instant revokedAt, String revokedBy) {
    public Partner {
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** Throws {@link ErrorCode#PARTNER_SCOPE_MISSING} naming the scope unless the partner has it. */
    public void require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw new ClassroomException(ErrorCode.PARTNER_SCOPE_MISSING,
                    "this key lacks the scope " + scope.wire() + " (it has " + String.join(", ",
                            scopes.stream().sorted().map(Scope::wire).toList()) + ")");
        }
    }

    Partner withKey(String newKeyId, String newHash, Instant at) {
        return new Partner(partnerId, name, reach, scopes, newKeyId, newHash, createdAt, createdBy, at, null, null);
    }

    Partner revoked(Instant at, String by) {
        return new Partner(partnerId, name, reach, scopes, keyId, keyHash, createdAt, createdBy, keyIssuedAt, at, by);
    }
}
