package org.wlcy.classroom.assessment.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.wlcy.classroom.participant.UserId;

/**
 * One scorer's marks for one trainee's practical results: points per criterion of the class's
 * rubric, an optional comment per criterion and overall. A later sheet of the same scorer for the
 * same trainee replaces this one (both stay in the trace).
 *
 * @param scorer     who scored; never shown to the trainee
 * @param trainee    whose results
 * @param points     criterion id to points, every criterion of the rubric, each 0..its points
 * @param comments   criterion id to comment (optional, at most 500 characters each)
 * @param comment    overall comment, optional, at most 1000 characters
 * @param recordedAt server time
 */
public record ScoreSheet(UserId scorer, UserId trainee, Map<String, Integer> points, Map<String, String> comments,
                         String comment, Instant recordedAt) {
    public ScoreSheet {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(recordedAt, "recordedAt");
        points = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(points));
        comments = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(comments == null ? Map.of() : comments));
        comment = comment == null ? "" : comment;
    }

    /**
     * A sheet checked against the rubric: every criterion scored, none unknown, each within its
     * points; comments within their lengths. The message names the criterion.
     */
    public static ScoreSheet checked(Rubric rubric, UserId scorer, UserId trainee, Map<String, Integer> points,
                                     Map<String, String> comments, String comment, Instant at) {
        for (String id : points.keySet()) {
            if (rubric.criterion(id).isEmpty()) {
                throw new IllegalArgumentException("points." + id + ": no such criterion in the class's rubric");
            }
        }
        for (Criterion c : rubric.criteria()) {
            Integer p = points.get(c.id());
            if (p == null) {
                throw new IllegalArgumentException("points." + c.id() + ": every criterion needs a score (0-"
                        + c.points() + ")");
            }
            if (p < 0 || p > c.points()) {
                throw new IllegalArgumentException("points." + c.id() + ": " + p + " is outside 0-" + c.points());
            }
        }
        Map<String, String> cs = comments == null ? Map.of() : comments;
        for (Map.Entry<String, String> e : cs.entrySet()) {
            if (rubric.criterion(e.getKey()).isEmpty()) {
                throw new IllegalArgumentException("comments." + e.getKey() + ": no such criterion in the class's rubric");
            }
            if (e.getValue().length() > 500) {
                throw new IllegalArgumentException("comments." + e.getKey() + ": at most 500 characters");
            }
        }
        if (comment != null && comment.length() > 1000) {
            throw new IllegalArgumentException("comment: at most 1000 characters");
        }
        return new ScoreSheet(scorer, trainee, points, cs, comment, at);
    }

    public int total() {
        return points.values().stream().mapToInt(Integer::intValue).sum();
    }
}
