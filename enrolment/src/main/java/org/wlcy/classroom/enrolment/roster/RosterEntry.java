package org.wlcy.classroom.enrolment.roster;

import org.wlcy.classroom.participant.ResidentIdNumber;

/**
 * One trainee of a roster that passed every check: the file's line, the name, the identity
 * number, the mobile number (eleven digits), the gender the identity number carries and the
 * business direction (创业方向, may be empty), and (issue H roster) the management platform's user id of
 * the trainee, the {@code sub} of their tokens ({@code null} when the file has no such column; a
 * record written before the column existed reads as {@code null} too).
 */
public record RosterEntry(int line, String name, ResidentIdNumber idNumber, String phone, boolean male,
                          String direction, String userId) {
    /** A trainee without a platform user id. */
    public RosterEntry(int line, String name, ResidentIdNumber idNumber, String phone, boolean male, String direction) {
        this(line, name, idNumber, phone, male, direction, null);
    }
}
