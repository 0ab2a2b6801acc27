package org.wlcy.classroom.testing;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * Builds verified identities (what a checked token says) for the people of one class:
 * {@code Identities.of(classId).lecturer("l01")}. Display names default to readable ones
 * ("Lecturer l01"); tokens expire at {@link #DEFAULT_EXPIRY} unless told otherwise.
 */
public final class Identities {
    /** Far after {@link MutableClock#DEFAULT_START}. */
    public static final Instant DEFAULT_EXPIRY = Instant.parse("2030-01-01T00:00:00Z");
    public static final String INSTITUTION = "示范培训机构";
    public static final String REGION = "110000";

    private final ClassroomId classroom;
    private final Instant expiresAt;

    private Identities(ClassroomId classroom, Instant expiresAt) {
        this.classroom = Objects.requireNonNull(classroom, "classroom");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Identities whose tokens list {@code classroom}. */
    public static Identities of(ClassroomId classroom) {
        return new Identities(classroom, DEFAULT_EXPIRY);
    }

    /** Identities whose tokens list the class {@code classroomId}. */
    public static Identities of(String classroomId) {
        return of(new ClassroomId(classroomId));
    }

    /** The same, with tokens expiring at {@code when}. */
    public Identities expiringAt(Instant when) {
        return new Identities(classroom, when);
    }

    public ClassroomId classroom() {
        return classroom;
    }

    public Identity lecturer(String userId) {
        return person(userId, Role.LECTURER);
    }

    public Identity trainee(String userId) {
        return person(userId, Role.TRAINEE);
    }

    public Identity regulator(String userId) {
        return person(userId, Role.REGULATOR);
    }

    /** An admin whose token lists this class (admins may enter any class anyway). */
    public Identity admin(String userId) {
        return person(userId, Role.ADMIN);
    }

    /** Someone of {@code role} in this class, with a default display name. */
    public Identity person(String userId, Role role) {
        return person(userId, role, displayName(userId, role));
    }

    /** Someone of {@code role} in this class. */
    public Identity person(String userId, Role role, String displayName) {
        return new Identity(new UserId(userId), displayName, role, Set.of(classroom), INSTITUTION, REGION,
                expiresAt);
    }

    /** Someone whose token lists exactly {@code classes} (none: an outsider). */
    public static Identity withClasses(String userId, Role role, ClassroomId... classes) {
        return new Identity(new UserId(userId), displayName(userId, role), role, Set.of(classes), INSTITUTION,
                REGION, DEFAULT_EXPIRY);
    }

    private static String displayName(String userId, Role role) {
        String r = role.wire();
        return Character.toUpperCase(r.charAt(0)) + r.substring(1) + " " + userId;
    }
}
