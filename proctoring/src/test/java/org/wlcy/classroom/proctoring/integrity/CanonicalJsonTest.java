package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class CanonicalJsonTest {
    private static final TraceEvent EVENT = new TraceEvent(41, new ClassroomId("wlcy-2026-11-sz01"), "lesson-3",
            new UserId("trainee-7"), TraceKind.VISIBILITY_VISIBLE, Instant.parse("2026-11-29T08:00:00.123456789Z"),
            "trainee-7/12", Instant.parse("2026-11-29T07:59:59.9Z"),
            Map.of("hiddenMs", 5230, "note", "切回课堂 \"ok\"\n\t\u0001/", "visible", true, "Z", -3L));

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void anEventHasExactlyOneCanonicalForm() {
        assertThat(text(CanonicalJson.event(EVENT))).isEqualTo("{\"classroomId\":\"wlcy-2026-11-sz01\","
                + "\"clientTime\":\"2026-11-29T07:59:59.900000Z\","
                + "\"data\":{\"Z\":-3,\"hiddenMs\":5230,\"note\":\"切回课堂 \\\"ok\\\"\\n\\t\\u0001/\",\"visible\":true},"
                + "\"eventId\":\"trainee-7/12\",\"index\":41,\"kind\":\"focus.visible\","
                + "\"recordedAt\":\"2026-11-29T08:00:00.123456Z\",\"sessionId\":\"lesson-3\",\"userId\":\"trainee-7\"}");
    }

    @Test
    void nullsAreWrittenAndTheEventReadsBack() throws Exception {
        TraceEvent e = new TraceEvent(0, new ClassroomId("c1"), null, new UserId("u"), TraceKind.JOINED,
                Instant.parse("2026-01-01T00:00:00Z"), "srv/1", null, null);
        byte[] bytes = CanonicalJson.event(e);
        assertThat(text(bytes)).isEqualTo("{\"classroomId\":\"c1\",\"clientTime\":null,\"data\":{},\"eventId\":\"srv/1\","
                + "\"index\":0,\"kind\":\"presence.joined\",\"recordedAt\":\"2026-01-01T00:00:00.000000Z\","
                + "\"sessionId\":null,\"userId\":\"u\"}");
        assertThat(CanonicalJson.parseEvent(bytes)).isEqualTo(e);
    }

    @Test
    void roundTripTruncatesToMicrosecondsAndIsThenStable() throws Exception {
        TraceEvent back = CanonicalJson.parseEvent(CanonicalJson.event(EVENT));
        assertThat(back.recordedAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00.123456Z"));
        assertThat(back.data()).isEqualTo(EVENT.data());
        assertThat(CanonicalJson.event(back)).isEqualTo(CanonicalJson.event(EVENT));
    }

    @Test
    void unpairedSurrogatesAreEscapedAndRoundTrip() throws Exception {
        String odd = "a\ud800b\udc00c\ud83d\ude00";
        byte[] bytes = CanonicalJson.write(Map.of("s", odd));
        assertThat(text(bytes)).isEqualTo("{\"s\":\"a\\ud800b\\udc00c\ud83d\ude00\"}");
        assertThat(CanonicalJson.parse(bytes)).isEqualTo(Map.of("s", odd));
    }

    @Test
    void keysSortByUtf16CodeUnits() {
        assertThat(text(CanonicalJson.write(Map.of("b", 1, "a", 2, "\u00e9", 3, "\ud83d\ude00", 4, "\uff61", 5, "B", 6))))
                .isEqualTo("{\"B\":6,\"a\":2,\"b\":1,\"\u00e9\":3,\"\ud83d\ude00\":4,\"\uff61\":5}");
    }

    @Test
    void everyNonCanonicalSpellingIsRefused() {
        String good = text(CanonicalJson.event(EVENT));
        assertThat(good).contains("\"index\":41");
        List<String> bad = List.of(
                good.replace(",", ", "),
                " " + good,
                good + " ",
                good + "\n",
                good.replace("\"index\":41", "\"index\":041"),
                good.replace("\"index\":41", "\"index\":41.0"),
                good.replace("\"index\":41", "\"index\":4.1e1"),
                good.replace("\"Z\":-3", "\"Z\":-3.0"),
                good.replace("/\",\"visible\"", "\\/\",\"visible\""),
                good.replace("\\u0001", "\\u0001".toUpperCase()),
                good.replace("\\n", "\\u000a"),
                good.replace("trainee-7/12", "trainee-\\u0037/12"),
                good.replace("{\"classroomId\":\"wlcy-2026-11-sz01\",", "{\"clientTime\":null,\"classroomId\":\"wlcy-2026-11-sz01\",")
                        .replace(",\"clientTime\":\"2026-11-29T07:59:59.900000Z\"", ""),
                good.replace("\"userId\":\"trainee-7\"}", "\"userId\":\"trainee-7\",\"userId\":\"trainee-7\"}"),
                good.replace("true", "True"),
                good.replace("08:00:00.123456Z", "08:00:00.123Z"),
                good.replace("08:00:00.123456Z", "08:00:00.123456+00:00"),
                good.replace("2026-11-29T08", "2026-11-31T08"));
        for (String s : bad) {
            assertThat(s).isNotEqualTo(good);
            assertThatThrownBy(() -> CanonicalJson.parseEvent(s.getBytes(StandardCharsets.UTF_8)))
                    .as(s).isInstanceOf(NonCanonicalException.class);
        }
    }

    @Test
    void invalidUtf8AndShapeErrorsAreRefused() {
        byte[] good = CanonicalJson.event(EVENT);
        byte[] broken = good.clone();
        int at = text(good).indexOf("切");
        broken[new String(good, StandardCharsets.UTF_8).substring(0, at).getBytes(StandardCharsets.UTF_8).length + 1] = 'x';
        assertThatThrownBy(() -> CanonicalJson.parse(broken)).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> CanonicalJson.parseEvent("{\"index\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> CanonicalJson.parseEvent(text(good).replace("focus.visible", "focus.nope")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown trace event kind");
        assertThatThrownBy(() -> CanonicalJson.parse("-0".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NonCanonicalException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("99999999999999999999".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("whole number");
    }

    @Test
    void checkpointsHaveACanonicalLineToo() throws Exception {
        Checkpoint cp = new Checkpoint(new ClassroomId("c1"), 3, "ab".repeat(32),
                Instant.parse("2026-11-29T08:01:00Z"), "0123456789abcdef", "A".repeat(86) + "==");
        byte[] line = CanonicalJson.checkpoint(cp);
        assertThat(text(line)).isEqualTo("{\"classroomId\":\"c1\",\"issuedAt\":\"2026-11-29T08:01:00.000000Z\","
                + "\"keyId\":\"0123456789abcdef\",\"rootHash\":\"" + "ab".repeat(32) + "\",\"signature\":\""
                + "A".repeat(86) + "==\",\"treeSize\":3}");
        assertThat(CanonicalJson.parseCheckpoint(line)).isEqualTo(cp);
        assertThatThrownBy(() -> CanonicalJson.parseCheckpoint(text(line).replace("ab".repeat(32), "AB".repeat(32)).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("rootHash");
    }

    @Test
    void instantsOutsideFourDigitYearsAreRefused() {
        assertThat(CanonicalJson.instant(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000000Z");
        assertThatThrownBy(() -> CanonicalJson.instant(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.instant(Instant.parse("-0001-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
