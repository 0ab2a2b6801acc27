package org.wlcy.classroom.exchange.partner;

/**
 * Which classes a partner may read: those whose region code starts with the partner's region
 * without its trailing zeros ({@code 440300} sees {@code 4403xx}; the regulator desk's rule), and,
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

    /** The region code without trailing zeros ("" for every region). */
    public String regionPrefix() {
        return region.replaceAll("0+$", "");
    }

    public boolean sees(String classRegion, String classInstitution) {
        String r = classRegion == null ? "" : classRegion;
        String i = classInstitution == null ? "" : classInstitution;
        return (region.isEmpty() || r.startsWith(regionPrefix())) && (institution.isEmpty() || institution.equals(i));
    }
}
