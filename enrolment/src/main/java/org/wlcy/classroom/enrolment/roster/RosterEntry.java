package org.wlcy.classroom.enrolment.roster;

import org.wlcy.classroom.participant.ResidentIdNumber;

/**
 * One trainee of a roster that passed every check: the file's line, the name, the identity
 * number, the mobile number (eleven digits), the gender the identity number carries and the
 * business direction (创业方向, may be empty).
 */
public record RosterEntry(int line, String name, ResidentIdNumber idNumber, String phone, boolean male,
                          String direction) {
}
