package org.wlcy.classroom.session;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.wlcy.classroom.classroom.ClassroomDirectory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.lane.SerialLane;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.media.MediaServerListener;

/**
 * The live classes of this node, each with its own serial lane on a shared executor. Passes
 * media-server availability on to every class, on its lane.
 */
public final class Classrooms implements MediaServerListener {
    private final ClassroomDirectory directory;
    private final MediaServer media;
    private final InstantSource clock;
    private final Supplier<? extends Executor> lanePools;
    private final IdGenerator ids;
    private final ClassSessionListener listener;
    private final Thread.UncaughtExceptionHandler onLaneError;
    private final ResumePolicy resume;
    private final Map<ClassroomId, LiveClassroom> live = new ConcurrentHashMap<>();

    public Classrooms(ClassroomDirectory directory, MediaServer media, InstantSource clock, Executor workers,
                      IdGenerator ids, ClassSessionListener listener, Thread.UncaughtExceptionHandler onLaneError) {
        this(directory, media, clock, workers, ids, listener, onLaneError, ResumePolicy.OFF);
    }

    /** As above, with presences of dropped connections kept by {@code resume}. */
    public Classrooms(ClassroomDirectory directory, MediaServer media, InstantSource clock, Executor workers,
                      IdGenerator ids, ClassSessionListener listener, Thread.UncaughtExceptionHandler onLaneError,
                      ResumePolicy resume) {
        this(directory, media, clock, () -> workers, ids, listener, onLaneError, resume);
    }

    /**
     * As above, each new class's lane on the executor {@code lanePools} gives next (e.g. one of the
     * network event loops in turn: docs/adr/0026).
     */
    public Classrooms(ClassroomDirectory directory, MediaServer media, InstantSource clock,
                      Supplier<? extends Executor> lanePools, IdGenerator ids, ClassSessionListener listener,
                      Thread.UncaughtExceptionHandler onLaneError, ResumePolicy resume) {
        this.resume = resume;
        this.directory = directory;
        this.media = media;
        this.clock = clock;
        this.lanePools = lanePools;
        this.ids = ids;
        this.listener = listener;
        this.onLaneError = onLaneError;
        media.addListener(this);
    }

    /** The live class for an id the directory knows, created on first use. */
    public Optional<LiveClassroom> find(ClassroomId id) {
        LiveClassroom existing = live.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        return directory.find(id).map(c -> live.computeIfAbsent(id,
                k -> new LiveClassroom(c, media, clock, new SerialLane(lanePools.get(), onLaneError), ids, listener,
                        resume)));
    }

    public List<LiveClassroom> all() {
        return List.copyOf(live.values());
    }

    @Override
    public void onMediaServerLost(String reason) {
        live.values().forEach(c -> c.lane().execute(() -> c.onMediaLost(reason)));
    }

    @Override
    public void onMediaServerAvailable() {
        live.values().forEach(c -> c.lane().execute(c::onMediaRestored));
    }

    /** Tells everyone the server stops and closes media, on each lane. */
    public void shutdown() {
        live.values().forEach(c -> c.lane().execute(c::shutdown));
    }
}
