package org.wlcy.classroom.assessment.forms;

/** The two forms trainees fill in (Art. 9, table of forms 6 and 7). */
public enum FormKind {
    /** 每日意见反馈表: after each training day, satisfaction with that day. */
    DAILY_FEEDBACK("daily"),
    /** 学员培训班期末评估表: at the end of the class, satisfaction with the whole course. */
    END_OF_CLASS("final");

    private final String wire;

    FormKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static FormKind fromWire(String s) {
        for (FormKind k : values()) {
            if (k.wire.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be daily or final, not '" + s + "'");
    }
}
