package org.wlcy.classroom.exchange.partner;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * The registered partners: an admin registers, lists, rotates and revokes them; a partner's
 * request is authenticated by its key. Every change is durable in the store before it returns;
 * the key itself is only in the return value of {@link #register} and {@link #rotate}.
 */
public final class PartnerRegistry {
    /** Compared against when no partner has the presented key id, so both paths hash and compare. */
    private static final String NO_HASH = "0".repeat(64);
    private final PartnerStore store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, Partner> byId = new LinkedHashMap<>();
    private volatile Map<String, Partner> byKeyId = Map.of();

    /** A partner and its new key, shown to the admin once. */
    public record IssuedKey(Partner partner, ApiKey key) {
    }

    public PartnerRegistry(PartnerStore store, InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        for (Partner p : store.load()) {
            byId.put(p.partnerId(), p);
        }
        index();
    }

    public synchronized IssuedKey register(String name, Reach reach, Set<Scope> scopes, String by) {
        if (scopes.isEmpty()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "scopes: at least one scope");
        }
        String id;
        do {
            byte[] b = new byte[4];
            random.nextBytes(b);
            id = "p-" + HexFormat.of().formatHex(b);
        } while (byId.containsKey(id));
        ApiKey key = fresh();
        var now = clock.instant();
        Partner p = new Partner(id, name, reach, scopes, key.keyId(), key.hash(), now, by, now, null, null);
        put(p);
        return new IssuedKey(p, key);
    }

    /** Every partner, revoked ones too, oldest first. */
    public synchronized List<Partner> all() {
        return byId.values().stream().sorted(Comparator.comparing(Partner::createdAt)
                .thenComparing(Partner::partnerId)).toList();
    }

    public synchronized Optional<Partner> find(String partnerId) {
        return Optional.ofNullable(byId.get(partnerId));
    }

    /** A new key for an active partner; the old one stops working at once. */
    public synchronized IssuedKey rotate(String partnerId, String by) {
        Partner p = active(partnerId);
        ApiKey key = fresh();
        Partner next = p.withKey(key.keyId(), key.hash(), clock.instant());
        put(next);
        return new IssuedKey(next, key);
    }

    /** Revokes the partner for good: its key is answered with 271 from now on. */
    public synchronized Partner revoke(String partnerId, String by) {
        Partner next = active(partnerId).revoked(clock.instant(), by);
        put(next);
        return next;
    }

    /**
     * The active partner whose key this is; {@link ErrorCode#PARTNER_KEY_INVALID} for no key, a
     * malformed one or one not issued here, {@link ErrorCode#PARTNER_KEY_REVOKED} for a revoked
     * partner's. The hash is compared in constant time, also when the key id is unknown.
     */
    public Partner authenticate(String presented) {
        Optional<String> keyId = ApiKey.keyIdOf(presented);
        if (keyId.isEmpty()) {
            throw new ClassroomException(ErrorCode.PARTNER_KEY_INVALID,
                    "a partner API key is required: Authorization: Bearer wlcy_pk_… or X-Api-Key");
        }
        Partner p = byKeyId.get(keyId.get());
        boolean same = ApiKey.sameHash(ApiKey.hash(presented), p == null ? NO_HASH : p.keyHash());
        if (p == null || !same) {
            throw new ClassroomException(ErrorCode.PARTNER_KEY_INVALID, "this API key is not valid here");
        }
        if (!p.active()) {
            throw new ClassroomException(ErrorCode.PARTNER_KEY_REVOKED,
                    "this API key was revoked on " + p.revokedAt() + "; ask the platform's admin for a new one");
        }
        return p;
    }

    private Partner active(String partnerId) {
        Partner p = byId.get(partnerId);
        if (p == null || !p.active()) {
            throw new ClassroomException(ErrorCode.PARTNER_NOT_FOUND, "no active partner " + partnerId);
        }
        return p;
    }

    private ApiKey fresh() {
        ApiKey key;
        do {
            key = ApiKey.generate(random);
        } while (byKeyId.containsKey(key.keyId()));
        return key;
    }

    private void put(Partner p) {
        List<Partner> next = new ArrayList<>(byId.values());
        next.removeIf(x -> x.partnerId().equals(p.partnerId()));
        next.add(p);
        store.save(next); // durable first; the registry changes only when it is
        byId.put(p.partnerId(), p);
        index();
    }

    private void index() {
        Map<String, Partner> m = new LinkedHashMap<>();
        byId.values().forEach(p -> m.put(p.keyId(), p));
        byKeyId = Map.copyOf(m);
    }
}
