package org.wlcy.classroom.participant;

/**
 * Who oversees what, by administrative division code (GB/T 2260, six digits: two for the province,
 * two for the prefecture, two for the county). A regulator of {@code 110000} (北京市) oversees every
 * class whose code starts with {@code 11}; of {@code 411000} (许昌市), codes starting {@code 4110}
 * and not {@code 411100} (漯河市); of {@code 500000} (重庆市), {@code 50} and not {@code 510000}
 * (四川省). Stripping trailing zeros instead would have handed 四川 to 重庆's regulators and 漯河 to
 * 许昌's. An empty code or {@code 000000} oversees every region (the national level).
 */
public final class RegionCode {
    private RegionCode() {
    }

    /** The prefix a code's level covers: two, four or six digits, or "" for the national level. */
    public static String scopePrefix(String code) {
        if (code == null || code.isEmpty() || code.equals("000000")) {
            return "";
        }
        if (code.length() != 6) {
            return code; // not a GB/T 2260 code: only the same code
        }
        if (code.endsWith("0000")) {
            return code.substring(0, 2);
        }
        if (code.endsWith("00")) {
            return code.substring(0, 4);
        }
        return code;
    }

    /** Whether someone of region {@code overseer} oversees a class of region {@code classRegion}. */
    public static boolean covers(String overseer, String classRegion) {
        String prefix = scopePrefix(overseer);
        return prefix.isEmpty() || (classRegion != null && classRegion.startsWith(prefix));
    }
}
