package org.wlcy.classroom.proctoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.BundleVerifier;
import org.wlcy.classroom.proctoring.integrity.CheckpointPolicy;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;
import org.wlcy.classroom.proctoring.integrity.TraceBundleExporter;
import org.wlcy.classroom.proctoring.integrity.TraceIntegrity;
import org.wlcy.classroom.proctoring.integrity.VerificationResult;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ProtocolCodec.DecodeException;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceRequest;
import org.wlcy.classroom.protocol.TraceMessages.ClientTraceEvent;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The trace path under arbitrary values, as a fuzz test (Jazzer) and a seeded random test: frames
 * decoded at the edge ({@link ProtocolCodec}) and appended as {@code ProctoringService} does
 * through {@link TraceIntegrity} into a {@link FileTraceStore}, records written into the store's
 * files past every check (as an older version or a damaged disk would leave them), and restarts.
 * Invariants:
 * <ul>
 *   <li>an append is acknowledged, or refused with {@link EventRefusedException} (nothing else), and
 *       every acknowledged event reads back unchanged after every restart;</li>
 *   <li>a restart (opening the store, rebuilding the Merkle log) never throws and never finds the
 *       log faulty; every placeholder the store reads is listed as set aside;</li>
 *   <li>the class's bundle, exported at the end, verifies with the offline verifier and holds
 *       every position of the log.</li>
 * </ul>
 *
 * <p>Input: frames separated by {@code '\n'}; a frame's first byte (mod 8) says what its rest is:
 * 0 a whole {@code trace.append} frame; 1 / 2 / 3 a JSON value put as an event's {@code clientTime},
 * a {@code data} value, or its {@code id}; 4 the bytes of a record written into the store's file;
 * 5 / 6 a JSON value put as {@code clientTime} / {@code recordedAt} of an otherwise valid record
 * written into the file; 7 a restart. Writing into the file restarts too.
 *
 * <p>Fuzz: {@code JAZZER_FUZZ=1 ./mvnw -o -pl proctoring test -Dtest='TracePathFuzzTest#appendPlantAndRestart'
 * -Dsurefire.failIfNoSpecifiedTests=false} (README "Tests").
 */
class TracePathFuzzTest {
    static final int MAX_FRAMES = 16;
    static final ClassroomId C = new ClassroomId("fuzz-class");
    static final UserId TRAINEE = new UserId("t01");
    static final long SEED = 20261130L;
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final CheckpointSigner SIGNER = signer();

    @FuzzTest(maxDuration = "5m")
    void appendPlantAndRestart(byte[] input) {
        check(input);
    }

    /** The same invariants on seeded random inputs of arbitrary JSON values, in every {@code mvn test}. */
    @Test
    void seededRandomValuesKeepTheTracePathWhole() {
        Random random = new Random(SEED);
        for (int round = 0; round < 30; round++) {
            byte[] input = randomInput(random);
            try {
                check(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("round " + round + " of seed " + SEED + ", input "
                        + new String(input, StandardCharsets.UTF_8), e);
            }
        }
    }

    /** Every hostile record of {@link StoreFiles#hostileRecords}, each between valid events. */
    @Test
    void everyHostileRecordIsSetAsideAndTheBundleVerifies() {
        try (World w = new World()) {
            w.run(1, "\"2026-11-30T08:00:00Z\"".getBytes(StandardCharsets.UTF_8));
            int n = StoreFiles.hostileRecords(C, 0, TRAINEE, Instant.EPOCH, "x").size();
            for (int i = 0; i < n; i++) {
                var hostile = StoreFiles.hostileRecords(C, w.store.size(C) - i, TRAINEE, w.clock.instant(), "t01/p-0")
                        .get(i);
                w.run(4, hostile.getValue());
                assertThat(w.setAsideSeen).as(hostile.getKey()).isEqualTo(i + 1);
                w.run(2, ("\"after " + hostile.getKey() + "\"").getBytes(StandardCharsets.UTF_8));
            }
            w.restart();
            w.checkBundle();
            assertThat(w.store.size(C)).isEqualTo(1 + 2L * n);
        }
    }

    static void check(byte[] input) {
        check(input, MAX_FRAMES);
    }

    static World check(byte[] input, int maxFrames) {
        try (World w = new World()) {
            int frames = 0;
            for (byte[] frame : split(input)) {
                if (frame.length == 0 || ++frames > maxFrames) {
                    continue;
                }
                w.run(frame[0] & 7, Arrays.copyOfRange(frame, 1, frame.length));
            }
            w.restart();
            w.checkBundle();
            return w;
        }
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                out.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** One store folder, its store and integrity, and what was acknowledged. */
    static final class World implements AutoCloseable {
        final Path dir;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
        final List<TraceEvent> acked = new ArrayList<>();
        FileTraceStore store;
        TraceIntegrity integrity;
        int seq;
        int setAsideSeen;

        World() {
            try {
                dir = Files.createTempDirectory("trace-fuzz-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            open();
        }

        private void open() {
            store = FileTraceStore.open(dir);
            integrity = new TraceIntegrity(store, clock, SIGNER, Runnable::run, new CheckpointPolicy(7,
                    Duration.ofSeconds(60)));
            integrity.start();
            assertThat(integrity.fault(C)).as("fault after a restart").isEmpty();
            List<StoredRecord> all = store.records(C, 0, Integer.MAX_VALUE);
            assertThat(all).extracting(r -> r.event().index())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, all.size()).boxed().toList());
            long placeholders = all.stream().filter(StoredRecord::setAside).count();
            assertThat(integrity.setAside()).as("set-aside records listed").hasSize((int) placeholders);
            setAsideSeen = (int) placeholders;
            for (TraceEvent e : acked) {
                assertThat(all.get((int) e.index()).event()).as("acknowledged event %s", e.eventId()).isEqualTo(e);
            }
        }

        void restart() {
            store.close();
            open();
        }

        void run(int mode, byte[] rest) {
            String text = new String(rest, StandardCharsets.UTF_8);
            String id = "\"p-" + (seq++) + "\"";
            switch (mode) {
                case 0 -> edge(text);
                case 1 -> edge(frame(id, text, "{}"));
                case 2 -> edge(frame(id, "null", "{\"k\":" + text + "}"));
                case 3 -> edge(frame(text, "null", "{}"));
                case 4 -> plant(rest);
                case 5 -> plant(record("\"2026-11-30T08:00:00Z\"", text));
                case 6 -> plant(record(text, "null"));
                default -> restart();
            }
            clock.advance(Duration.ofSeconds(20));
            integrity.tick();
        }

        private static String frame(String id, String clientTime, String data) {
            return "{\"type\":\"trace.append\",\"requestId\":\"r\",\"events\":[{\"id\":" + id
                    + ",\"kind\":\"focus.hidden\",\"clientTime\":" + clientTime + ",\"data\":" + data + "}]}";
        }

        private byte[] record(String recordedAt, String clientTime) {
            long index = store.size(C);
            return ("{\"index\":" + index + ",\"classroomId\":\"" + C.value() + "\",\"sessionId\":\"lesson-1\","
                    + "\"userId\":\"t01\",\"kind\":\"presence.heartbeat\",\"recordedAt\":" + recordedAt
                    + ",\"eventId\":\"t01/old-" + index + "\",\"clientTime\":" + clientTime + ",\"data\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Decodes a frame as the edge does and appends it as {@code ProctoringService} does. */
        private void edge(String frame) {
            ClientMessage m;
            try {
                m = CODEC.decode(frame);
            } catch (DecodeException e) {
                return;
            }
            if (!(m instanceof AppendTraceRequest req)) {
                return;
            }
            List<TraceEvent> events = new ArrayList<>();
            for (ClientTraceEvent e : req.events()) {
                events.add(new TraceEvent(-1, C, "lesson-1", TRAINEE, e.kind(), clock.instant(),
                        TRAINEE.value() + "/" + e.id(), e.clientTime(), e.data()));
            }
            try {
                acked.addAll(integrity.traceLog().append(events).toCompletableFuture().join());
            } catch (CompletionException e) {
                assertThat(e.getCause()).as("why %s was not stored", frame).isInstanceOf(EventRefusedException.class);
            }
        }

        private void plant(byte[] payload) {
            if (payload.length == 0 || payload.length > RecordFile.MAX_PAYLOAD) {
                return;
            }
            store.close();
            StoreFiles.appendRecord(dir, C, payload);
            open();
        }

        void checkBundle() {
            long size = store.size(C);
            if (size == 0) {
                return;
            }
            Path bundle = dir.resolve("bundle");
            try {
                new TraceBundleExporter(store, integrity, SIGNER, clock).export(C, Instant.EPOCH,
                        clock.instant().plusSeconds(1), bundle);
                VerificationResult result = new BundleVerifier(SIGNER.publicKey()).verify(bundle);
                assertThat(result.ok()).as(result.summary()).isTrue();
                assertThat(result.events()).isEqualTo(size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            store.close();
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ arbitrary JSON values

    static byte[] randomInput(Random r) {
        StringBuilder in = new StringBuilder();
        int frames = 1 + r.nextInt(MAX_FRAMES);
        for (int i = 0; i < frames; i++) {
            int mode = r.nextInt(8);
            in.append((char) mode);
            if (mode == 0) {
                in.append(Worlds.frame(r));
            } else if (mode == 4) {
                in.append(randomJson(r, 0));
            } else if (mode != 7) {
                in.append(r.nextInt(3) == 0 ? randomJson(r, 0) : randomTime(r));
            }
            in.append('\n');
        }
        return in.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whole frames around arbitrary values. */
    private static final class Worlds {
        static String frame(Random r) {
            StringBuilder events = new StringBuilder("[");
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    events.append(',');
                }
                String kind = TraceKind.values()[r.nextInt(TraceKind.values().length)].wire();
                events.append("{\"id\":").append(r.nextInt(4) == 0 ? randomJson(r, 1) : "\"f" + r.nextInt(50) + "\"")
                        .append(",\"kind\":\"").append(r.nextBoolean() ? "focus.blur" : kind)
                        .append("\",\"clientTime\":").append(r.nextBoolean() ? randomTime(r) : randomJson(r, 1))
                        .append(",\"data\":{\"").append(randomKey(r)).append("\":").append(randomJson(r, 1))
                        .append("}}");
            }
            return "{\"type\":\"trace.append\",\"requestId\":\"r" + r.nextInt(9) + "\",\"events\":" + events + "]}";
        }
    }

    static String randomTime(Random r) {
        String[] years = {"0000", "0001", "1970", "2026", "9999", "+10000", "-0001", "+999999999", "-1000000000",
                "10000", "202"};
        String year = years[r.nextInt(years.length)];
        String[] rests = {"-01-01T00:00:00Z", "-12-31T23:59:59.999999999Z", "-02-30T00:00:00Z", "-11-30T08:00:00.5Z",
                "-11-30T08:00:00+08:00", "-11-30T24:00:00Z", "-11-30"};
        return "\"" + year + rests[r.nextInt(rests.length)] + "\"";
    }

    private static String randomKey(Random r) {
        return r.nextInt(5) == 0 ? "" : "k" + r.nextInt(20);
    }

    /** An arbitrary JSON value (sometimes not JSON at all). */
    static String randomJson(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 6 : 8)) {
            case 0:
                return "null";
            case 1:
                return r.nextBoolean() ? "true" : "false";
            case 2: {
                String[] numbers = {"0", "-0", "1.5", "1e400", "-9223372036854775808", "9223372036854775808",
                        "123456789012345678901234567890", "01", String.valueOf(r.nextLong()), "NaN", "-"};
                return numbers[r.nextInt(numbers.length)];
            }
            case 3:
                return "\"" + randomString(r) + "\"";
            case 4:
                return randomTime(r);
            case 5: {
                String[] garbage = {"", "{", "]", "\"unterminated", "\\u0000", "{\"a\":1,\"a\":2}", "\u0000"};
                return garbage[r.nextInt(garbage.length)];
            }
            case 6: {
                StringBuilder o = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        o.append(',');
                    }
                    o.append('"').append(randomKey(r)).append("\":").append(randomJson(r, depth + 1));
                }
                return o.append('}').toString();
            }
            default: {
                StringBuilder a = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        a.append(',');
                    }
                    a.append(randomJson(r, depth + 1));
                }
                return a.append(']').toString();
            }
        }
    }

    /** String content: escapes of control characters, unpaired surrogates, NUL, text, very long runs. */
    static String randomString(Random r) {
        String[] pieces = {"a", "请假", "😀", "\\u0000", "\\ud800", "\\udc00x", "\\n", "\\\"", "\\\\", "\u2028", "/",
                "\\u001f", "\t", "x".repeat(300), "\\uDBFF\\uDFFF"};
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(pieces[r.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    private static CheckpointSigner signer() {
        try {
            return new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
