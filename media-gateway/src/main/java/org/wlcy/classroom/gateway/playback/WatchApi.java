package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.watch.AnswerResult;
import org.wlcy.classroom.playback.watch.Heartbeat;
import org.wlcy.classroom.playback.watch.HeartbeatResult;
import org.wlcy.classroom.playback.watch.VideoQuestion;

/**
 * The watch page's REST commands and live stream (Art. 25; {@code docs/protocol.md}, "Watching
 * videos"): {@code /api/videos/{id}/watch|progress|questions|danmaku|comments|timeline|live}.
 * Requests are checked and parsed on the event loop; the work (files, rules, trace) runs on the
 * watch executor, one thread, which writes the response.
 */
public final class WatchApi implements ApiRoute {
    private static final Pattern PATH = Pattern.compile(
            "/api/videos/([^/]+)/(watch|progress|questions|danmaku|comments|timeline|live)(?:/([^/]+))?(?:/(answer))?");
    /** Danmaku: one line of at most 40 characters, like live danmaku. */
    static final int MAX_DANMAKU = WatchBodies.MAX_DANMAKU;
    static final int MAX_COMMENT = WatchBodies.MAX_COMMENT;
    private final TokenService tokens;
    private final WatchService service;
    private final LiveViewers live;
    private final Executor executor;
    private final ObjectMapper mapper;
    private final InstantSource clock;

    WatchApi(TokenService tokens, WatchService service, LiveViewers live, Executor executor, ObjectMapper mapper,
             InstantSource clock) {
        this.tokens = tokens;
        this.service = service;
        this.live = live;
        this.executor = executor;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        Identity who = ApiRoute.bearer(tokens, req);
        VideoId id = videoId(m.group(1));
        String feature = m.group(2);
        String item = m.group(3);
        boolean answer = m.group(4) != null;
        if (item != null && !WatchBodies.ITEM_ID.matcher(item).matches()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "bad id '" + item + "'");
        }
        HttpMethod method = req.method();
        boolean get = method.equals(HttpMethod.GET);
        boolean post = method.equals(HttpMethod.POST);
        boolean delete = method.equals(HttpMethod.DELETE);
        String route = feature + (item == null ? "" : "/{id}") + (answer ? "/answer" : "");
        switch (route) {
            case "watch" -> {
                requireMethod(post, method, path);
                Heartbeat hb = WatchBodies.heartbeat(body(req));
                run(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    return heartbeatView(service.heartbeat(who, v, hb), v);
                });
            }
            case "progress" -> {
                requireMethod(get, method, path);
                boolean all = "1".equals(query(req, "all")) || "true".equals(query(req, "all"));
                run(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    return all ? service.allProgress(who, v) : service.ownProgress(who, v);
                });
            }
            case "questions" -> {
                if (get) {
                    run(ctx, req, json, () -> {
                        Video v = service.video(who, id);
                        boolean key = who.role() != Role.TRAINEE;
                        return Map.of("videoId", v.id().value(), "questions",
                                service.questionsOf(v.id()).stream().map(q -> questionView(q, key)).toList());
                    });
                } else {
                    requireMethod(post, method, path);
                    WatchBodies.NewQuestion q = WatchBodies.question(body(req));
                    runCreated(ctx, req, json, () -> {
                        Video v = service.video(who, id);
                        return questionView(service.addQuestion(who, v, q.atS(), q.prompt(), q.options(), q.correct(),
                                q.limitSeconds()), true);
                    });
                }
            }
            case "questions/{id}" -> {
                requireMethod(delete, method, path);
                run(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    service.deleteQuestion(who, v, item);
                    return Map.of("deleted", item);
                });
            }
            case "questions/{id}/answer" -> {
                requireMethod(post, method, path);
                List<Integer> choices = WatchBodies.choices(body(req));
                executor(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    AnswerResult r = service.answer(who, v, item, choices);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("questionId", item);
                    body.put("right", r.right());
                    body.put("late", r.late());
                    body.put("rewindTo", r.rewindTo());
                    body.put("allowedMaxPosition", r.allowedMaxPosition());
                    if (r.late()) {
                        body.put("type", "error");
                        body.put("code", ErrorCode.EXERCISE_CLOSED.code());
                        body.put("error", ErrorCode.EXERCISE_CLOSED.name());
                        body.put("message", "the question's time is up (server time): the answer is refused and "
                                + "recorded" + (r.rewindTo() != null ? "; watch again from " + r.rewindTo() + " s" : ""));
                        json.write(ctx, req, HttpResponseStatus.CONFLICT, body);
                    } else {
                        json.write(ctx, req, HttpResponseStatus.OK, body);
                    }
                });
            }
            case "danmaku" -> {
                if (get) {
                    run(ctx, req, json, () -> {
                        Video v = service.video(who, id);
                        return Map.of("videoId", v.id().value(), "danmaku", service.danmaku(v));
                    });
                } else {
                    requireMethod(post, method, path);
                    WatchBodies.NewDanmaku d = WatchBodies.danmaku(body(req));
                    runCreated(ctx, req, json, () -> service.postDanmaku(who, service.video(who, id), d.atMs(),
                            d.text(), d.color()));
                }
            }
            case "comments" -> {
                if (get) {
                    run(ctx, req, json, () -> {
                        Video v = service.video(who, id);
                        return Map.of("videoId", v.id().value(), "threads", service.threads(v));
                    });
                } else {
                    requireMethod(post, method, path);
                    WatchBodies.NewComment cm = WatchBodies.comment(body(req));
                    runCreated(ctx, req, json, () -> service.postComment(who, service.video(who, id), cm.text(),
                            cm.replyTo()));
                }
            }
            case "comments/{id}" -> {
                requireMethod(delete, method, path);
                run(ctx, req, json, () -> {
                    service.deleteComment(who, service.video(who, id), item);
                    return Map.of("deleted", item);
                });
            }
            case "timeline" -> {
                requireMethod(get, method, path);
                run(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    return service.timeline(v).orElseThrow(() -> new ClassroomException(ErrorCode.TIMELINE_NOT_FOUND,
                            "video " + v.id() + " has no timeline"));
                });
            }
            case "live" -> {
                requireMethod(get, method, path);
                executor(ctx, req, json, () -> {
                    Video v = service.video(who, id);
                    Map<String, Object> hello = new LinkedHashMap<>();
                    hello.put("videoId", v.id().value());
                    hello.put("userId", who.userId().value());
                    hello.put("serverTime", clock.instant().toEpochMilli());
                    ctx.channel().eventLoop().execute(() -> live.open(ctx, v.id(), hello));
                });
            }
            default -> throw new ClassroomException(ErrorCode.INVALID_FIELD, "no such watch API " + method + " " + path);
        }
        return true;
    }

    // ---- responses -----------------------------------------------------------------------------

    private Map<String, Object> heartbeatView(HeartbeatResult r, Video v) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("credited", r.creditedS());
        b.put("coverage", r.coverage());
        b.put("furthestS", r.furthestS());
        b.put("completed", r.completed());
        b.put("allowedMaxPosition", r.allowedMaxPosition());
        b.put("counts", service.counts(v));
        if (r.ignored()) {
            b.put("ignored", true);
        }
        if (r.refused() != null) {
            b.put("refused", r.refused());
            b.put("code", ErrorCode.SEEK_AHEAD_REFUSED.code());
            b.put("error", ErrorCode.SEEK_AHEAD_REFUSED.name());
        }
        if (r.noCredit() != null) {
            b.put("noCredit", r.noCredit().wire());
        }
        if (r.due() != null) {
            Map<String, Object> q = questionView(r.due(), false);
            q.put("deadline", r.dueDeadline().toEpochMilli());
            q.put("secondsLeft", Math.max(0, Duration.between(clock.instant(), r.dueDeadline()).toMillis()) / 1000.0);
            b.put("question", q);
        }
        return b;
    }

    private static Map<String, Object> questionView(VideoQuestion q, boolean withKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("atS", q.atS());
        m.put("prompt", q.prompt());
        m.put("options", q.options());
        m.put("multiple", q.multiple());
        m.put("limitSeconds", q.limitSeconds());
        if (withKey) {
            m.put("correct", q.correct());
        }
        return m;
    }

    private void run(ChannelHandlerContext ctx, FullHttpRequest req, Json json, Supplier<Object> work) {
        executor(ctx, req, json, () -> json.write(ctx, req, HttpResponseStatus.OK, work.get()));
    }

    private void runCreated(ChannelHandlerContext ctx, FullHttpRequest req, Json json, Supplier<Object> work) {
        executor(ctx, req, json, () -> json.write(ctx, req, HttpResponseStatus.CREATED, work.get()));
    }

    /** Runs {@code work} on the watch executor; a coded error or a bug becomes the response. */
    private void executor(ChannelHandlerContext ctx, FullHttpRequest req, Json json, Runnable work) {
        OffTheLoop.run(executor, ctx, req,
                "watch API " + req.method() + " " + req.uri(), OffTheLoop.withStatus(json, WatchApi::status), work);
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case VIDEO_NOT_WATCHABLE, VIDEO_QUESTION_NOT_FOUND, TIMELINE_NOT_FOUND, COMMENT_NOT_FOUND ->
                    HttpResponseStatus.NOT_FOUND;
            case EXERCISE_CLOSED, ALREADY_ANSWERED, VIDEO_QUESTION_NOT_DUE, SEEK_AHEAD_REFUSED ->
                    HttpResponseStatus.CONFLICT;
            case RATE_LIMITED -> HttpResponseStatus.TOO_MANY_REQUESTS;
            default -> Json.statusOf(code);
        };
    }

    // ---- parsing -------------------------------------------------------------------------------

    private static void requireMethod(boolean ok, HttpMethod method, String path) {
        if (!ok) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, method + " is not allowed on " + path);
        }
    }

    private static VideoId videoId(String raw) {
        try {
            return new VideoId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }

    private static String query(FullHttpRequest req, String name) {
        List<String> v = new QueryStringDecoder(req.uri()).parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private JsonNode body(FullHttpRequest req) {
        return WatchBodies.parse(mapper, req.content().toString(StandardCharsets.UTF_8));
    }
}
