package org.wlcy.classroom.proctoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProtocolFuzzTest;
import org.wlcy.classroom.protocol.ProtocolSamples;
import org.wlcy.classroom.protocol.ProtocolWorld;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;

/**
 * The protocol fuzz world ({@link ProtocolFuzzTest}) with this module's handlers added: the
 * learning trace ({@code trace.append}), consent ({@code proctor.*}), sign-in and roll call
 * ({@code attendance.*}) and leave requests ({@code leave.*}), as {@code Gateway.start} wires them.
 * The same invariants hold after every frame: no exception escapes, every refusal is a coded error
 * (never 500), a refused frame reaches nobody else, and no recorded trace event holds a value out
 * of range ({@link ProtocolFuzzTest#assertNothingOutOfRange}). Seeds under
 * {@code ProctoringFuzzTestInputs/decodeAndDispatch/}: the module's samples and the hostile values
 * a third-party client sent (issue F).
 *
 * <p>Fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl proctoring -am test -Dtest=ProctoringFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m}.
 */
class ProctoringFuzzTest {
    /** The request types this module handles. */
    static final Set<String> TYPES = Set.of("trace.append", "proctor.consent", "attendance.signin",
            "attendance.rollcall", "leave.request", "leave.decide", "leave.list");
    private static final Path SEEDS = Path.of("src/test/resources/org/wlcy/classroom/proctoring/live/"
            + "ProctoringFuzzTestInputs/decodeAndDispatch");

    @FuzzTest(maxDuration = "5m")
    void decodeAndDispatch(byte[] input) {
        ProtocolFuzzTest.check(input, ProctoringFuzzTest::world);
    }

    /** A world with the proctoring handlers, on its trace, clock and ids. */
    static ProtocolWorld world() {
        return new ProtocolWorld(ProtocolFuzzTest.codec(), w -> {
            ProctoringService proctoring = new ProctoringService(w.trace, w.clock, w.ids, ProctorPolicy.defaults());
            LeaveService leaves = new LeaveService(w.trace, c -> List.copyOf(w.trace.events), Runnable::run,
                    AttendancePolicy.defaults(), w.clock, w.ids);
            return new ProtocolWorld.Extension() {
                @Override
                public List<ClassSessionListener> listeners() {
                    return List.of(proctoring);
                }

                @Override
                public void register(MessageRouter router, Classrooms classrooms) {
                    proctoring.register(router, classrooms);
                    leaves.register(router);
                }
            };
        });
    }

    private static byte[] input(int cfg, String frames) {
        byte[] f = frames.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[f.length + 1];
        out[0] = (byte) cfg;
        System.arraycopy(f, 0, out, 1, f.length);
        return out;
    }

    /** Every sample of this module's messages, by every kind of sender, joined or not, live or not. */
    @Test
    void everyProctoringSampleHoldsTheInvariantsForEverySender() {
        Map<String, ClientMessage> samples = ProtocolSamples.client();
        assertThat(samples.keySet()).containsAll(TYPES);
        for (String type : TYPES) {
            String frame = ProtocolFuzzTest.codec().encodeRequest(samples.get(type));
            for (int cfg = 0; cfg < 16; cfg++) {
                ProtocolFuzzTest.check(input(cfg, frame), ProctoringFuzzTest::world);
            }
        }
    }

    /** Every seed, replayed as a trainee and as a lecturer too (the fuzzer replays them as written). */
    @Test
    void everySeedHoldsTheInvariantsForTraineesAndLecturers() throws IOException {
        List<Path> seeds;
        try (Stream<Path> s = Files.list(SEEDS)) {
            seeds = s.sorted().toList();
        }
        assertThat(seeds).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.startsWith("hostile-")).anyMatch(n -> n.startsWith("seed-"));
        for (Path seed : seeds) {
            byte[] bytes = Files.readAllBytes(seed);
            for (int cfg : new int[] {0, 1}) {
                bytes[0] = (byte) cfg;
                ProtocolFuzzTest.check(bytes.clone(), ProctoringFuzzTest::world);
            }
        }
    }

    /** A sample of each of this module's types has its seed (written with {@code -Dfuzz.writeSeeds=true}). */
    @Test
    void everyProctoringSampleHasASeed() throws IOException {
        for (String type : TYPES) {
            Path seed = SEEDS.resolve("seed-" + type);
            if (Boolean.getBoolean("fuzz.writeSeeds")) {
                Files.createDirectories(SEEDS);
                Files.write(seed, input(1, ProtocolFuzzTest.codec().encodeRequest(ProtocolSamples.client().get(type))));
            }
            assertThat(seed).as("seed for %s", type).exists();
        }
    }
}
