package org.wlcy.classroom.proctoring.attendance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Converts whole minutes to class hours for display: two decimals, rounded down. */
final class ClassHours {
    private ClassHours() {
    }

    static BigDecimal of(long minutes, AttendancePolicy policy) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(policy.classHourMinutes()), 2, RoundingMode.DOWN);
    }

    static String text(long minutes, AttendancePolicy policy) {
        return of(minutes, policy).toPlainString();
    }
}
