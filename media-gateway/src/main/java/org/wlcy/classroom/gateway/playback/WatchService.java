package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.vodinteraction.CommentThreads;
import org.wlcy.classroom.playback.vodinteraction.VideoComment;
import org.wlcy.classroom.playback.vodinteraction.VideoDanmaku;
import org.wlcy.classroom.playback.vodinteraction.VodGuard;
import org.wlcy.classroom.playback.watch.AnswerResult;
import org.wlcy.classroom.playback.watch.Heartbeat;
import org.wlcy.classroom.playback.watch.HeartbeatResult;
import org.wlcy.classroom.playback.watch.ProgressSnapshot;
import org.wlcy.classroom.playback.watch.VideoQuestion;
import org.wlcy.classroom.playback.watch.WatchDecision;
import org.wlcy.classroom.playback.watch.WatchProgress;
import org.wlcy.classroom.playback.watch.WatchRules;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The watch features over the pure rules: finds the video and checks the caller may see it,
 * keeps each trainee's {@link WatchProgress} (loaded from and saved to {@link WatchStore}), the
 * videos' questions, danmaku and comments, writes every decision to the class's trace and pushes
 * live changes to {@link LiveViewers}. Runs on one executor thread only (the caller's), so it needs
 * no locks; trace appends complete in the background.
 */
final class WatchService {
    private static final Logger LOG = LoggerFactory.getLogger(WatchService.class);
    private final VideoCatalog catalog;
    private final WatchStore store;
    private final WatchRules rules;
    private final boolean replayCountsAsLearning;
    private final VodGuard guard;
    private final TraceLog trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final LiveViewers live;
    private final Map<String, WatchProgress> progress = new HashMap<>();
    private final Map<VideoId, List<VideoQuestion>> questions = new HashMap<>();

    WatchService(VideoCatalog catalog, WatchStore store, WatchRules rules, boolean replayCountsAsLearning,
                 VodGuard guard, TraceLog trace, InstantSource clock, IdGenerator ids, LiveViewers live) {
        this.catalog = catalog;
        this.store = store;
        this.rules = rules;
        this.replayCountsAsLearning = replayCountsAsLearning;
        this.guard = guard;
        this.trace = trace;
        this.clock = clock;
        this.ids = ids;
        this.live = live;
    }

    WatchRules rules() {
        return rules;
    }

    /** The video, if it exists and the caller's token lists its class (244, 303). */
    Video video(Identity who, VideoId id) {
        Video v = catalog.find(id).orElseThrow(() ->
                new ClassroomException(ErrorCode.VIDEO_NOT_WATCHABLE, "no video " + id));
        if (!who.mayEnter(v.classroomId())) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + v.classroomId());
        }
        return v;
    }

    /** Whether watching this video counts as learning (a replay only when {@code replayCountsAsLearning}). */
    boolean counts(Video v) {
        return v.kind() == VideoKind.ON_DEMAND || replayCountsAsLearning;
    }

    // ---- progress ------------------------------------------------------------------------------

    HeartbeatResult heartbeat(Identity who, Video v, Heartbeat hb) {
        requireRole(who, Role.TRAINEE, "only trainees report watch progress");
        if (v.state() != VideoState.READY) {
            throw new ClassroomException(ErrorCode.VIDEO_NOT_WATCHABLE, "video " + v.id() + " is not ready to watch");
        }
        WatchProgress p = progressOf(v, who.userId().value());
        Instant now = clock.instant();
        HeartbeatResult r = p.heartbeat(hb, now, v.durationMillis() / 1000.0, questionsOf(v.id()));
        if (!r.ignored()) {
            store.saveProgress(v.id(), new WatchStore.StoredProgress(who.userId().value(), who.displayName(),
                    p.snapshot()));
            record(v, who, r.decisions(), r.coverage(), r.furthestS());
        }
        return r;
    }

    AnswerResult answer(Identity who, Video v, String questionId, List<Integer> choices) {
        requireRole(who, Role.TRAINEE, "only trainees answer in-video questions");
        List<VideoQuestion> qs = questionsOf(v.id());
        VideoQuestion q = qs.stream().filter(x -> x.id().equals(questionId)).findFirst().orElseThrow(() ->
                new ClassroomException(ErrorCode.VIDEO_QUESTION_NOT_FOUND, "no question " + questionId
                        + " on video " + v.id()));
        WatchProgress p = progressOf(v, who.userId().value());
        AnswerResult r = p.answer(q, choices, clock.instant(), qs);
        store.saveProgress(v.id(), new WatchStore.StoredProgress(who.userId().value(), who.displayName(),
                p.snapshot()));
        record(v, who, r.decisions(), p.coverage(v.durationMillis() / 1000.0), p.furthestS());
        return r;
    }

    /** The caller's own progress (zeros for someone who has not watched). */
    Map<String, Object> ownProgress(Identity who, Video v) {
        WatchProgress p = progressOf(v, who.userId().value());
        Map<String, Object> body = summary(p, v);
        body.put("videoId", v.id().value());
        body.put("userId", who.userId().value());
        body.put("counts", counts(v));
        body.put("rules", rulesView(v));
        body.put("spans", p.spans().stream().map(s -> List.of(s.start(), s.end())).toList());
        Map<String, String> marks = new LinkedHashMap<>();
        p.questionMarks().forEach((id, m) -> marks.put(id, m.status().name().toLowerCase(java.util.Locale.ROOT)));
        body.put("questions", marks);
        return body;
    }

    /** Everyone's progress on the video (lecturers, regulators). */
    Map<String, Object> allProgress(Identity who, Video v) {
        if (who.role() == Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only lecturers see everyone's progress");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WatchStore.StoredProgress s : store.allProgress(v.id())) {
            WatchProgress p = progress.containsKey(key(v.id(), s.userId())) ? progress.get(key(v.id(), s.userId()))
                    : WatchProgress.restore(rules, s.progress());
            Map<String, Object> row = summary(p, v);
            row.put("userId", s.userId());
            row.put("name", s.name());
            Map<String, Integer> q = new LinkedHashMap<>();
            for (ProgressSnapshot.QuestionMark m : p.questionMarks().values()) {
                q.merge(m.status().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            }
            row.put("questions", q);
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("videoId", v.id().value());
        body.put("counts", counts(v));
        body.put("rules", rulesView(v));
        body.put("trainees", rows);
        return body;
    }

    Map<String, Object> rulesView(Video v) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("maxRatePercent", rules.maxRatePercent());
        r.put("allowSeekAhead", rules.allowSeekAhead());
        r.put("completionPercent", rules.completionPercent());
        r.put("heartbeatSeconds", rules.heartbeatSeconds());
        r.put("rewindOnWrongAnswer", rules.rewindOnWrongAnswer());
        r.put("replayCountsAsLearning", replayCountsAsLearning);
        r.put("counts", counts(v));
        return r;
    }

    private Map<String, Object> summary(WatchProgress p, Video v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("coverage", p.coverage(v.durationMillis() / 1000.0));
        m.put("creditedS", p.creditedSeconds());
        m.put("furthestS", p.furthestS());
        m.put("completed", p.completed());
        m.put("completedAt", p.completedAt() == null ? null : p.completedAt().toString());
        m.put("allowedMaxPosition", p.allowedMaxPosition());
        return m;
    }

    private WatchProgress progressOf(Video v, String userId) {
        return progress.computeIfAbsent(key(v.id(), userId), k -> store.progress(v.id(), userId)
                .map(s -> WatchProgress.restore(rules, s.progress()))
                .orElseGet(() -> new WatchProgress(rules)));
    }

    private static String key(VideoId id, String userId) {
        return id.value() + "\u0000" + userId;
    }

    // ---- questions -----------------------------------------------------------------------------

    List<VideoQuestion> questionsOf(VideoId id) {
        return questions.computeIfAbsent(id, store::questions);
    }

    VideoQuestion addQuestion(Identity who, Video v, double atS, String prompt, List<String> options,
                              List<Integer> correct, int limitSeconds) {
        requireRole(who, Role.LECTURER, "only lecturers place questions in a video");
        if (v.durationMillis() > 0 && atS * 1000 > v.durationMillis()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "atS is past the video's end ("
                    + v.durationMillis() / 1000.0 + " s)");
        }
        VideoQuestion q;
        try {
            q = new VideoQuestion(ids.next("q-"), atS, prompt, options, correct, limitSeconds);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
        List<VideoQuestion> next = new ArrayList<>(questionsOf(v.id()));
        next.add(q);
        next.sort(Comparator.comparingDouble(VideoQuestion::atS));
        store.saveQuestions(v.id(), next);
        questions.put(v.id(), List.copyOf(next));
        live.push(v.id(), "questions", Map.of("changed", q.id()));
        return q;
    }

    void deleteQuestion(Identity who, Video v, String questionId) {
        requireRole(who, Role.LECTURER, "only lecturers remove questions from a video");
        List<VideoQuestion> next = new ArrayList<>(questionsOf(v.id()));
        if (!next.removeIf(q -> q.id().equals(questionId))) {
            throw new ClassroomException(ErrorCode.VIDEO_QUESTION_NOT_FOUND, "no question " + questionId
                    + " on video " + v.id());
        }
        store.saveQuestions(v.id(), next);
        questions.put(v.id(), List.copyOf(next));
        live.push(v.id(), "questions", Map.of("changed", questionId));
    }

    // ---- danmaku and comments ------------------------------------------------------------------

    VideoDanmaku postDanmaku(Identity who, Video v, long atMs, String text, String color) {
        requireSeat(who, "send danmaku");
        if (v.durationMillis() > 0 && atMs > v.durationMillis() + 1000) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "atS is past the video's end");
        }
        guard.withinRate(VodGuard.Kind.DANMAKU, who.userId(), who.role());
        SensitiveWordFilter.Outcome o = guard.screen(text);
        VideoDanmaku d = new VideoDanmaku(ids.next("d-"), atMs, who.userId().value(), who.displayName(), o.text(),
                color, clock.instant(), o.masked(), "video");
        store.appendDanmaku(v.id(), d);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("danmakuId", d.id());
        data.put("atMs", atMs);
        data.put("text", d.text());
        data.put("color", color);
        data.put("length", (long) text.codePointCount(0, text.length()));
        data.put("masked", o.masked());
        append(v, who, TraceKind.VIDEO_DANMAKU, data);
        live.push(v.id(), "danmaku", d);
        return d;
    }

    /** The video's danmaku by media time: posted on the video, and for a replay the live lesson's. */
    List<VideoDanmaku> danmaku(Video v) {
        List<VideoDanmaku> out = new ArrayList<>(store.danmaku(v.id()));
        if (v.kind() == VideoKind.REPLAY) {
            store.timeline(v.id()).ifPresent(t -> {
                int n = 0;
                for (JsonNode item : t.path("items")) {
                    if ("danmaku".equals(item.path("kind").asText()) && item.path("atMs").canConvertToLong()) {
                        out.add(new VideoDanmaku("live-" + (n++), item.path("atMs").asLong(),
                                item.path("by").asText(""), item.path("name").asText(item.path("by").asText("")),
                                item.path("text").asText(""), item.path("color").asText("#ffffff"), null, false,
                                "live"));
                    }
                }
            });
        }
        out.sort(Comparator.comparingLong(VideoDanmaku::atMs));
        return out;
    }

    VideoComment postComment(Identity who, Video v, String text, String replyTo) {
        requireSeat(who, "comment");
        if (replyTo != null) {
            WatchStore.Comments all = store.comments(v.id());
            boolean exists = all.comments().stream().anyMatch(c -> c.id().equals(replyTo))
                    && !all.deleted().contains(replyTo);
            if (!exists) {
                throw new ClassroomException(ErrorCode.COMMENT_NOT_FOUND, "no comment " + replyTo + " to reply to");
            }
        }
        guard.withinRate(VodGuard.Kind.COMMENT, who.userId(), who.role());
        SensitiveWordFilter.Outcome o = guard.screen(text);
        VideoComment c = new VideoComment(ids.next("c-"), replyTo, who.userId().value(), who.displayName(),
                who.role().wire(), o.text(), clock.instant(), o.masked());
        store.appendComment(v.id(), new WatchStore.CommentLine("add", c, null, null, null));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commentId", c.id());
        data.put("replyTo", replyTo == null ? "" : replyTo);
        data.put("text", c.text());
        data.put("length", (long) text.codePointCount(0, text.length()));
        data.put("masked", o.masked());
        data.put("deleted", false);
        append(v, who, TraceKind.VIDEO_COMMENT, data);
        live.push(v.id(), "comment", c);
        return c;
    }

    List<CommentThreads.Thread> threads(Video v) {
        WatchStore.Comments all = store.comments(v.id());
        return CommentThreads.of(all.comments(), all.deleted());
    }

    void deleteComment(Identity who, Video v, String commentId) {
        requireRole(who, Role.LECTURER, "only lecturers delete comments");
        WatchStore.Comments all = store.comments(v.id());
        if (all.deleted().contains(commentId) || all.comments().stream().noneMatch(c -> c.id().equals(commentId))) {
            throw new ClassroomException(ErrorCode.COMMENT_NOT_FOUND, "no comment " + commentId);
        }
        store.appendComment(v.id(), new WatchStore.CommentLine("delete", null, commentId, who.userId().value(),
                clock.instant()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commentId", commentId);
        data.put("replyTo", "");
        data.put("text", "");
        data.put("length", 0L);
        data.put("masked", false);
        data.put("deleted", true);
        append(v, who, TraceKind.VIDEO_COMMENT, data);
        live.push(v.id(), "comment-deleted", Map.of("id", commentId));
    }

    Optional<JsonNode> timeline(Video v) {
        return store.timeline(v.id());
    }

    // ---- trace ---------------------------------------------------------------------------------

    private void record(Video v, Identity who, List<WatchDecision> decisions, double coverage, double furthestS) {
        for (WatchDecision d : decisions) {
            Map<String, Object> data = new LinkedHashMap<>(d.data());
            data.put("decision", d.what());
            if (!d.aboutQuestion()) {
                data.put("coveragePermille", Math.round(coverage * 1000));
                data.put("furthestMs", Math.round(furthestS * 1000));
            }
            append(v, who, d.aboutQuestion() ? TraceKind.VIDEO_QUESTION : TraceKind.PLAYBACK_PROGRESS, data);
        }
    }

    private void append(Video v, Identity who, TraceKind kind, Map<String, Object> details) {
        Map<String, Object> data = new LinkedHashMap<>(details);
        data.put("videoId", v.id().value());
        data.put("videoKind", v.kind().wire());
        data.put("counts", counts(v));
        TraceEvent e = new TraceEvent(-1, v.classroomId(), null, who.userId(), kind, clock.instant(),
                "srv/" + ids.next("w-"), null, data);
        trace.append(List.of(e)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("could not record {} for {} on video {}", kind.wire(), who.userId(), v.id(), error);
            }
        });
    }

    private static void requireRole(Identity who, Role role, String message) {
        if (who.role() != role) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, message);
        }
    }

    private static void requireSeat(Identity who, String what) {
        if (!who.role().takesSeat()) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only lecturers and trainees " + what);
        }
    }

}
