package org.wlcy.classroom.playback.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.RecordingMessages.RecordingStateEvent;
import org.wlcy.classroom.protocol.RecordingMessages.StartRecordingRequest;
import org.wlcy.classroom.protocol.RecordingMessages.StartRecordingResponse;
import org.wlcy.classroom.protocol.RecordingMessages.StopRecordingRequest;
import org.wlcy.classroom.protocol.RecordingMessages.StopRecordingResponse;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.stream.StreamId;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Recording live lessons for their replays (直播回放, Art. 25). Lecturers start and stop a recording
 * ({@code recording.start} / {@code recording.stop}); with {@code playback.alwaysRecord} it starts
 * with the lesson; it always stops when the lesson ends. Each recording is one catalogue entry of
 * kind {@link VideoKind#REPLAY}, created in state {@link VideoState#RECORDING} with
 * {@code originAt} = the start (media time 0).
 *
 * <p>What is recorded: the lecturers' camera (with microphone) and screen-share streams of the
 * main room, through {@link Publisher#record} into the entry's {@code source/} folder as
 * {@code <kind>-<seq>-<user>-<audio|video>-<mindex>.mjr}; never trainees' proctoring cameras nor
 * trainees' cameras. A lecturer stream published later (a late lecturer, a reconnect, a republish
 * after a media-server restart) is recorded too, with the next sequence number.
 *
 * <p>When the recording stops, each recorded publisher is told to stop, and once they have the
 * entry is handed to {@code onStopped} (the replay job queue, {@code VideoJobs.submit}); without
 * one the entry is only set to {@link VideoState#QUEUED}. Everyone in the class gets
 * {@code recording.state}; the trace gets {@code recording.started} / {@code recording.stopped}.
 *
 * <p>Handlers and listener methods run on the class's lane; catalogue writes run on {@code io}
 * (give it one thread, so an entry is written before it is updated), then hop back to the lane.
 */
public final class RecordingService implements ClassSessionListener {
    private static final Logger log = LoggerFactory.getLogger(RecordingService.class);
    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final VideoCatalog catalog;
    private final TraceLog trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final Executor io;
    private final boolean alwaysRecord;
    private volatile Consumer<VideoId> onStopped;
    private volatile Function<ClassroomId, Optional<LiveClassroom>> classes = id -> Optional.empty();

    /** One running recording of one class (touched on its lane only). */
    static final class Active {
        final VideoId videoId;
        final Instant since;
        final UserId by;
        final String sessionId;
        final Path source;
        /** The catalogue entry is written; publishers are recorded from then on. */
        boolean stored;
        int seq;
        final Map<StreamId, Publisher> recorded = new LinkedHashMap<>();

        Active(VideoId videoId, Instant since, UserId by, String sessionId, Path source) {
            this.videoId = videoId;
            this.since = since;
            this.by = by;
            this.sessionId = sessionId;
            this.source = source;
        }
    }

    /** Per-class state: the running recording, or null. */
    static final class State {
        Active active;
    }

    public RecordingService(VideoCatalog catalog, TraceLog trace, InstantSource clock, IdGenerator ids, Executor io,
                            boolean alwaysRecord) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.io = Objects.requireNonNull(io, "io");
        this.alwaysRecord = alwaysRecord;
    }

    /** Where a stopped recording goes (e.g. {@code jobs::submit}); called on {@code io}. */
    public RecordingService onStopped(Consumer<VideoId> submit) {
        this.onStopped = submit;
        return this;
    }

    /**
     * At start-up no recording runs: replays left in {@link VideoState#RECORDING} by a crash or a
     * stop of the server are set to {@link VideoState#QUEUED} (what was recorded until then is in
     * their {@code source/}), so the job runner's recovery builds them. Call before that recovery.
     *
     * @return how many were queued
     */
    public int queueInterrupted() {
        int n = 0;
        for (Video v : catalog.all()) {
            if (v.kind() == VideoKind.REPLAY && v.state() == VideoState.RECORDING) {
                catalog.update(v.id(), x -> x.withState(VideoState.QUEUED, 0, null, clock.instant()));
                log.warn("replay {} of {} was still recording when the server stopped; queued with what was recorded",
                        v.id(), v.classroomId());
                n++;
            }
        }
        return n;
    }

    /** Registers {@code recording.start} / {@code recording.stop}. */
    public void register(MessageRouter router, Classrooms classrooms) {
        attach(classrooms::find);
        router.on(StartRecordingRequest.class, this::start);
        router.on(StopRecordingRequest.class, this::stop);
    }

    /** How listener events find their class (tests pass the one class). */
    public void attach(Function<ClassroomId, Optional<LiveClassroom>> resolver) {
        this.classes = resolver;
    }

    private static State state(LiveClassroom c) {
        return c.feature(State.class, State::new);
    }

    /** The running recording's video id in a class (on its lane), if any. */
    public static Optional<VideoId> recording(LiveClassroom c) {
        Active a = state(c).active;
        return a == null ? Optional.empty() : Optional.of(a.videoId);
    }

    // ------------------------------------------------------------------ requests

    void start(LiveClassroom c, ClientConnection conn, StartRecordingRequest req) {
        Participant who = c.lecturerOf(conn, "start recording");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "recording needs a live lesson");
        }
        if (state(c).active != null) {
            throw new ClassroomException(ErrorCode.RECORDING_RUNNING, "this lesson is being recorded already");
        }
        begin(c, lesson, who.userId(), who.userId().value(), conn, req.requestId());
    }

    void stop(LiveClassroom c, ClientConnection conn, StopRecordingRequest req) {
        Participant who = c.lecturerOf(conn, "stop recording");
        Active a = state(c).active;
        if (a == null) {
            throw new ClassroomException(ErrorCode.NOT_RECORDING, "no recording is running");
        }
        end(c, a, who.userId(), who.userId().value());
        conn.channel().send(new StopRecordingResponse(req.requestId(), a.videoId.value()));
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onSessionStarted(ClassSession session) {
        if (!alwaysRecord) {
            return;
        }
        classes.apply(session.classroomId()).ifPresent(c -> {
            if (state(c).active == null && c.liveSession() != null) {
                begin(c, session, session.startedBy(), "auto", null, null);
            }
        });
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c -> {
            Active a = state(c).active;
            if (a != null) {
                end(c, a, null, "lesson-ended");
            }
        });
    }

    @Override
    public void onStreamPublished(ClassroomId classroom, StreamView stream) {
        classes.apply(classroom).ifPresent(c -> {
            Active a = state(c).active;
            if (a != null && a.stored) {
                recordStream(c, a, stream);
            }
        });
    }

    @Override
    public void onStreamUnpublished(ClassroomId classroom, StreamView stream, LeaveReason reason) {
        // The media server closes the files of a publisher that leaves; forget it.
        classes.apply(classroom).ifPresent(c -> {
            Active a = state(c).active;
            if (a != null) {
                a.recorded.remove(stream.streamId());
            }
        });
    }

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> {
            Active a = state(c).active;
            if (a != null && a.stored) {
                c.sendToUser(p.userId(), new RecordingStateEvent(true, a.videoId.value(), a.since, a.by));
            }
        });
    }

    // ------------------------------------------------------------------ internals

    /** Marks the class recording, writes the entry on {@code io}, then records on the lane. */
    private void begin(LiveClassroom c, ClassSession lesson, UserId by, String byLabel, ClientConnection conn,
                       String requestId) {
        Instant now = clock.instant();
        VideoId id = new VideoId(ids.next("rec-").replaceAll("[^A-Za-z0-9_-]", "-"));
        String title = c.classroom().name() + " " + TITLE_TIME.format(now);
        Video video = Video.create(id, c.id(), VideoKind.REPLAY, title, by.value(), VideoState.RECORDING, now,
                lesson.id().value(), now);
        Active a = new Active(id, now, by, lesson.id().value(), null);
        State state = state(c);
        state.active = a;
        CompletableFuture.supplyAsync(() -> {
            catalog.add(video);
            Path source = catalog.folder(id).resolve("source");
            try {
                Files.createDirectories(source);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return source;
        }, io).whenCompleteAsync((source, error) -> {
            if (error != null) {
                log.error("recording {} of {} could not be stored", id, c.id(), error);
                if (state.active == a) {
                    state.active = null;
                }
                if (conn != null) {
                    conn.channel().send(ErrorResponse.of(requestId, ErrorCode.RECORDING_FAILED,
                            "the recording could not be stored; try again"));
                }
                return;
            }
            Active stored = new Active(id, now, by, a.sessionId, source);
            stored.stored = true;
            if (state.active != a) {
                // stopped while the entry was being written: nothing was recorded; queue it anyway
                if (conn != null) {
                    conn.channel().send(new StartRecordingResponse(requestId, id.value(), now));
                }
                return;
            }
            state.active = stored;
            for (StreamView v : c.announcedStreams()) {
                recordStream(c, stored, v);
            }
            if (conn != null) {
                conn.channel().send(new StartRecordingResponse(requestId, id.value(), now));
            }
            c.sendTo(p -> true, new RecordingStateEvent(true, id.value(), now, by));
            append(c, stored, by, TraceKind.RECORDING_STARTED, Map.of("videoId", id.value(), "by", byLabel));
        }, c.lane());
    }

    /** Stops a recording: publishers stop, the class is told, the entry is queued once they have. */
    private void end(LiveClassroom c, Active a, UserId by, String byLabel) {
        state(c).active = null;
        Instant now = clock.instant();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Map.Entry<StreamId, Publisher> e : a.recorded.entrySet()) {
            stops.add(e.getValue().stopRecording().toCompletableFuture().handle((ok, error) -> {
                if (error != null) {
                    log.warn("stopping the recording of stream {} failed: {}", e.getKey(), error.toString());
                }
                return null;
            }));
        }
        a.recorded.clear();
        c.sendTo(p -> true, new RecordingStateEvent(false, a.videoId.value(), null, by));
        append(c, a, by != null ? by : a.by, TraceKind.RECORDING_STOPPED, Map.of("videoId", a.videoId.value(),
                "by", byLabel, "seconds", Duration.between(a.since, now).toSeconds()));
        Consumer<VideoId> submit = onStopped;
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            try {
                if (submit != null) {
                    submit.accept(a.videoId);
                } else {
                    catalog.update(a.videoId, v -> v.withState(VideoState.QUEUED, 0, null, clock.instant()));
                }
            } catch (RuntimeException e) {
                log.error("replay {} could not be queued", a.videoId, e);
            }
        }, io);
    }

    /** Records one stream if it is a lecturer's camera or screen share in the main room. */
    private void recordStream(LiveClassroom c, Active a, StreamView v) {
        if (v.groupId() != null || (v.kind() != StreamKind.CAMERA && v.kind() != StreamKind.SCREEN)
                || a.recorded.containsKey(v.streamId())) {
            return;
        }
        boolean lecturer = c.participants().stream()
                .anyMatch(p -> p.participantId().equals(v.participantId()) && p.role() == Role.LECTURER);
        if (!lecturer) {
            return;
        }
        Optional<Publisher> publisher = c.publisherOf(v.streamId());
        if (publisher.isEmpty()) {
            return;
        }
        a.seq++;
        Path base = a.source.resolve(v.kind().wire() + "-" + String.format("%03d", a.seq) + "-"
                + v.userId().value().replaceAll("[^A-Za-z0-9_]", "_"));
        a.recorded.put(v.streamId(), publisher.get());
        publisher.get().record(base).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                log.warn("recording stream {} of {} into {} failed: {}", v.streamId(), c.id(), base, error.toString());
                // The lecturers must know the replay will lack this stream: they can share it again.
                c.sendTo(p -> p.role() == Role.LECTURER, ErrorResponse.of(null, ErrorCode.RECORDING_FAILED,
                        "the media server did not record " + v.displayName() + "'s " + v.kind().wire()
                                + "; the replay will lack it unless it is shared again"));
            } else {
                log.info("recording stream {} ({} of {}) into {}", v.streamId(), v.kind().wire(), v.userId(), base);
            }
        }, c.lane());
    }

    private void append(LiveClassroom c, Active a, UserId user, TraceKind kind, Map<String, Object> data) {
        TraceEvent e = new TraceEvent(-1, c.id(), a.sessionId, user, kind, clock.instant(), "srv/" + ids.next("rec-"),
                null, data);
        trace.append(List.of(e)).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("could not record {} in {}", kind.wire(), c.id(), error);
            }
        });
    }
}
