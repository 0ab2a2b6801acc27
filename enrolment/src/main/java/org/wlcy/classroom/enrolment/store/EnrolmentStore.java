package org.wlcy.classroom.enrolment.store;

import java.util.List;
import java.util.Optional;
import org.wlcy.classroom.enrolment.EnrolledClass;

/**
 * Where classes and their rosters are kept. {@link #save} replaces a class's record whole and is
 * durable when it returns (never half a record).
 */
public interface EnrolmentStore {
    Optional<EnrolledClass> find(String classId);

    List<EnrolledClass> all();

    void save(EnrolledClass record);
}
