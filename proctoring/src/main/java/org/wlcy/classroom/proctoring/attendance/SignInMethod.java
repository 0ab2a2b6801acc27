package org.wlcy.classroom.proctoring.attendance;

import java.util.Locale;

/**
 * How a trainee signed in (签到) for a lesson (Art. 24(二): 实名认证、人脸识别核验、电子签名等出勤考核),
 * strongest first. The wire names are those of {@code attendance.sign-in}'s {@code method}.
 */
public enum SignInMethod {
    /** Face verification (人脸识别核验). */
    FACE("face"),
    /** The lecturer's roll call (a trainee who declined face checks, or an offline lesson). */
    ROLL_CALL("roll-call"),
    /** A click on the sign-in button. */
    CLICK("click"),
    /** Not signed in. */
    NONE("none");

    private final String wire;

    SignInMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The method named {@code value}, or {@code null} if unknown. */
    static SignInMethod fromWire(Object value) {
        if (value == null) {
            return null;
        }
        String v = value.toString().toLowerCase(Locale.ROOT);
        for (SignInMethod m : values()) {
            if (m != NONE && m.wire.equals(v)) {
                return m;
            }
        }
        return null;
    }

    /** Whether this method is stronger than {@code other}. */
    boolean strongerThan(SignInMethod other) {
        return ordinal() < other.ordinal();
    }
}
