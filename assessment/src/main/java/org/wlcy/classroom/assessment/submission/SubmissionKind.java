package org.wlcy.classroom.assessment.submission;

/** What a trainee hands in for result assessment (Art. 7(5) footnotes 5 and 6; forms 8 and 10). */
public enum SubmissionKind {
    /** 实践成果信息登记表: the shop on the simulated mall or a real platform, and what it did. */
    PRACTICAL_RESULTS("practical"),
    /** 《网络创业规划书》 / 网店规划书: the business plan, by sections, with an optional file. */
    BUSINESS_PLAN("plan");

    private final String wire;

    SubmissionKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SubmissionKind fromWire(String s) {
        for (SubmissionKind k : values()) {
            if (k.wire.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be practical or plan, not '" + s + "'");
    }
}
