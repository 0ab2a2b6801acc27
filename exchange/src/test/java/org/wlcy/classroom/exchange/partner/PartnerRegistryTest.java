package org.wlcy.classroom.exchange.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

class PartnerRegistryTest {
    private final List<Partner> saved = new ArrayList<>();
    private final PartnerStore store = new PartnerStore() {
        @Override
        public List<Partner> load() {
            return List.copyOf(saved);
        }

        @Override
        public void save(List<Partner> partners) {
            saved.clear();
            saved.addAll(partners);
        }
    };
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-12-07T10:00:00Z"));

    private PartnerRegistry registry() {
        return new PartnerRegistry(store, clock, new SecureRandom());
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (ClassroomException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    @Test
    void aKeyIsShownOnceAndOnlyItsHashIsKept() {
        PartnerRegistry.IssuedKey issued = registry().register("培训管理平台", new Reach("440300", ""),
                Set.of(Scope.CLASSES_READ), "admin");
        String key = issued.key().text();
        assertThat(key).startsWith("wlcy_pk_").hasSize(8 + 12 + 1 + 64);
        assertThat(issued.key().toString()).doesNotContain(key.substring(21));
        assertThat(saved).singleElement().satisfies(p -> {
            assertThat(p.toString()).doesNotContain(key);
            assertThat(p.keyHash()).isEqualTo(ApiKey.hash(key));
        });
        // a registry read back from the store knows the key
        assertThat(registry().authenticate(key).partnerId()).isEqualTo(issued.partner().partnerId());
    }

    @Test
    void wrongMalformedRotatedAndRevokedKeysAreRefusedWithTheirCodes() {
        PartnerRegistry r = registry();
        PartnerRegistry.IssuedKey issued = r.register("实名系统", new Reach("", "深圳职训中心"),
                Set.of(Scope.ROSTER_READ), "admin");
        String key = issued.key().text();
        String wrong = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");
        assertThat(code(() -> r.authenticate(wrong))).isEqualTo(ErrorCode.PARTNER_KEY_INVALID);
        assertThat(code(() -> r.authenticate(null))).isEqualTo(ErrorCode.PARTNER_KEY_INVALID);
        assertThat(code(() -> r.authenticate("eyJhbGciOi.x.y"))).isEqualTo(ErrorCode.PARTNER_KEY_INVALID);

        String rotated = r.rotate(issued.partner().partnerId(), "admin").key().text();
        assertThat(code(() -> r.authenticate(key))).isEqualTo(ErrorCode.PARTNER_KEY_INVALID);
        assertThat(r.authenticate(rotated).partnerId()).isEqualTo(issued.partner().partnerId());

        r.revoke(issued.partner().partnerId(), "admin");
        assertThat(code(() -> r.authenticate(rotated))).isEqualTo(ErrorCode.PARTNER_KEY_REVOKED);
        assertThat(code(() -> r.rotate(issued.partner().partnerId(), "admin"))).isEqualTo(ErrorCode.PARTNER_NOT_FOUND);
        assertThat(code(() -> r.revoke("p-nobody", "admin"))).isEqualTo(ErrorCode.PARTNER_NOT_FOUND);
    }

    @Test
    void aMissingScopeIsNamed() {
        Partner p = registry().register("平台", new Reach("440300", ""), Set.of(Scope.CLASSES_READ), "admin").partner();
        assertThatThrownBy(() -> p.require(Scope.ATTENDANCE_READ)).isInstanceOf(ClassroomException.class)
                .hasMessageContaining("attendance:read");
        p.require(Scope.CLASSES_READ);
    }

    @Test
    void reachFollowsTheRegionPrefixAndTheInstitution() {
        Reach city = new Reach("440300", "");
        assertThat(city.sees("440305", "x")).isTrue();
        assertThat(city.sees("110105", "x")).isFalse();
        Reach school = new Reach("440300", "深圳职训中心");
        assertThat(school.sees("440305", "深圳职训中心")).isTrue();
        assertThat(school.sees("440305", "别的学校")).isFalse();
        assertThatThrownBy(() -> new Reach("", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reach("44", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
