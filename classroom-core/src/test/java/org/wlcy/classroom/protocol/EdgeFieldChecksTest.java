package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.ProtocolCodec.DecodeException;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceRequest;

/**
 * The edge's checks of every number, timestamp, date and text a client sends (issue F): the type
 * (a whole number is a JSON integer: not a string, a fraction, a boolean, nor beyond a long), the
 * range, and well-formed text. Each refusal is 103 with the request's id and the field named.
 */
class EdgeFieldChecksTest {
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String like(String count) {
        return j("{'type':'like.send','requestId':'r1','count':" + count + "}");
    }

    private static String leave(String hours, String forDate) {
        return j("{'type':'leave.request','requestId':'r1','hours':" + hours + ",'reason':'病假','forDate':" + forDate
                + "}");
    }

    private static String event(String kind, String clientTime, String data) {
        return j("{'type':'trace.append','requestId':'r1','events':[{'id':'e1','kind':'focus.blur'},{'id':'e2','kind':'"
                + kind + "'" + (clientTime == null ? "" : ",'clientTime':" + clientTime) + ",'data':" + data + "}]}");
    }

    private static String text(String type, String field, String value, String extra) {
        return j("{'type':'" + type + "','requestId':'r1','" + field + "':'" + value + "'" + extra + "}");
    }

    /** description, frame, the text the message must contain (the field's name). */
    static Stream<Arguments> hostile() {
        String lone = "\\ud800";
        return Stream.of(
                // ---- whole numbers: strings, fractions, booleans, beyond int and long, ranges
                arguments("like count as a string", like("'3'"), "count"),
                arguments("like count as a fraction", like("2.5"), "count"),
                arguments("like count as 3.0", like("3.0"), "count"),
                arguments("like count as an exponent", like("1e1"), "count"),
                arguments("like count true", like("true"), "count"),
                arguments("like count beyond int", like("3000000000"), "count"),
                arguments("like count beyond long", like("100000000000000000000"), "count"),
                arguments("like count infinite", like("1e400"), "count"),
                arguments("like count negative", like("-1"), "count"),
                arguments("like count empty string", like("''"), "count"),
                arguments("leave hours as a fraction", leave("2.5", "'2026-12-01'"), "hours"),
                arguments("leave hours as a string", leave("'2'", "'2026-12-01'"), "hours"),
                arguments("leave hours over a day", leave("25", "'2026-12-01'"), "hours"),
                arguments("leave hours beyond int", leave("4294967297", "'2026-12-01'"), "hours"),
                arguments("breakout groups as a string", j("{'type':'breakout.start','requestId':'r1','groups':'2',"
                        + "'mode':'random','minutes':10}"), "groups"),
                arguments("breakout minutes as a fraction", j("{'type':'breakout.start','requestId':'r1','groups':2,"
                        + "'mode':'random','minutes':1.5}"), "minutes"),
                arguments("breakout assignment index as a string", j("{'type':'breakout.start','requestId':'r1',"
                        + "'groups':2,'mode':'manual','assignment':{'t01':'0'},'minutes':5}"), "assignment"),
                arguments("breakout assignment index as a fraction", j("{'type':'breakout.start','requestId':'r1',"
                        + "'groups':2,'mode':'manual','assignment':{'t01':0.5},'minutes':5}"), "assignment"),
                arguments("breakout extend minutes as a string", j("{'type':'breakout.extend','requestId':'r1',"
                        + "'minutes':'5'}"), "minutes"),
                arguments("exercise seconds as a fraction", j("{'type':'exercise.start','requestId':'r1',"
                        + "'kind':'truefalse','prompt':'p','correct':[0],'seconds':60.5}"), "seconds"),
                arguments("exercise points as a string", j("{'type':'exercise.start','requestId':'r1',"
                        + "'kind':'truefalse','prompt':'p','correct':[0],'seconds':60,'points':'10'}"), "points"),
                arguments("exercise key as a fraction", j("{'type':'exercise.start','requestId':'r1',"
                        + "'kind':'single','prompt':'p','options':['a','b'],'correct':[0.0],'seconds':60}"), "correct"),
                arguments("exercise choice as a fraction", j("{'type':'exercise.answer','requestId':'r1',"
                        + "'exerciseId':'ex-1','choices':[0.5]}"), "choices"),
                arguments("exercise choice as a string", j("{'type':'exercise.answer','requestId':'r1',"
                        + "'exerciseId':'ex-1','choices':['0']}"), "choices"),
                arguments("exercise choice negative", j("{'type':'exercise.answer','requestId':'r1',"
                        + "'exerciseId':'ex-1','choices':[-1]}"), "choices"),
                arguments("exercise choice past the last option", j("{'type':'exercise.answer','requestId':'r1',"
                        + "'exerciseId':'ex-1','choices':[8]}"), "choices"),
                arguments("candidate m-line index as a fraction", j("{'type':'media.trickle','requestId':'r1',"
                        + "'target':'s-1','candidate':{'candidate':'c','sdpMLineIndex':0.5}}"), "sdpMLineIndex"),
                arguments("candidate m-line index negative", j("{'type':'media.trickle','requestId':'r1',"
                        + "'target':'s-1','candidate':{'candidate':'c','sdpMLineIndex':-1}}"), "sdpMLineIndex"),
                // ---- booleans and enums
                arguments("hand raised as 1", j("{'type':'hand.raise','requestId':'r1','raised':1}"), "raised"),
                arguments("consent granted as a string", j("{'type':'proctor.consent','requestId':'r1',"
                        + "'granted':'true','noticeVersion':'v1'}"), "granted"),
                arguments("chat audience as a number", j("{'type':'chat.send','requestId':'r1','text':'hi','to':0}"),
                        "to"),
                // ---- trace data: the fields the server reads, by kind
                arguments("audio level negative", event("proctor.audio", null, "{'muted':false,'level':-5}"),
                        "level"),
                arguments("audio level over 100", event("proctor.audio", null, "{'muted':false,'level':101}"),
                        "level"),
                arguments("audio level as a string", event("proctor.audio", null, "{'level':'35'}"), "level"),
                arguments("audio level as a fraction", event("proctor.audio", null, "{'level':35.5}"), "level"),
                arguments("audio muted as a string", event("proctor.audio", null, "{'muted':'no','level':3}"),
                        "muted"),
                arguments("hiddenMs -1e9", event("focus.visible", null, "{'hiddenMs':-1e9}"), "hiddenMs"),
                arguments("hiddenMs negative", event("focus.visible", null, "{'hiddenMs':-1000000000}"), "hiddenMs"),
                arguments("hiddenMs over a week", event("focus.visible", null, "{'hiddenMs':604800001}"), "hiddenMs"),
                arguments("hiddenMs beyond long", event("focus.visible", null, "{'hiddenMs':1e30}"), "hiddenMs"),
                arguments("blurredMs negative", event("focus.focus", null, "{'blurredMs':-1}"), "blurredMs"),
                arguments("heartbeat visible as a string", event("presence.heartbeat", null, "{'visible':'true'}"),
                        "visible"),
                arguments("an extra data number beyond 2^53", event("focus.hidden", null,
                        "{'n':9007199254740992}"), "events[].data.n"),
                arguments("an extra data number beyond long", event("focus.hidden", null,
                        "{'n':-9223372036854775809}"), "n"),
                arguments("a null data value", event("focus.hidden", null, "{'n':null}"), "null"),
                // ---- client timestamps
                arguments("clientTime in year 10000", event("focus.hidden", "'+10000-01-01T00:00:00Z'", "{}"),
                        "clientTime"),
                arguments("clientTime before 2000", event("focus.hidden", "'1999-12-31T23:59:59Z'", "{}"),
                        "clientTime"),
                arguments("clientTime in 2100", event("focus.hidden", "'2100-01-01T00:00:00Z'", "{}"), "clientTime"),
                arguments("clientTime as epoch seconds", event("focus.hidden", "1796198400", "{}"), "clientTime"),
                arguments("clientTime as epoch millis", event("focus.hidden", "1796198400000", "{}"), "clientTime"),
                arguments("clientTime not a date", event("focus.hidden", "'yesterday'", "{}"), "clientTime"),
                arguments("clientTime 30 February", event("focus.hidden", "'2026-02-30T08:00:00Z'", "{}"),
                        "clientTime"),
                arguments("clientTime without a zone", event("focus.hidden", "'2026-11-29T08:00:00'", "{}"),
                        "clientTime"),
                // ---- dates
                arguments("forDate 1900", leave("2", "'1900-01-01'"), "forDate"),
                arguments("forDate 30 February", leave("2", "'2026-02-30'"), "forDate"),
                arguments("forDate month 13", leave("2", "'2026-13-01'"), "forDate"),
                arguments("forDate year 9999", leave("2", "'9999-12-31'"), "forDate"),
                arguments("forDate as a number", leave("2", "20261201"), "forDate"),
                // ---- text: lone surrogates anywhere, and the limits stay
                arguments("chat with a lone high surrogate", text("chat.send", "text", lone, ",'to':'class'"), "text"),
                arguments("chat with a lone low surrogate", text("chat.send", "text", "a\\udc00b", ",'to':'class'"),
                        "text"),
                arguments("chat with a reversed pair", text("chat.send", "text", "\\ude00\\ud83d", ",'to':'class'"),
                        "text"),
                arguments("danmaku", text("danmaku.send", "text", "好" + lone, ""), "text"),
                arguments("question", text("qa.ask", "text", lone, ""), "text"),
                arguments("answer to a question", text("qa.mark", "answer", lone, ",'questionId':'q-1',"
                        + "'state':'answered'"), "answer"),
                arguments("broadcast", text("breakout.broadcast", "text", lone, ""), "text"),
                arguments("group notes", text("breakout.notes", "text", lone, ",'groupId':'g-1'"), "text"),
                arguments("group names", j("{'type':'breakout.start','requestId':'r1','groups':2,'mode':'random',"
                        + "'minutes':5,'names':['甲','" + lone + "']}"), "names[1]"),
                arguments("exercise prompt", j("{'type':'exercise.start','requestId':'r1','kind':'truefalse',"
                        + "'prompt':'" + lone + "','correct':[0],'seconds':60}"), "prompt"),
                arguments("exercise options", j("{'type':'exercise.start','requestId':'r1','kind':'single',"
                        + "'prompt':'p','options':['a','" + lone + "'],'correct':[0],'seconds':60}"), "options[1]"),
                arguments("text answer", j("{'type':'exercise.answer','requestId':'r1','exerciseId':'ex-1',"
                        + "'text':'" + lone + "'}"), "text"),
                arguments("leave reason", j("{'type':'leave.request','requestId':'r1','hours':2,'reason':'" + lone
                        + "','forDate':'2026-12-01'}"), "reason"),
                arguments("leave note", j("{'type':'leave.decide','requestId':'r1','leaveId':'lv-1','approved':true,"
                        + "'note':'" + lone + "'}"), "note"),
                arguments("consent notice version", text("proctor.consent", "noticeVersion", lone, ",'granted':true"),
                        "noticeVersion"),
                arguments("a user id", j("{'type':'speak.invite','requestId':'r1','userId':'t" + lone + "'}"),
                        "userId"),
                arguments("an event id", j("{'type':'trace.append','requestId':'r1','events':[{'id':'" + lone
                        + "','kind':'focus.blur'}]}"), "events[0].id"),
                arguments("a data string", event("focus.hidden", null, "{'note':'" + lone + "'}"),
                        "events[1].data.note"),
                arguments("a data key", event("focus.hidden", null, "{'k" + lone + "':1}"), "events[1].data"),
                arguments("an ignored property", j("{'type':'ping','requestId':'r1','extra':'" + lone + "'}"),
                        "extra"),
                arguments("an ice candidate", j("{'type':'media.trickle','requestId':'r1','target':'s-1',"
                        + "'candidate':{'candidate':'" + lone + "'}}"), "candidate"),
                arguments("chat still at most 500 characters", text("chat.send", "text", "字".repeat(501),
                        ",'to':'class'"), "text"),
                arguments("danmaku still one line", text("danmaku.send", "text", "a\\nb", ""), "text"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostile")
    void isRefusedWithTheRequestIdAndTheFieldNamed(String what, String frame, String field) {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> CODEC.decode(frame));

        assertThat(e).as("%s must be refused: %s", what, frame).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(e.getMessage()).as("the message names the field").contains(field);
    }

    /** What real pages send keeps passing. */
    static Stream<Arguments> whatPagesSend() {
        return Stream.of(
                arguments(like("10")),
                arguments(leave("4", "'2026-12-01'")),
                arguments(leave("1", "'2028-02-29'")),
                arguments(event("proctor.audio", "'2026-11-29T08:10:00.500Z'", "{'muted':false,'level':0}")),
                arguments(event("proctor.audio", "'2026-11-29T08:10:00.500Z'", "{'muted':false,'level':100,"
                        + "'measured':false}")),
                arguments(event("focus.visible", "'2026-11-29T08:10:42.100Z'", "{'hiddenMs':41600,'atLoad':true}")),
                arguments(event("focus.visible", "'2026-11-29T08:10:42.100Z'", "{'hiddenMs':604800000}")),
                arguments(event("focus.focus", "'2000-01-01T00:00:00Z'", "{'blurredMs':0}")),
                arguments(event("presence.heartbeat", "'2099-12-31T23:59:59.999Z'", "{'visible':true}")),
                arguments(event("focus.hidden", "'2026-11-29T16:10:00+08:00'", "{}")),
                arguments(event("focus.hidden", null, "{'tz':-480,'page':'lesson','n':9007199254740991}")),
                arguments(j("{'type':'chat.send','requestId':'r1','text':'讲得好😀👍🏽','to':'class'}")),
                arguments(j("{'type':'danmaku.send','requestId':'r1','text':'\\ud83d\\ude00'}")),
                arguments(j("{'type':'media.trickle','requestId':'r1','target':'s-1',"
                        + "'candidate':{'candidate':'c','sdpMid':'0','sdpMLineIndex':0}}")));
    }

    @ParameterizedTest
    @MethodSource("whatPagesSend")
    void whatPagesSendIsAccepted(String frame) {
        assertThat(CODEC.decode(frame).requestId()).isEqualTo("r1");
    }

    @Test
    void anOfflineResendKeepsItsOriginalClientTime() {
        AppendTraceRequest m = (AppendTraceRequest) CODEC.decode(event("focus.hidden", "'2026-11-20T08:00:00Z'", "{}"));

        assertThat(m.events().get(1).clientTime()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
    }

    /** A request id that is not valid text cannot be echoed back: the error has none. */
    @ParameterizedTest
    @ValueSource(strings = {"{'type':'ping','requestId':'r\\ud800'}"})
    void aBrokenRequestIdIsLeftOut(String frame) {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> CODEC.decode(j(frame)));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.requestId()).isNull();
    }
}
