package org.wlcy.classroom.enrolment.opening;

/**
 * One thing wrong with a class plan: the field ({@code lecturers}, {@code days[3].classHours}), a
 * stable code the pages translate ({@code opening.<code>}) and an English detail.
 */
public record PlanProblem(String field, String code, String detail) {
    public static final String NAME = "name";
    public static final String REGION = "region";
    public static final String LECTURERS = "lecturers";
    public static final String TOO_FEW_DAYS = "days.too-few";
    public static final String TOO_FEW_HOURS = "hours.too-few";
    public static final String DAY_HOURS = "day.hours";
    public static final String DAY_TWICE = "day.twice";
    public static final String ONLINE_SHARE = "online.share";
}
