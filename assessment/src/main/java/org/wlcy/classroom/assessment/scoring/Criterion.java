package org.wlcy.classroom.assessment.scoring;

import java.util.Objects;

/**
 * One line of the scoring sheet (评分表): what is judged and how many of the 100 points it carries.
 *
 * @param id      stable key, {@code [a-z0-9-]{1,32}}
 * @param title   what the scorer sees (zh-CN)
 * @param titleEn the same in English
 * @param guide   the scoring standard (评分标准) for this line, shown to the scorer
 * @param points  the most a trainee can get on it, 1-100
 */
public record Criterion(String id, String title, String titleEn, String guide, int points) {
    public Criterion {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("criterion id '" + id + "' must be 1-32 of a-z, 0-9 and '-'");
        }
        if (title == null || title.isBlank() || title.length() > 100) {
            throw new IllegalArgumentException("criterion " + id + " needs a title of 1-100 characters");
        }
        titleEn = titleEn == null || titleEn.isBlank() ? title : titleEn;
        guide = guide == null ? "" : guide;
        if (guide.length() > 1000) {
            throw new IllegalArgumentException("the scoring standard of criterion " + id + " is over 1000 characters");
        }
        if (points < 1 || points > 100) {
            throw new IllegalArgumentException("criterion " + id + " must carry 1-100 points, not " + points);
        }
    }
}
