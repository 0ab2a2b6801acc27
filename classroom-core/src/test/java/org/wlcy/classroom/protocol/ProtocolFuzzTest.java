package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.protocol.ProtocolCodec.DecodeException;
import org.wlcy.classroom.testing.RecordingParticipantChannel;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Coverage-guided fuzzing (Jazzer) of what a connection's text frames reach: {@link ProtocolCodec#decode}
 * and dispatch through the {@link MessageRouter} into the classes and every core handler
 * ({@link ProtocolWorld}). Invariants, checked after every frame:
 * <ul>
 *   <li>no exception escapes the codec other than a coded {@link DecodeException}
 *       (100 / 101 / 103), and none escapes a handler onto the lane (no 500 INTERNAL);</li>
 *   <li>every decoded request gets exactly one reply carrying its {@code requestId}
 *       (its {@code .ok} or a coded error);</li>
 *   <li>a refused frame (undecodable, or answered with an error) sends nothing to the other
 *       participants of the class;</li>
 *   <li>nothing out of range reaches the trace: every recorded event's {@code clientTime} is in
 *       the window, its text well-formed, its numbers JavaScript-safe, a page's data within its
 *       kind's ranges, a leave's hours and day valid ({@link #assertNothingOutOfRange}).</li>
 * </ul>
 *
 * <p>Input: the first byte chooses the sender (bits 0-1: lecturer, trainee, regulator, admin; bit 2
 * set: not joined; bit 3 set: no live lesson); the rest is up to {@link #MAX_FRAMES} frames of
 * UTF-8 separated by {@code '\n'}. An empty frame is not sent: it moves the clock 20 s on and
 * runs the timers that fall due (exercise deadlines and tallies, breakout ends, like windows). The class also has a lecturer, a trainee and a regulator
 * listening. Seeds ({@code ProtocolFuzzTestInputs/decodeAndDispatch/}) are every
 * {@link ProtocolSamples#client()} message, checked by {@link #everySampleHasASeed()}; crash inputs
 * the fuzzer finds are kept there too and replayed by every {@code mvn test}.
 *
 * <p>Fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl classroom-core -am test -Dtest=ProtocolFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m} (see README "Tests").
 */
public class ProtocolFuzzTest {
    static final int MAX_FRAMES = 16;
    private static final Path SEEDS = Path.of("src/test/resources/org/wlcy/classroom/protocol/ProtocolFuzzTestInputs/"
            + "decodeAndDispatch");
    private static final Set<ErrorCode> DECODE_CODES = EnumSet.of(ErrorCode.MALFORMED, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.INVALID_FIELD);
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    @FuzzTest(maxDuration = "5m")
    void decodeAndDispatch(byte[] input) {
        check(input);
    }

    /** Every sample, by every kind of sender, joined or not, live or not: the seeds, replayed without Jazzer. */
    @Test
    void everySampleHoldsTheInvariantsForEverySender() {
        for (ClientMessage m : ProtocolSamples.client().values()) {
            byte[] frame = CODEC.encodeRequest(m).getBytes(StandardCharsets.UTF_8);
            for (int cfg = 0; cfg < 16; cfg++) {
                check(input(cfg, frame));
            }
        }
    }

    /**
     * Every sample has its seed file, so the fuzzer starts from every message type. Run with
     * {@code -Dfuzz.writeSeeds=true} to write missing seeds after adding a message type.
     */
    @Test
    void everySampleHasASeed() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, ClientMessage> e : ProtocolSamples.client().entrySet()) {
            Path seed = SEEDS.resolve("seed-" + e.getKey());
            byte[] expected = input(0, CODEC.encodeRequest(e.getValue()).getBytes(StandardCharsets.UTF_8));
            if (Boolean.getBoolean("fuzz.writeSeeds")) {
                Files.createDirectories(SEEDS);
                Files.write(seed, expected);
            }
            if (!Files.exists(seed)) {
                missing.add(e.getKey());
            }
        }
        assertThat(missing).as("seed files missing under %s; run this test with -Dfuzz.writeSeeds=true", SEEDS)
                .isEmpty();
    }

    static byte[] input(int cfg, byte[] frames) {
        byte[] out = new byte[frames.length + 1];
        out[0] = (byte) cfg;
        System.arraycopy(frames, 0, out, 1, frames.length);
        return out;
    }

    /** Runs one input and checks the invariants; an {@link AssertionError} or any exception is a finding. */
    static void check(byte[] input) {
        check(input, () -> new ProtocolWorld(CODEC));
    }

    /** The same, in a world with another module's handlers ({@link ProtocolWorld.Extension}). */
    public static void check(byte[] input, java.util.function.Supplier<ProtocolWorld> world) {
        if (input.length == 0) {
            return;
        }
        int cfg = input[0] & 0xff;
        Role role = Role.values()[cfg & 3];
        boolean joined = (cfg & 4) == 0;
        boolean live = (cfg & 8) == 0;
        ProtocolWorld w = world.get();
        TestClient lecturer = w.joined(w.people.lecturer("l01"), ProtocolWorld.CLASS);
        if (live) {
            w.startLesson(lecturer);
        }
        TestClient trainee = w.joined(w.people.trainee("t01"), ProtocolWorld.CLASS);
        TestClient regulator = w.joined(w.people.regulator("g01"), ProtocolWorld.CLASS);
        Identity who = switch (role) {
            case LECTURER -> w.people.lecturer("l02");
            case TRAINEE -> w.people.trainee("t02");
            case REGULATOR -> w.people.regulator("g02");
            case ADMIN -> w.people.admin("a01");
        };
        TestClient sender = joined ? w.joined(who, ProtocolWorld.CLASS) : TestClient.of(who);
        List<TestClient> others = List.of(lecturer, trainee, regulator);
        int traced = 0;
        for (String frame : frames(input)) {
            if (frame.isEmpty()) {
                w.scheduler.advance(java.time.Duration.ofSeconds(20));
                assertThat(w.laneErrors).as("exceptions escaping timers").isEmpty();
                continue;
            }
            int[] before = others.stream().mapToInt(c -> everything(c.channel()).size()).toArray();
            int senderBefore = everything(sender.channel()).size();
            ClientMessage message;
            try {
                message = CODEC.decode(frame);
            } catch (DecodeException e) {
                assertThat(DECODE_CODES).as("code of a refused frame %s", frame).contains(e.code());
                assertUnchanged(others, before, frame);
                continue;
            }
            w.router.route(sender.connection(), message);
            assertThat(w.laneErrors).as("exceptions escaping handlers for %s", frame).isEmpty();
            List<ServerMessage> sent = everything(sender.channel());
            List<ServerMessage> replies = sent.subList(senderBefore, sent.size()).stream()
                    .filter(m -> message.requestId().equals(
                            RecordingParticipantChannel.requestIdOf(m).orElse(null)))
                    .toList();
            assertThat(replies).as("replies to %s", frame).hasSize(1);
            if (replies.get(0) instanceof ErrorResponse error) {
                assertThat(error.code()).as("error code for %s", frame).isNotEqualTo(ErrorCode.INTERNAL.code());
                assertUnchanged(others, before, frame);
            }
            assertNothingOutOfRange(w.trace.events.subList(traced, w.trace.events.size()), frame);
            traced = w.trace.events.size();
        }
    }

    /** The protocol's codec, for siblings in other modules. */
    public static ProtocolCodec codec() {
        return CODEC;
    }

    /**
     * No recorded trace event holds a value out of range: a {@code clientTime} outside the window,
     * text with a lone surrogate, a number beyond 2^53, a page's data outside its kind's ranges,
     * a leave's hours or day that {@code leave.request} refuses.
     */
    public static void assertNothingOutOfRange(List<TraceEvent> events, String frame) {
        for (TraceEvent e : events) {
            assertThat(e.clientTime() == null || WireValues.inWindow(e.clientTime()))
                    .as("clientTime of %s after %s", e, frame).isTrue();
            e.data().forEach((k, v) -> {
                if (v instanceof String s) {
                    assertThat(WireValues.wellFormed(s)).as("text %s of %s after %s", k, e, frame).isTrue();
                } else if (v instanceof Long n) {
                    assertThat(Math.abs(n)).as("number %s of %s after %s", k, e, frame)
                            .isBetween(0L, WireValues.MAX_SAFE_INTEGER);
                }
            });
            if (TraceMessages.CLIENT_KINDS.contains(e.kind())) {
                ClientTraceData.check(e.kind(), e.data()); // throws, naming the field, if out of range
            }
            if (e.kind() == TraceKind.LEAVE_REQUESTED) {
                assertThat(e.data().get("hours")).as("hours of %s after %s", e, frame).isInstanceOf(Long.class);
                assertThat((Long) e.data().get("hours")).isBetween(1L, (long) AttendanceMessages.MAX_LEAVE_HOURS);
                LocalDate day = LocalDate.parse((String) e.data().get("forDate"));
                assertThat(WireValues.inWindow(day)).as("forDate of %s after %s", e, frame).isTrue();
            }
        }
    }

    private static void assertUnchanged(List<TestClient> others, int[] before, String frame) {
        for (int i = 0; i < others.size(); i++) {
            List<ServerMessage> got = everything(others.get(i).channel());
            assertThat(got.subList(before[i], got.size()))
                    .as("what %s received because of the refused frame %s", others.get(i), frame).isEmpty();
        }
    }

    private static List<ServerMessage> everything(RecordingParticipantChannel channel) {
        List<ServerMessage> all = new ArrayList<>(channel.messages());
        all.addAll(channel.droppedAfterClose());
        return all;
    }

    private static List<String> frames(byte[] input) {
        List<String> out = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= input.length && out.size() < MAX_FRAMES; i++) {
            if (i == input.length || input[i] == '\n') {
                out.add(new String(input, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }
}
