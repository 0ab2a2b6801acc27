package org.wlcy.classroom.classroom;

import java.util.Optional;

/** Where classes come from (the training-management platform, or the embedded demo seed). */
public interface ClassroomDirectory {
    Optional<Classroom> find(ClassroomId id);
}
