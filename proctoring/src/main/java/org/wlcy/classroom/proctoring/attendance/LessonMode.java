package org.wlcy.classroom.proctoring.attendance;

/** Where a lesson is taught (blended training, Art. 25). */
public enum LessonMode {
    /** Live online: attendance is measured from the trainee's connection and focus traces. */
    ONLINE,
    /** In the training room: attendance rests on sign-in (face, click) or the lecturer's roll call. */
    OFFLINE
}
