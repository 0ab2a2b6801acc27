package org.wlcy.classroom.classroom;

import java.util.Objects;

/**
 * A class (班级): its name and its presence limits. Art. 7 of the guideline: small interactive
 * classes of at most 30 trainees, taught by 2 lecturers.
 */
public record Classroom(ClassroomId id, String name, int maxTrainees, int maxLecturers) {
    /** Art. 7: at most 30 trainees per class. */
    public static final int ART7_MAX_TRAINEES = 30;
    /** Art. 7: 2 lecturers per class. */
    public static final int ART7_LECTURERS = 2;

    public Classroom {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (maxTrainees < 1 || maxTrainees > ART7_MAX_TRAINEES) {
            throw new IllegalArgumentException("maxTrainees must be 1.." + ART7_MAX_TRAINEES);
        }
        if (maxLecturers < 1 || maxLecturers > ART7_LECTURERS) {
            throw new IllegalArgumentException("maxLecturers must be 1.." + ART7_LECTURERS);
        }
    }

    /** A class with the Art. 7 limits. */
    public static Classroom of(ClassroomId id, String name) {
        return new Classroom(id, name, ART7_MAX_TRAINEES, ART7_LECTURERS);
    }
}
