package org.wlcy.classroom.participant;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * Who is connected, as the verified token says.
 *
 * @param classes     the classes the token lists
 * @param institution training institution (for regulators' statistics)
 * @param region      administrative region code
 * @param expiresAt   when the token expires
 */
public record Identity(UserId userId, String displayName, Role role, Set<ClassroomId> classes,
                       String institution, String region, Instant expiresAt) {
    public Identity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        classes = Set.copyOf(classes);
        institution = institution == null ? "" : institution;
        region = region == null ? "" : region;
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Admins may enter any class; everybody else only the classes the token lists. */
    public boolean mayEnter(ClassroomId classroom) {
        return role == Role.ADMIN || classes.contains(classroom);
    }
}
