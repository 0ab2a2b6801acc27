package org.wlcy.classroom.exchange.partner;

import org.wlcy.classroom.participant.RegionCode;

/**
 * Which classes a partner may read: those of the partner's region by the regulator desk's rule
 * ({@link RegionCode}: {@code 440300} sees {@code 4403xx}, {@code 500000} sees {@code 50xxxx}), and,
 * when an institution is set, only that institution's. At least one of the two is set.
 */
public record Reach(String region, String institution) {
    public Reach {
        region = region == null ? "" : region;
        institution = institution == null ? "" : institution;
        if (!region.isEmpty() && !region.matches("\\d{6}")) {
            throw new IllegalArgumentException("region must be a six-digit code");
        }
        if (region.isEmpty() && institution.isEmpty()) {
            throw new IllegalArgumentException("a partner sees a region or an institution");
        }
    }

    /** The prefix of class region codes this reach covers ("" for every region; {@link RegionCode}). */
    public String regionPrefix() {
        return RegionCode.scopePrefix(region);
    }

    public boolean sees(String classRegion, String classInstitution) {
        String r = classRegion == null ? "" : classRegion;
        String i = classInstitution == null ? "" : classInstitution;
        return RegionCode.covers(region, r) && (institution.isEmpty() || institution.equals(i));
    }
}
