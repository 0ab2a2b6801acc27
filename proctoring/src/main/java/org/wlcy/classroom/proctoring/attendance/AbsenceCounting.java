package org.wlcy.classroom.proctoring.attendance;

/**
 * How Art. 7(五) "无故旷课或请假超过 2 次" counts towards its limit.
 */
public enum AbsenceCounting {
    /**
     * Absences without leave and approved leaves are added up and the sum is compared with the
     * limit: one absence plus two leaves is three, which is more than two (the default reading).
     */
    COMBINED,
    /**
     * Absences without leave and approved leaves are each compared with the limit on their own:
     * two absences plus two leaves stays within a limit of two. A defensible but more lenient
     * reading of "或"; available for authorities that adopt it.
     */
    SEPARATE
}
