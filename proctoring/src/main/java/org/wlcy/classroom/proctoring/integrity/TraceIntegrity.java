package org.wlcy.classroom.proctoring.integrity;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.proctoring.store.StorableEvent;
import org.wlcy.classroom.proctoring.store.StoredRecord;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The live side of the tamper-evident trace: keeps every class's Merkle tree head as events are
 * stored (O(log n) memory per class) and signs checkpoints into the {@link TraceStore} as
 * {@link CheckpointPolicy} says — every {@code maxEvents} events exactly, and within
 * {@code maxDelay} (plus one tick period) of the first event not yet covered.
 *
 * <p>Wiring: call {@link #start()} once before traffic (it rebuilds every class's tree from the
 * store and checks the stored checkpoints against it), then either append through
 * {@link #traceLog()} or call {@link #onAppended} with what {@link TraceStore#append} returned,
 * and have a scheduler call {@link #tick()} (see {@link #scheduleTicks}). Signing and saving a
 * checkpoint runs on the {@code checkpointWriter} executor, because
 * {@link TraceStore#saveCheckpoint} blocks; a single-thread executor is the natural choice.
 *
 * <p>A class whose stored log does not match its own earlier checkpoints is marked faulty
 * ({@link #fault}); no further checkpoint is signed for it, so tampering in storage is never
 * laundered into a fresh signature.
 *
 * <p>A record the store set aside ({@link org.wlcy.classroom.proctoring.store.StorableEvent}) is
 * one leaf like any other: its placeholder's canonical line. It is logged once and listed in
 * {@link #setAside()}; the class's checkpoints go on. Nothing here throws because of one record,
 * and one class's failure (a read error) neither stops {@link #start()} nor the other classes' ticks.
 */
public final class TraceIntegrity {
    private static final Logger LOG = LoggerFactory.getLogger(TraceIntegrity.class);
    private static final int READ_PAGE = 4096;

    private final TraceStore store;
    private final InstantSource clock;
    private final CheckpointSigner signer;
    private final Executor checkpointWriter;
    private final CheckpointPolicy policy;
    private final Map<ClassroomId, ClassLog> classes = new ConcurrentHashMap<>();

    public TraceIntegrity(TraceStore store, InstantSource clock, CheckpointSigner signer, Executor checkpointWriter,
                          CheckpointPolicy policy) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.checkpointWriter = Objects.requireNonNull(checkpointWriter, "checkpointWriter");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Per-class state. Tree fields are guarded by {@code this}; checkpoint saving by {@code saveLock}. */
    private static final class ClassLog {
        final ClassroomId id;
        final CompactRange tree = new CompactRange();
        /** Leaf hashes of events that arrived ahead of a gap, by index. */
        final TreeMap<Long, byte[]> ahead = new TreeMap<>();
        /** Set-aside records seen, by index. */
        final Map<Long, SetAsideRecord> setAside = new ConcurrentHashMap<>();
        /** Tree size of the last checkpoint issued (handed to the writer), or -1. */
        long issuedSize = -1;
        /** When the first event not covered by an issued checkpoint arrived, or null. */
        Instant uncoveredSince;
        volatile String fault;

        final Object saveLock = new Object();
        /** Guarded by saveLock: the newest checkpoint saved (or found in the store). */
        Checkpoint lastSaved;

        ClassLog(ClassroomId id) {
            this.id = id;
        }
    }

    // ------------------------------------------------------------------ start

    /**
     * Rebuilds every class's tree from the store (reading each log once) and checks each stored
     * checkpoint against the rebuilt roots. Blocking; call before traffic.
     */
    public void start() {
        for (ClassroomId c : store.classrooms()) {
            try {
                rebuild(c);
            } catch (RuntimeException e) {
                ClassLog log = state(c);
                setFault(log, "its stored log could not be read: " + e);
                LOG.error("trace log {} could not be rebuilt", c, e);
            }
        }
    }

    private ClassLog state(ClassroomId c) {
        return classes.computeIfAbsent(c, ClassLog::new);
    }

    private void rebuild(ClassroomId c) {
        ClassLog log = state(c);
        List<Checkpoint> stored = store.checkpoints(c);
        synchronized (log) {
            int next = 0;
            while (next < stored.size() && stored.get(next).treeSize() < log.tree.size()) {
                next++; // already passed (start() called twice)
            }
            next = checkStored(log, stored, next);
            while (true) {
                List<StoredRecord> page = store.records(c, log.tree.size(), READ_PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (StoredRecord r : page) {
                    TraceEvent e = r.event();
                    if (e.index() != log.tree.size()) {
                        setFault(log, "store returned index " + e.index() + " where " + log.tree.size() + " was expected");
                        return;
                    }
                    log.tree.append(leaf(log, r));
                    next = checkStored(log, stored, next);
                }
            }
            if (next < stored.size()) {
                setFault(log, "the log holds " + log.tree.size() + " events but checkpoint treeSize "
                        + stored.get(next).treeSize() + " was signed: events are missing");
            }
            if (!stored.isEmpty()) {
                Checkpoint last = stored.get(stored.size() - 1);
                log.issuedSize = Math.max(log.issuedSize, last.treeSize());
                synchronized (log.saveLock) {
                    if (log.lastSaved == null || log.lastSaved.treeSize() < last.treeSize()) {
                        log.lastSaved = last;
                    }
                }
            }
            if (log.tree.size() > log.issuedSize && log.uncoveredSince == null) {
                log.uncoveredSince = clock.instant();
            }
            drainAhead(log);
        }
        LOG.info("trace log {}: {} events, {} checkpoints{}{}", c, log.tree.size(), stored.size(),
                log.setAside.isEmpty() ? "" : ", " + log.setAside.size() + " set aside",
                log.fault == null ? "" : ", FAULT: " + log.fault);
    }

    /**
     * The leaf hash of a stored record: its event's canonical line (a set-aside record's is its
     * placeholder's). Notes a set-aside record, logging it the first time.
     */
    private byte[] leaf(ClassLog log, StoredRecord r) {
        TraceEvent e = r.event();
        StorableEvent.Canonical canonical = StorableEvent.canonical(e);
        byte[] line = canonical.line();
        String problem = r.problem();
        if (problem == null && e.kind() != TraceKind.RECORD_SET_ASIDE && canonical.problem() != null) {
            problem = "the store returned an event with no canonical form: " + canonical.problem();
        }
        if (problem != null || e.kind() == TraceKind.RECORD_SET_ASIDE) {
            noteSetAside(log, e.index(), line, problem == null ? "set aside by the store" : problem);
        }
        return MerkleTree.leafHash(line);
    }

    /**
     * The leaf of an event an append just returned: the store checked it before storing it
     * ({@code StorableEvent.refusal}: its canonical line encodes and parses back), so it is only
     * encoded here (issue J: the check was repeated on the writer's thread for every event). A
     * placeholder, or an event that does not encode after all, takes the full path of {@link #leaf}.
     */
    private byte[] appendedLeaf(ClassLog log, TraceEvent e) {
        if (e.kind() != TraceKind.RECORD_SET_ASIDE) {
            try {
                return MerkleTree.leafHash(CanonicalJson.event(e));
            } catch (IllegalArgumentException notCanonical) {
                // a store that did not check it: noted as set aside below
            }
        }
        return leaf(log, new StoredRecord(e, null));
    }

    private void noteSetAside(ClassLog log, long index, byte[] line, String problem) {
        String reason = "?";
        String sha = "?";
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) CanonicalJson.parse(line)).get("data");
            reason = String.valueOf(data.get("reason"));
            sha = String.valueOf(data.get("rawSha256"));
        } catch (NonCanonicalException | RuntimeException ignored) {
            // the placeholder is always canonical; keep the "?" if not
        }
        SetAsideRecord rec = new SetAsideRecord(log.id, index, reason, sha, problem);
        if (log.setAside.putIfAbsent(index, rec) == null) {
            LOG.warn("trace log {}: record {} set aside ({}): {}; the signed log holds a trace.set-aside placeholder"
                    + " in its place (raw sha256 {}), the stored record is kept as it is, checkpoints go on",
                    log.id, index, reason, problem, sha);
        }
    }

    /** Compares the stored checkpoints due at the current size with the current root. */
    private int checkStored(ClassLog log, List<Checkpoint> stored, int next) {
        while (next < stored.size() && stored.get(next).treeSize() == log.tree.size()) {
            Checkpoint cp = stored.get(next++);
            String root = MerkleTree.hex(log.tree.root());
            if (!root.equals(cp.rootHash())) {
                setFault(log, "stored checkpoint treeSize " + cp.treeSize() + " has root " + cp.rootHash()
                        + " but the stored events give " + root);
            } else if (cp.keyId().equals(signer.keyId()) && !CheckpointSigner.verify(cp, signer.publicKey())) {
                setFault(log, "stored checkpoint treeSize " + cp.treeSize() + " has an invalid signature");
            }
        }
        return next;
    }

    private void setFault(ClassLog log, String reason) {
        if (log.fault == null) {
            log.fault = reason;
            LOG.error("trace log {} is not what its checkpoints signed; no further checkpoints for it: {}",
                    log.id, reason);
        }
    }

    // ------------------------------------------------------------------ live

    /**
     * A {@link TraceLog} that appends to the store and then feeds {@link #onAppended}: the simplest
     * way to wire this in.
     */
    public TraceLog traceLog() {
        return events -> store.append(events).thenApply(stored -> {
            onAppended(stored);
            return stored;
        });
    }

    /**
     * Takes note of stored events (as {@link TraceStore#append} returned them, in index order per
     * class). Events already counted (a resent duplicate comes back with its original index) are
     * ignored; an event ahead of a gap waits until the gap is filled (by a later call or by
     * {@link #tick()} reading the store). Never blocks on I/O.
     */
    public void onAppended(List<TraceEvent> stored) {
        long start = System.nanoTime();
        Map<ClassroomId, List<TraceEvent>> byClass = new LinkedHashMap<>();
        for (TraceEvent e : stored) {
            byClass.computeIfAbsent(e.classroomId(), k -> new java.util.ArrayList<>()).add(e);
        }
        byClass.forEach((c, events) -> {
            ClassLog log = state(c);
            synchronized (log) {
                for (TraceEvent e : events) {
                    if (e.index() >= log.tree.size() && !log.ahead.containsKey(e.index())) {
                        log.ahead.put(e.index(), appendedLeaf(log, e));
                    }
                }
                drainAhead(log);
            }
        });
        StageTimes.since(Stage.TRACE_HASH, start);
    }

    /** Like {@link #onAppended}, for records read from the store. */
    private void onRead(ClassLog log, List<StoredRecord> records) {
        synchronized (log) {
            for (StoredRecord r : records) {
                long index = r.event().index();
                if (index >= log.tree.size() && !log.ahead.containsKey(index)) {
                    log.ahead.put(index, leaf(log, r));
                }
            }
            drainAhead(log);
        }
    }

    /** Appends the events waiting in {@code ahead} that are now next; issues count checkpoints. */
    private void drainAhead(ClassLog log) {
        while (!log.ahead.isEmpty() && log.ahead.firstKey() <= log.tree.size()) {
            Map.Entry<Long, byte[]> next = log.ahead.pollFirstEntry();
            if (next.getKey() < log.tree.size()) {
                continue;
            }
            log.tree.append(next.getValue());
            if (log.uncoveredSince == null) {
                log.uncoveredSince = clock.instant();
            }
            if (log.tree.size() - Math.max(0, log.issuedSize) >= policy.maxEvents()) {
                issue(log);
            }
        }
    }

    /**
     * Fills gaps from the store, then signs a checkpoint for every class whose first uncovered
     * event arrived {@code maxDelay} ago or more. Reads the store only for classes with a gap.
     */
    public void tick() {
        Instant now = clock.instant();
        for (ClassLog log : classes.values()) {
            try {
                fillGap(log);
            } catch (RuntimeException e) {
                LOG.error("trace log {}: reading its gap from the store failed; checkpointing what is known", log.id, e);
            }
            synchronized (log) {
                if (log.tree.size() > log.issuedSize && log.uncoveredSince != null
                        && !now.isBefore(log.uncoveredSince.plus(policy.maxDelay()))) {
                    issue(log);
                }
            }
        }
    }

    private void fillGap(ClassLog log) {
        long from;
        long until;
        synchronized (log) {
            if (log.ahead.isEmpty()) {
                return;
            }
            from = log.tree.size();
            until = log.ahead.firstKey();
        }
        catchUp(log, from, until);
    }

    /** Reads events [from, until) from the store (outside the class lock) and applies them. */
    private void catchUp(ClassLog log, long from, long until) {
        long at = from;
        while (at < until) {
            List<StoredRecord> page = store.records(log.id, at, (int) Math.min(READ_PAGE, until - at));
            if (page.isEmpty()) {
                return;
            }
            onRead(log, page);
            at = page.get(page.size() - 1).event().index() + 1;
        }
    }

    /** Snapshot the head under the class lock; sign and save on the writer. */
    private void issue(ClassLog log) {
        if (log.fault != null) {
            return;
        }
        long size = log.tree.size();
        byte[] root = log.tree.root();
        log.issuedSize = size;
        log.uncoveredSince = null;
        checkpointWriter.execute(() -> save(log, size, root));
    }

    /** issue L witnesses: called (on the checkpoint writer) with every checkpoint saved; must not block. */
    private volatile java.util.function.Consumer<Checkpoint> onSaved = cp -> { };

    /** issue L witnesses: {@code listener} hears of every new checkpoint once it is saved (e.g. to send it to witnesses). */
    public void onCheckpointSaved(java.util.function.Consumer<Checkpoint> listener) {
        this.onSaved = Objects.requireNonNull(listener, "listener");
    }

    private Checkpoint save(ClassLog log, long size, byte[] root) {
        synchronized (log.saveLock) {
            if (log.lastSaved != null && log.lastSaved.treeSize() >= size) {
                return log.lastSaved; // a later checkpoint (checkpointNow) got there first
            }
            Checkpoint cp = signer.sign(log.id, size, root, clock.instant());
            try {
                store.saveCheckpoint(cp);
            } catch (RuntimeException e) {
                LOG.error("could not save checkpoint treeSize {} of {}", size, log.id, e);
                throw e;
            }
            log.lastSaved = cp;
            try {
                onSaved.accept(cp);
            } catch (RuntimeException e) {
                LOG.error("the checkpoint listener failed for treeSize {} of {}", size, log.id, e);
            }
            return cp;
        }
    }

    /**
     * Brings the class's tree up to everything the store holds and returns a checkpoint covering
     * all of it: the newest saved one if it already does, else a new one (signed and saved before
     * this returns). Blocking; for export.
     *
     * @throws IllegalStateException if the class's stored log contradicts its own checkpoints
     */
    public Checkpoint checkpointNow(ClassroomId classroom) {
        ClassLog log = classes.get(classroom);
        if (log == null) {
            rebuild(classroom);
            log = state(classroom);
        }
        long storeSize = store.size(classroom);
        long from;
        synchronized (log) {
            from = log.tree.size();
        }
        catchUp(log, from, storeSize);
        long size;
        byte[] root;
        synchronized (log) {
            if (log.fault != null) {
                throw new IllegalStateException("trace log " + classroom + " is faulty: " + log.fault);
            }
            if (log.tree.size() < storeSize) {
                throw new IllegalStateException("trace log " + classroom + " has a gap the store did not fill");
            }
            size = log.tree.size();
            root = log.tree.root();
            if (size > log.issuedSize) {
                log.issuedSize = size;
                log.uncoveredSince = null;
            }
        }
        return save(log, size, root);
    }

    /**
     * The newest checkpoint saved for the class with this instance's key, if one is (the live
     * checkpoint a regulator saves; docs/trace-bundle.md §4.2). Never signs.
     */
    public Optional<Checkpoint> newestCheckpoint(ClassroomId classroom) {
        ClassLog log = classes.get(classroom);
        if (log != null) {
            synchronized (log.saveLock) {
                if (log.lastSaved != null && log.lastSaved.keyId().equals(signer.keyId())) {
                    return Optional.of(log.lastSaved);
                }
            }
        }
        return store.checkpoints(classroom).stream().filter(cp -> cp.keyId().equals(signer.keyId()))
                .max(java.util.Comparator.comparingLong(Checkpoint::treeSize));
    }

    /** Calls {@link #tick()} every {@code period} on {@code scheduler}; cancel the future to stop. */
    public ScheduledFuture<?> scheduleTicks(ScheduledExecutorService scheduler, Duration period) {
        long ms = Math.max(1, period.toMillis());
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.error("trace checkpoint tick failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The class's current tree head as far as this instance has seen, if it knows the class. */
    public Optional<TreeHead> head(ClassroomId classroom) {
        ClassLog log = classes.get(classroom);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            return Optional.of(new TreeHead(log.tree.size(), log.tree.root()));
        }
    }

    /** Every set-aside record seen so far, by class and index. */
    public List<SetAsideRecord> setAside() {
        List<SetAsideRecord> out = new java.util.ArrayList<>();
        for (ClassLog log : classes.values()) {
            out.addAll(new TreeMap<>(log.setAside).values());
        }
        out.sort(java.util.Comparator.comparing((SetAsideRecord r) -> r.classroom().value())
                .thenComparingLong(SetAsideRecord::index));
        return out;
    }

    /** Why the class's stored log is not what its checkpoints signed, if it is not. */
    public Optional<String> fault(ClassroomId classroom) {
        ClassLog log = classes.get(classroom);
        return log == null ? Optional.empty() : Optional.ofNullable(log.fault);
    }
}
