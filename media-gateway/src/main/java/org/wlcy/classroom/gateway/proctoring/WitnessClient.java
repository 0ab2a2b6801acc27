package org.wlcy.classroom.gateway.proctoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.proctoring.integrity.CheckpointNote;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;
import org.wlcy.classroom.proctoring.integrity.Cosignatures;
import org.wlcy.classroom.proctoring.integrity.CosignatureFile;
import org.wlcy.classroom.proctoring.integrity.TraceProofs;

/**
 * issue L witnesses: sends every new checkpoint to the configured witnesses with the C2SP
 * {@code tlog-witness} {@code add-checkpoint} call ({@code old <size>}, the RFC 6962 consistency
 * proof from that size, a blank line, the checkpoint as a signed note) and keeps the cosignatures
 * they return in a {@link CosignatureFile}. One thread per witness; nothing here blocks a class: a
 * slow or dead witness is retried with back-off (2, 4, … 60 s), only the newest checkpoint of each
 * class is sent (a witness needs no other), and the gauge {@code classroom_witness_lag} shows the
 * events not yet cosigned by the slowest witness. {@code docs/trace-bundle.md} §4.3.
 */
public final class WitnessClient implements Cosignatures, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessClient.class);
    private static final Pattern ENTRY = Pattern.compile("^(.+?)@(https?://\\S+)$");

    /** A witness: its verifier key (name, cosignature/v1 key) and its submission URL prefix. */
    public record Witness(CheckpointNote.VerifierKey key, URI submissionPrefix) {
        public String name() {
            return key.name();
        }

        URI addCheckpoint() {
            String p = submissionPrefix.toString();
            return URI.create(p + (p.endsWith("/") ? "" : "/") + "add-checkpoint");
        }

        /** Parses {@code trace.witnesses}: comma list of {@code <vkey>@<url>}; empty = none. */
        public static List<Witness> parseAll(String setting) {
            List<Witness> out = new ArrayList<>();
            for (String raw : setting.split(",")) {
                String e = raw.strip();
                if (e.isEmpty()) {
                    continue;
                }
                Matcher m = ENTRY.matcher(e);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + e + "' is not <vkey>@<http(s) URL>");
                }
                CheckpointNote.VerifierKey k;
                try {
                    k = CheckpointNote.VerifierKey.parse(m.group(1));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("'" + m.group(1) + "': " + ex.getMessage());
                }
                if (k.type() != CheckpointNote.COSIGNATURE_V1) {
                    throw new IllegalArgumentException("witness key " + k.name() + " has type 0x0" + k.type()
                            + ", a witness signs cosignature/v1 (type 0x04)");
                }
                if (out.stream().anyMatch(w -> w.name().equals(k.name()))) {
                    throw new IllegalArgumentException("witness " + k.name() + " is named twice");
                }
                out.add(new Witness(k, URI.create(m.group(2))));
            }
            return out;
        }
    }

    private final String originPrefix;
    private final CheckpointSigner signer;
    private final TraceProofs proofs;
    private final CosignatureFile file;
    private final Duration timeout;
    private final HttpClient http;
    private final List<Track> tracks = new ArrayList<>();
    /** The newest checkpoint of each class heard of. */
    private final Map<ClassroomId, Checkpoint> newest = new ConcurrentHashMap<>();

    public WitnessClient(List<Witness> witnesses, String originPrefix, CheckpointSigner signer, TraceProofs proofs,
                         CosignatureFile file, Duration timeout) {
        this.originPrefix = Objects.requireNonNull(originPrefix, "originPrefix");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.file = Objects.requireNonNull(file, "file");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        for (Witness w : witnesses) {
            tracks.add(new Track(w));
        }
    }

    @Override
    public String originPrefix() {
        return originPrefix;
    }

    /** The listener for {@code TraceIntegrity.onCheckpointSaved}: queues the checkpoint for every witness. */
    public void onCheckpoint(Checkpoint cp) {
        if (!cp.keyId().equals(signer.keyId())) {
            return;
        }
        newest.merge(cp.classroomId(), cp, (a, b) -> b.treeSize() > a.treeSize() ? b : a);
        for (Track t : tracks) {
            t.offer(cp);
        }
    }

    @Override
    public List<String> lines(Checkpoint cp) {
        List<String> out = new ArrayList<>();
        for (CosignatureFile.Entry e : file.of(cp.classroomId(), cp.treeSize(), cp.rootHash())) {
            if (tracks.stream().anyMatch(t -> t.witness.name().equals(e.witness())) && !out.contains(e.cosignature())) {
                out.add(e.cosignature());
            }
        }
        return out;
    }

    @Override
    public void awaitAnswers(Checkpoint cp) {
        long deadline = System.nanoTime() + timeout.toNanos() * 2;
        for (Track t : tracks) {
            t.await(cp, deadline);
        }
    }

    /**
     * Events of the classes' newest checkpoints that the slowest witness has not cosigned yet (summed
     * over classes); 0 with no witnesses. The gauge {@code classroom_witness_lag}.
     */
    public long lag() {
        long worst = 0;
        for (Track t : tracks) {
            long lag = 0;
            for (Checkpoint cp : newest.values()) {
                lag += Math.max(0, cp.treeSize() - file.newestSize(t.witness.name(), cp.classroomId()));
            }
            worst = Math.max(worst, lag);
        }
        return worst;
    }

    @Override
    public void close() {
        tracks.forEach(t -> t.exec.shutdownNow());
    }

    /** One witness: its thread, the checkpoints waiting for it, and what it last said. */
    private final class Track {
        final Witness witness;
        final ScheduledExecutorService exec;
        /** The newest checkpoint of each class not yet answered by this witness. */
        final Map<ClassroomId, Checkpoint> pending = new ConcurrentHashMap<>();
        /** Largest size per class this witness answered (cosigned or refused). Guarded by this. */
        final Map<ClassroomId, Long> answered = new ConcurrentHashMap<>();
        /** The witness's own size per class as its 409 answers told (else the cosignature file). */
        final Map<ClassroomId, Long> witnessSize = new ConcurrentHashMap<>();
        boolean scheduled;
        int failures;
        boolean down;

        Track(Witness witness) {
            this.witness = witness;
            this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "trace-witness-" + witness.name());
                th.setDaemon(true);
                return th;
            });
        }

        void offer(Checkpoint cp) {
            pending.merge(cp.classroomId(), cp, (a, b) -> b.treeSize() > a.treeSize() ? b : a);
            synchronized (this) {
                if (scheduled || failures > 0) {
                    return; // a drain is queued, or the retry timer will run one
                }
                scheduled = true;
            }
            exec.execute(this::drain);
        }

        void drain() {
            synchronized (this) {
                scheduled = false;
            }
            for (Checkpoint cp : List.copyOf(pending.values())) {
                boolean reached;
                try {
                    reached = submit(cp);
                } catch (RuntimeException e) {
                    LOG.error("witness {}: could not submit checkpoint treeSize {} of {}", witness.name(), cp.treeSize(),
                            cp.classroomId(), e);
                    reached = false;
                }
                if (!reached) {
                    retryLater();
                    return;
                }
                pending.remove(cp.classroomId(), cp);
                answer(cp);
            }
            synchronized (this) {
                if (down) {
                    LOG.info("witness {} answers again", witness.name());
                }
                down = false;
                failures = 0;
            }
        }

        private void retryLater() {
            long delay;
            synchronized (this) {
                failures++;
                if (!down) {
                    LOG.warn("witness {} is not answering; the classes go on, checkpoints wait for it (retrying)",
                            witness.name());
                }
                down = true;
                delay = Math.min(60, 1L << Math.min(failures, 6));
                notifyAll(); // an export waiting for this witness does not wait for a dead one
            }
            exec.schedule(this::drain, delay, TimeUnit.SECONDS);
        }

        private synchronized void answer(Checkpoint cp) {
            answered.merge(cp.classroomId(), cp.treeSize(), Math::max);
            notifyAll();
        }

        synchronized void await(Checkpoint cp, long deadline) {
            while (!down && answered.getOrDefault(cp.classroomId(), -1L) < cp.treeSize()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** One add-checkpoint exchange (with up to two 409 corrections); false if the witness was not reached. */
        private boolean submit(Checkpoint cp) {
            ClassroomId c = cp.classroomId();
            String note = signer.checkpointNote(originPrefix, cp);
            String body = CheckpointNote.body(originPrefix, cp);
            for (int attempt = 0; attempt < 3; attempt++) {
                long old = witnessSize.getOrDefault(c, file.newestSize(witness.name(), c));
                if (old > cp.treeSize()) {
                    LOG.error("witness {} has cosigned treeSize {} of {}, more than this server's newest checkpoint {}:"
                            + " this log was rolled back, or another server signs under its origin", witness.name(), old,
                            c, cp.treeSize());
                    return true;
                }
                StringBuilder req = new StringBuilder("old ").append(old).append('\n');
                if (old > 0 && old < cp.treeSize()) {
                    for (byte[] h : proofs.consistency(c, old, cp.treeSize()).proof().proof()) {
                        req.append(Base64.getEncoder().encodeToString(h)).append('\n');
                    }
                }
                req.append('\n').append(note);
                HttpResponse<String> r;
                try {
                    r = http.send(HttpRequest.newBuilder(witness.addCheckpoint()).timeout(timeout)
                            .POST(HttpRequest.BodyPublishers.ofString(req.toString(), StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    LOG.debug("witness {}: {}", witness.name(), e.toString());
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (r.statusCode() == 409 && r.headers().firstValue("Content-Type").orElse("").startsWith("text/x.tlog.size")
                        && r.body().matches("(0|[1-9][0-9]{0,18})\n")) {
                    witnessSize.put(c, Long.parseLong(r.body().strip()));
                    continue;
                }
                if (r.statusCode() == 200) {
                    keep(cp, body, r.body());
                    return true;
                }
                if (r.statusCode() >= 500) {
                    LOG.debug("witness {}: HTTP {}", witness.name(), r.statusCode());
                    return false;
                }
                LOG.error("witness {} refused checkpoint treeSize {} of {}: HTTP {} {}", witness.name(), cp.treeSize(), c,
                        r.statusCode(), r.body().strip());
                return true;
            }
            LOG.error("witness {} keeps answering 409 for {}", witness.name(), c);
            return true;
        }

        /** Keeps the witness's valid cosignatures of this checkpoint; ignores other keys' lines. */
        private void keep(Checkpoint cp, String body, String response) {
            int kept = 0;
            for (String line : response.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                CheckpointNote.SignatureLine sl;
                try {
                    sl = CheckpointNote.SignatureLine.parse(line);
                } catch (IllegalArgumentException e) {
                    LOG.warn("witness {} answered a line that is not a signature line: {}", witness.name(), e.getMessage());
                    continue;
                }
                if (CheckpointNote.verifyCosignature(witness.key(), body, sl).isPresent()) {
                    file.add(new CosignatureFile.Entry(cp.classroomId(), cp.treeSize(), cp.rootHash(), witness.name(),
                            sl.text()));
                    kept++;
                }
            }
            if (kept == 0) {
                LOG.error("witness {} answered 200 for treeSize {} of {} without a valid cosignature of its key",
                        witness.name(), cp.treeSize(), cp.classroomId());
            }
            witnessSize.put(cp.classroomId(), cp.treeSize());
        }
    }
}
