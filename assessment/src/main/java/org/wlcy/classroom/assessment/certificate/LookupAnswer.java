package org.wlcy.classroom.assessment.certificate;

/**
 * What the public look-up (number + name, no login) answers, and nothing else: not who holds a
 * number when the name does not match, not why a certificate was revoked.
 */
public enum LookupAnswer {
    VALID, REVOKED, UNKNOWN
}
