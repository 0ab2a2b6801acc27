package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.protocol.ProtocolCodec.DecodeException;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ObjectMapper plain = new ObjectMapper();

    /** Writes JSON with single quotes for readability. */
    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private DecodeException rejected(String frame) {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> codec.decode(frame));
        assertThat(e).as("decoding %s must fail", frame).isNotNull();
        return e;
    }

    private JsonNode tree(String json) {
        try {
            return plain.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    // ------------------------------------------------------------------ client messages

    @Nested
    class ClientMessages {
        @Test
        void thereIsASampleOfEveryClientType() {
            assertThat(ProtocolSamples.client().keySet()).isEqualTo(MessageTypes.client().keySet());
        }

        static Stream<Arguments> clientSamples() {
            return ProtocolSamples.client().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("clientSamples")
        void roundTrip(String type, ClientMessage message) {
            String frame = codec.encodeRequest(message);

            assertThat(tree(frame).get("type").asText()).isEqualTo(type);
            assertThat(tree(frame).get("requestId").asText()).isEqualTo(message.requestId());
            assertThat(codec.decode(frame)).isEqualTo(message);
        }

        static Stream<ClientMessage> clientEdgeCases() {
            return ProtocolSamples.clientEdgeCases().stream();
        }

        @ParameterizedTest
        @MethodSource("clientEdgeCases")
        void edgeValuesRoundTrip(ClientMessage message) {
            assertThat(codec.decode(codec.encodeRequest(message))).isEqualTo(message);
        }

        @Test
        void wireValuesAreLowerCaseNames() {
            JsonNode publish = tree(codec.encodeRequest(ProtocolSamples.client().get("media.publish")));
            assertThat(publish.get("kind").asText()).isEqualTo("screen");
            assertThat(codec.decode(j("{'type':'media.publish','requestId':'r','kind':'camera','sdp':'v=0'}")))
                    .isEqualTo(new MediaMessages.PublishRequest("r", org.wlcy.classroom.stream.StreamKind.CAMERA,
                            "v=0"));
        }

        @Test
        void unknownPropertiesAreIgnored() {
            ClientMessage m = codec.decode(j("{'type':'ping','requestId':'r1','future':{'a':[1,2]},'v':2}"));

            assertThat(m).isEqualTo(new PingMessages.PingRequest("r1"));
        }

        @Test
        void aBrowsersCandidateWithUsernameFragmentAndNullIndexIsAccepted() {
            ClientMessage m = codec.decode(j("{'type':'media.trickle','requestId':'r1','target':'s-5','candidate':"
                    + "{'candidate':'candidate:1 1 udp 1 127.0.0.2 5 typ host','sdpMid':'0','sdpMLineIndex':null,"
                    + "'usernameFragment':'abcd'}}"));

            assertThat(m).isEqualTo(new MediaMessages.TrickleRequest("r1", "s-5",
                    new IceCandidate("candidate:1 1 udp 1 127.0.0.2 5 typ host", "0", null)));
        }

        @Test
        void aNullCandidateEndsTheCandidates() {
            assertThat(codec.decode(j("{'type':'media.trickle','requestId':'r1','target':'s-5','candidate':null}")))
                    .isEqualTo(new MediaMessages.TrickleRequest("r1", "s-5", null));
            assertThat(codec.decode(j("{'type':'media.trickle','requestId':'r1','target':'s-5'}")))
                    .isEqualTo(new MediaMessages.TrickleRequest("r1", "s-5", null));
        }
    }

    // ------------------------------------------------------------------ rejects

    @Nested
    class InvalidFields {
        private static final String LONG_65 = "x".repeat(65);

        /** type, frame, expected code, expected requestId in the error, text the message must name. */
        static Stream<Arguments> invalid() {
            return Stream.of(
                    arguments("class.join", j("{'type':'class.join','classroomId':'demo-class'}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1'}"),
                            ErrorCode.INVALID_FIELD, "r1", "classroomId"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1','classroomId':'demo class!'}"),
                            ErrorCode.INVALID_FIELD, "r1", "classroomId"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1','classroomId':'" + "c".repeat(65)
                            + "'}"), ErrorCode.INVALID_FIELD, "r1", "classroomId"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1','classroomId':{'v':'x'}}"),
                            ErrorCode.INVALID_FIELD, "r1", "classroomId"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1','classroomId':'c1',"
                            + "'resumeToken':''}"), ErrorCode.INVALID_FIELD, "r1", "resumeToken"),
                    arguments("class.join", j("{'type':'class.join','requestId':'r1','classroomId':'c1',"
                            + "'resumeToken':'" + "t".repeat(65) + "'}"), ErrorCode.INVALID_FIELD, "r1", "resumeToken"),
                    arguments("class.leave", j("{'type':'class.leave','requestId':''}"),
                            ErrorCode.INVALID_FIELD, "", "requestId"),
                    arguments("class.leave", j("{'type':'class.leave','requestId':'" + LONG_65 + "'}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("session.start", j("{'type':'session.start','requestId':{'id':1}}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("session.start", j("{'type':'session.start','requestId':['r1']}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("session.end", j("{'type':'session.end','requestId':null}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'microphone',"
                            + "'sdp':'v=0'}"), ErrorCode.INVALID_FIELD, "r4", "kind"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'CAMERA',"
                            + "'sdp':'v=0'}"), ErrorCode.INVALID_FIELD, "r4", "kind"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','sdp':'v=0'}"),
                            ErrorCode.INVALID_FIELD, "r4", "kind"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'camera'}"),
                            ErrorCode.INVALID_FIELD, "r4", "sdp"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'camera',"
                            + "'sdp':'   '}"), ErrorCode.INVALID_FIELD, "r4", "sdp"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'camera','sdp':'"
                            + "v".repeat(60 * 1024 + 1) + "'}"), ErrorCode.INVALID_FIELD, "r4", "sdp"),
                    arguments("media.publish", j("{'type':'media.publish','requestId':'r4','kind':'camera',"
                            + "'sdp':['v=0']}"), ErrorCode.INVALID_FIELD, "r4", "sdp"),
                    arguments("media.unpublish", j("{'type':'media.unpublish','requestId':'r5'}"),
                            ErrorCode.INVALID_FIELD, "r5", "streamId"),
                    arguments("media.unpublish", j("{'type':'media.unpublish','requestId':'r5','streamId':'"
                            + LONG_65 + "'}"), ErrorCode.INVALID_FIELD, "r5", "streamId"),
                    arguments("media.subscribe", j("{'type':'media.subscribe','requestId':'r6','streamId':{}}"),
                            ErrorCode.INVALID_FIELD, "r6", "streamId"),
                    arguments("media.subscribe", j("{'type':'media.subscribe','requestId':'r6','streamId':''}"),
                            ErrorCode.INVALID_FIELD, "r6", "streamId"),
                    arguments("media.answer", j("{'type':'media.answer','requestId':'r7','sdp':'v=0'}"),
                            ErrorCode.INVALID_FIELD, "r7", "subscriptionId"),
                    arguments("media.answer", j("{'type':'media.answer','requestId':'r7','subscriptionId':'sub-8'}"),
                            ErrorCode.INVALID_FIELD, "r7", "sdp"),
                    arguments("media.unsubscribe", j("{'type':'media.unsubscribe','requestId':'r8',"
                            + "'subscriptionId':''}"), ErrorCode.INVALID_FIELD, "r8", "subscriptionId"),
                    arguments("media.trickle", j("{'type':'media.trickle','requestId':'r10','candidate':null}"),
                            ErrorCode.INVALID_FIELD, "r10", "target"),
                    arguments("media.trickle", j("{'type':'media.trickle','requestId':'r10','target':'" + LONG_65
                            + "','candidate':null}"), ErrorCode.INVALID_FIELD, "r10", "target"),
                    arguments("media.trickle", j("{'type':'media.trickle','requestId':'r10','target':'s-5',"
                            + "'candidate':{'candidate':'" + "c".repeat(1025) + "'}}"),
                            ErrorCode.INVALID_FIELD, "r10", "candidate"),
                    arguments("media.trickle", j("{'type':'media.trickle','requestId':'r10','target':'s-5',"
                            + "'candidate':'candidate:1 1 udp 1 1.2.3.4 5 typ host'}"),
                            ErrorCode.INVALID_FIELD, "r10", "candidate"),
                    arguments("media.trickle", j("{'type':'media.trickle','requestId':'r10','target':'s-5',"
                            + "'candidate':{'candidate':'c','sdpMLineIndex':'zero'}}"),
                            ErrorCode.INVALID_FIELD, "r10", "sdpMLineIndex"),
                    arguments("ping", j("{'type':'ping'}"), ErrorCode.INVALID_FIELD, null, "requestId"),
                    arguments("ping", j("{'type':'ping','requestId':{}}"), ErrorCode.INVALID_FIELD, null,
                            "requestId"),
                    arguments("trace.append", j("{'type':'trace.append','requestId':'r20','events':[]}"),
                            ErrorCode.INVALID_FIELD, "r20", "events"),
                    arguments("trace.append", j("{'type':'trace.append','requestId':'r20','events':[{'id':'a',"
                            + "'kind':'attendance.sign-in'}]}"), ErrorCode.INVALID_FIELD, "r20", "recorded by the server"),
                    arguments("trace.append", j("{'type':'trace.append','requestId':'r20','events':[{'id':'a',"
                            + "'kind':'focus.hidden','data':{'x':{'nested':1}}}]}"), ErrorCode.INVALID_FIELD, "r20",
                            "data"),
                    arguments("proctor.consent", j("{'type':'proctor.consent','requestId':'r21','noticeVersion':'1'}"),
                            ErrorCode.INVALID_FIELD, "r21", "granted"),
                    arguments("attendance.signin", j("{'type':'attendance.signin','requestId':'r22','method':'qr'}"),
                            ErrorCode.INVALID_FIELD, "r22", "method"),
                    arguments("attendance.rollcall", j("{'type':'attendance.rollcall','requestId':'r23',"
                            + "'present':true}"), ErrorCode.INVALID_FIELD, "r23", "userId"),
                    arguments("leave.request", j("{'type':'leave.request','requestId':'r24',"
                            + "'hours':0,'reason':'x','forDate':'2026-12-01'}"), ErrorCode.INVALID_FIELD, "r24", "hours"),
                    arguments("leave.request", j("{'type':'leave.request','requestId':'r24',"
                            + "'hours':2,'reason':'x','forDate':'1 Dec'}"), ErrorCode.INVALID_FIELD, "r24", "forDate"),
                    arguments("leave.decide", j("{'type':'leave.decide','requestId':'r25',"
                            + "'leaveId':'lv-3'}"), ErrorCode.INVALID_FIELD, "r25", "approved"),
                    arguments("leave.list", j("{'type':'leave.list'}"), ErrorCode.INVALID_FIELD, null,
                            "requestId"),
                    arguments("qa.ask", j("{'type':'qa.ask','requestId':'r30','text':'  '}"),
                            ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("qa.ask", j("{'type':'qa.ask','requestId':'r30','text':'" + "问".repeat(501) + "'}"),
                            ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("qa.vote", j("{'type':'qa.vote','requestId':'r31','questionId':'q-7'}"),
                            ErrorCode.INVALID_FIELD, "r31", "up"),
                    arguments("qa.vote", j("{'type':'qa.vote','requestId':'r31','up':true}"),
                            ErrorCode.INVALID_FIELD, "r31", "questionId"),
                    arguments("qa.mark", j("{'type':'qa.mark','requestId':'r32','questionId':'q-7','state':'open'}"),
                            ErrorCode.INVALID_FIELD, "r32", "state"),
                    arguments("qa.mark", j("{'type':'qa.mark','requestId':'r32','questionId':'q-7','state':'done'}"),
                            ErrorCode.INVALID_FIELD, "r32", "state"),
                    arguments("qa.mark", j("{'type':'qa.mark','requestId':'r32','questionId':'q-7',"
                            + "'state':'answered','answer':'" + "答".repeat(2001) + "'}"), ErrorCode.INVALID_FIELD,
                            "r32", "answer"),
                    arguments("qa.list", j("{'type':'qa.list','requestId':'r33','sessionId':''}"),
                            ErrorCode.INVALID_FIELD, "r33", "sessionId"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'essay',"
                            + "'prompt':'p','seconds':60}"), ErrorCode.INVALID_FIELD, "r40", "kind"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b'],'correct':[0],'seconds':9}"),
                            ErrorCode.INVALID_FIELD, "r40", "seconds"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b'],'correct':[0],'seconds':3601}"),
                            ErrorCode.INVALID_FIELD, "r40", "seconds"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'','options':['a','b'],'correct':[0],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "prompt"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a'],'correct':[0],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "options"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b','c','d','e','f','g','h','i'],'correct':[0],"
                            + "'seconds':60}"), ErrorCode.INVALID_FIELD, "r40", "options"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','" + "b".repeat(101) + "'],'correct':[0],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "options"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b'],'correct':[0,1],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b'],'correct':[2],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'single',"
                            + "'prompt':'p','options':['a','b'],'seconds':60}"), ErrorCode.INVALID_FIELD, "r40",
                            "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'multiple',"
                            + "'prompt':'p','options':['a','b'],'correct':['a'],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'multiple',"
                            + "'prompt':'p','options':['a','b'],'correct':[1,1],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'truefalse',"
                            + "'prompt':'p','options':['对','错','不知道'],'correct':[0],'seconds':60}"),
                            ErrorCode.INVALID_FIELD, "r40", "options"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'text',"
                            + "'prompt':'p','correct':[1],'seconds':60}"), ErrorCode.INVALID_FIELD, "r40", "correct"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'text',"
                            + "'prompt':'p','options':['a','b'],'seconds':60}"), ErrorCode.INVALID_FIELD, "r40",
                            "options"),
                    arguments("exercise.start", j("{'type':'exercise.start','requestId':'r40','kind':'truefalse',"
                            + "'prompt':'p','correct':[0],'seconds':60,'points':101}"), ErrorCode.INVALID_FIELD, "r40",
                            "points"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','exerciseId':'ex-4'}"),
                            ErrorCode.INVALID_FIELD, "r41", "choices or text"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','exerciseId':'ex-4',"
                            + "'choices':[0],'text':'a'}"), ErrorCode.INVALID_FIELD, "r41", "choices or text"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','exerciseId':'ex-4',"
                            + "'choices':[]}"), ErrorCode.INVALID_FIELD, "r41", "choices"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','exerciseId':'ex-4',"
                            + "'choices':['a']}"), ErrorCode.INVALID_FIELD, "r41", "choices"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','exerciseId':'ex-4',"
                            + "'text':'" + "答".repeat(501) + "'}"), ErrorCode.INVALID_FIELD, "r41", "text"),
                    arguments("exercise.answer", j("{'type':'exercise.answer','requestId':'r41','choices':[0]}"),
                            ErrorCode.INVALID_FIELD, "r41", "exerciseId"),
                    arguments("exercise.close", j("{'type':'exercise.close','requestId':'r42'}"),
                            ErrorCode.INVALID_FIELD, "r42", "exerciseId"),
                    arguments("exercise.list", j("{'type':'exercise.list'}"), ErrorCode.INVALID_FIELD, null,
                            "requestId"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':1,"
                            + "'mode':'random','minutes':10}"), ErrorCode.INVALID_FIELD, "b1", "groups"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':11,"
                            + "'mode':'random','minutes':10}"), ErrorCode.INVALID_FIELD, "b1", "groups"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'shuffle','minutes':10}"), ErrorCode.INVALID_FIELD, "b1", "mode"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'random','minutes':121}"), ErrorCode.INVALID_FIELD, "b1", "minutes"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'random','minutes':0}"), ErrorCode.INVALID_FIELD, "b1", "minutes"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'manual','minutes':5}"), ErrorCode.INVALID_FIELD, "b1", "assignment"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'manual','assignment':{'t01':2},'minutes':5}"), ErrorCode.INVALID_FIELD, "b1",
                            "assignment.t01"),
                    arguments("breakout.start", j("{'type':'breakout.start','requestId':'b1','groups':2,"
                            + "'mode':'random','minutes':5,'names':['A']}"), ErrorCode.INVALID_FIELD, "b1", "names"),
                    arguments("breakout.extend", j("{'type':'breakout.extend','requestId':'b2'}"),
                            ErrorCode.INVALID_FIELD, "b2", "minutes"),
                    arguments("breakout.broadcast", j("{'type':'breakout.broadcast','requestId':'b3','text':'"
                            + "x".repeat(501) + "'}"), ErrorCode.INVALID_FIELD, "b3", "text"),
                    arguments("breakout.visit", j("{'type':'breakout.visit','requestId':'b4','groupId':''}"),
                            ErrorCode.INVALID_FIELD, "b4", "groupId"),
                    arguments("breakout.move", j("{'type':'breakout.move','requestId':'b5','groupId':'g-1'}"),
                            ErrorCode.INVALID_FIELD, "b5", "userId"),
                    arguments("breakout.notes", j("{'type':'breakout.notes','requestId':'b6','groupId':'g-1',"
                            + "'text':'" + "记".repeat(5001) + "'}"), ErrorCode.INVALID_FIELD, "b6", "text"),
                    arguments("breakout.notes", j("{'type':'breakout.notes','requestId':'b6','text':'x'}"),
                            ErrorCode.INVALID_FIELD, "b6", "groupId"),
                    arguments("breakout.recall", j("{'type':'breakout.recall'}"), ErrorCode.INVALID_FIELD, null,
                            "requestId"),
                    arguments("hand.raise", j("{'type':'hand.raise','requestId':'h1'}"), ErrorCode.INVALID_FIELD,
                            "h1", "raised"),
                    arguments("speak.invite", j("{'type':'speak.invite','requestId':'h2'}"), ErrorCode.INVALID_FIELD,
                            "h2", "userId"),
                    arguments("speak.accept", j("{'type':'speak.accept','requestId':'h3','turnId':''}"),
                            ErrorCode.INVALID_FIELD, "h3", "turnId"),
                    arguments("speak.end", j("{'type':'speak.end','requestId':'h4'}"), ErrorCode.INVALID_FIELD,
                            "h4", "turnId"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','to':'class'}"),
                            ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','text':'  ','to':'class'}"),
                            ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','text':'" + "字".repeat(501)
                            + "','to':'class'}"), ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','text':'a\\u0007b','to':'class'}"),
                            ErrorCode.INVALID_FIELD, "r30", "text"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','text':'hi'}"),
                            ErrorCode.INVALID_FIELD, "r30", "to"),
                    arguments("chat.send", j("{'type':'chat.send','requestId':'r30','text':'hi','to':'everyone'}"),
                            ErrorCode.INVALID_FIELD, "r30", "to"),
                    arguments("chat.delete", j("{'type':'chat.delete','requestId':'r31'}"),
                            ErrorCode.INVALID_FIELD, "r31", "messageId"),
                    arguments("chat.mute", j("{'type':'chat.mute','requestId':'r32','userId':'t02'}"),
                            ErrorCode.INVALID_FIELD, "r32", "muted"),
                    arguments("chat.mute", j("{'type':'chat.mute','requestId':'r32','userId':'','muted':true}"),
                            ErrorCode.INVALID_FIELD, "r32", "userId"),
                    arguments("danmaku.send", j("{'type':'danmaku.send','requestId':'r33','text':'" + "字".repeat(41)
                            + "'}"), ErrorCode.INVALID_FIELD, "r33", "text"),
                    arguments("danmaku.send", j("{'type':'danmaku.send','requestId':'r33','text':'a\\nb'}"),
                            ErrorCode.INVALID_FIELD, "r33", "text"),
                    arguments("danmaku.send", j("{'type':'danmaku.send','requestId':'r33','text':'hi','color':'red'}"),
                            ErrorCode.INVALID_FIELD, "r33", "color"),
                    arguments("danmaku.toggle", j("{'type':'danmaku.toggle','requestId':'r34','enabled':'no'}"),
                            ErrorCode.INVALID_FIELD, "r34", "enabled"),
                    arguments("danmaku.list", j("{'type':'danmaku.list','requestId':'r35','sessionId':''}"),
                            ErrorCode.INVALID_FIELD, "r35", "sessionId"),
                    arguments("like.send", j("{'type':'like.send','requestId':'r36','count':11}"),
                            ErrorCode.INVALID_FIELD, "r36", "count"),
                    arguments("like.send", j("{'type':'like.send','requestId':'r36','count':0}"),
                            ErrorCode.INVALID_FIELD, "r36", "count"),
                    arguments("like.send", j("{'type':'like.send','requestId':'r36'}"),
                            ErrorCode.INVALID_FIELD, "r36", "count"),
                    arguments("recording.start", j("{'type':'recording.start'}"), ErrorCode.INVALID_FIELD, null,
                            "requestId"),
                    // issue I
                    arguments("commerce.room.open", j("{'type':'commerce.room.open','requestId':'c1','title':'"
                            + "直".repeat(41) + "'}"), ErrorCode.INVALID_FIELD, "c1", "title"),
                    arguments("commerce.room.close", j("{'type':'commerce.room.close'}"), ErrorCode.INVALID_FIELD,
                            null, "requestId"),
                    arguments("commerce.host.set", j("{'type':'commerce.host.set','requestId':'c2'}"),
                            ErrorCode.INVALID_FIELD, "c2", "userId"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'"
                            + "果".repeat(61) + "','imageUrl':'/img/a.png','priceFen':100,'stock':1}"),
                            ErrorCode.INVALID_FIELD, "c3", "name"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'http://x.cn/a.png','priceFen':100,'stock':1}"),
                            ErrorCode.INVALID_FIELD, "c3", "imageUrl"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'javascript:alert(1)','priceFen':100,'stock':1}"),
                            ErrorCode.INVALID_FIELD, "c3", "imageUrl"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'/a.png','priceFen':0,'stock':1}"), ErrorCode.INVALID_FIELD, "c3", "priceFen"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'/a.png','priceFen':10000001,'stock':1}"), ErrorCode.INVALID_FIELD, "c3",
                            "priceFen"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'/a.png','priceFen':39.9,'stock':1}"), ErrorCode.INVALID_FIELD, "c3",
                            "priceFen"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'/a.png','priceFen':100,'stock':-1}"), ErrorCode.INVALID_FIELD, "c3", "stock"),
                    arguments("commerce.product.put", j("{'type':'commerce.product.put','requestId':'c3','name':'苹果',"
                            + "'imageUrl':'/a.png','priceFen':100,'stock':100001}"), ErrorCode.INVALID_FIELD, "c3",
                            "stock"),
                    arguments("commerce.product.remove", j("{'type':'commerce.product.remove','requestId':'c4'}"),
                            ErrorCode.INVALID_FIELD, "c4", "productId"),
                    arguments("commerce.product.pin", j("{'type':'commerce.product.pin','requestId':'c5',"
                            + "'productId':''}"), ErrorCode.INVALID_FIELD, "c5", "productId"),
                    arguments("commerce.flash.start", j("{'type':'commerce.flash.start','requestId':'c6',"
                            + "'productId':'pr-1','priceFen':100,'seconds':9}"), ErrorCode.INVALID_FIELD, "c6",
                            "seconds"),
                    arguments("commerce.flash.start", j("{'type':'commerce.flash.start','requestId':'c6',"
                            + "'productId':'pr-1','priceFen':100,'seconds':601}"), ErrorCode.INVALID_FIELD, "c6",
                            "seconds"),
                    arguments("commerce.order.place", j("{'type':'commerce.order.place','requestId':'c7',"
                            + "'productId':'pr-1','quantity':100}"), ErrorCode.INVALID_FIELD, "c7", "quantity"),
                    arguments("commerce.order.place", j("{'type':'commerce.order.place','requestId':'c7',"
                            + "'productId':'pr-1','quantity':0}"), ErrorCode.INVALID_FIELD, "c7", "quantity"),
                    arguments("commerce.order.place", j("{'type':'commerce.order.place','requestId':'c7',"
                            + "'quantity':1}"), ErrorCode.INVALID_FIELD, "c7", "productId"),
                    arguments("recording.stop", j("{'type':'recording.stop','requestId':{'id':1}}"),
                            ErrorCode.INVALID_FIELD, null, "requestId"));
        }

        @ParameterizedTest(name = "[{index}] {0} -> {2}")
        @MethodSource("invalid")
        void isRefusedWithTheFieldNamed(String type, String frame, ErrorCode code, String requestId, String names) {
            DecodeException e = rejected(frame);

            assertThat(e.code()).isEqualTo(code);
            assertThat(e.requestId()).isEqualTo(requestId);
            assertThat(e.getMessage()).as("the message names the field").contains(names);
        }

        @Test
        void everyClientTypeHasAtLeastOneRejectCase() {
            Set<String> covered = invalid().map(a -> (String) a.get()[0]).collect(Collectors.toSet());

            assertThat(covered).containsExactlyInAnyOrderElementsOf(MessageTypes.client().keySet());
        }

        /** requestId is "1-64 characters" (docs/protocol.md); a number or boolean is not one. */
        @ParameterizedTest
        @ValueSource(strings = {"{'type':'ping','requestId':5}", "{'type':'ping','requestId':true}",
                "{'type':'class.leave','requestId':1.5}"})
        void aRequestIdMustBeAString(String frame) {
            assertThat(rejected(j(frame)).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        }

        /** "a field ... of the wrong type" is INVALID_FIELD: a number is not a stream id or an SDP. */
        @ParameterizedTest
        @ValueSource(strings = {"{'type':'media.subscribe','requestId':'r','streamId':5}",
                "{'type':'media.publish','requestId':'r','kind':'camera','sdp':12345}",
                "{'type':'class.join','requestId':'r','classroomId':42}"})
        void aNumberIsNotAString(String frame) {
            assertThat(rejected(j(frame)).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        }
    }

    @Nested
    class MalformedFrames {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "{", "not json", "{'type':'ping','requestId':'r1'",
                "{'type':'ping' 'requestId':'r1'}", "{type:'ping'}"})
        void brokenJsonIsMalformed(String frame) {
            DecodeException e = rejected(j(frame));

            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.requestId()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{'type':'ping','requestId':'r1'}]", "'ping'", "42", "null", "true"})
        void jsonThatIsNotAnObjectIsMalformed(String frame) {
            DecodeException e = rejected(j(frame));

            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.requestId()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"{'type':'ping','requestId':'r1','requestId':'r2'}",
                "{'type':'ping','type':'class.leave','requestId':'r1'}",
                "{'type':'media.trickle','requestId':'r1','target':'s-5',"
                        + "'candidate':{'candidate':'a','candidate':'b'}}"})
        void duplicateKeysAreMalformed(String frame) {
            assertThat(rejected(j(frame)).code()).isEqualTo(ErrorCode.MALFORMED);
        }

        /** "one JSON object per frame": a second value after the object is not silently dropped. */
        @ParameterizedTest
        @ValueSource(strings = {"{'type':'ping','requestId':'r1'}{'type':'class.leave','requestId':'r2'}",
                "{'type':'ping','requestId':'r1'} trailing"})
        void trailingContentIsMalformed(String frame) {
            assertThat(rejected(j(frame)).code()).isEqualTo(ErrorCode.MALFORMED);
        }
    }

    @Nested
    class UnknownTypes {
        @ParameterizedTest
        @ValueSource(strings = {"{'requestId':'r1'}", "{'type':'class.kick','requestId':'r1'}",
                "{'type':'class.join.ok','requestId':'r1'}", "{'type':'participant.joined','requestId':'r1'}",
                "{'type':'error','requestId':'r1'}", "{'type':'PING','requestId':'r1'}",
                "{'type':42,'requestId':'r1'}", "{'type':null,'requestId':'r1'}", "{'type':'','requestId':'r1'}"})
        void unknownOrMissingTypeKeepsTheRequestId(String frame) {
            DecodeException e = rejected(j(frame));

            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            assertThat(e.requestId()).isEqualTo("r1");
        }

        @Test
        void anUnreadableRequestIdIsLeftOut() {
            assertThat(rejected(j("{'type':'nope','requestId':{'a':1}}")).requestId()).isNull();
            assertThat(rejected(j("{'type':'nope','requestId':'" + "r".repeat(65) + "'}")).requestId()).isNull();
            assertThat(rejected(j("{'type':'nope'}")).requestId()).isNull();
        }

        @Test
        void anOverlongUnknownTypeIsTruncatedInTheMessage() {
            DecodeException e = rejected(j("{'type':'" + "t".repeat(10_000) + "','requestId':'r1'}"));

            assertThat(e.getMessage().length()).isLessThan(500);
        }
    }

    // ------------------------------------------------------------------ server messages

    @Nested
    class ServerMessages {
        @Test
        void thereIsASampleOfEveryServerType() {
            assertThat(ProtocolSamples.server().keySet()).isEqualTo(MessageTypes.server().keySet());
        }

        static Stream<Arguments> serverSamples() {
            return ProtocolSamples.server().entrySet().stream().map(e -> arguments(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("serverSamples")
        void encodesWithItsTypeAndDecodesBack(String type, ServerMessage message) {
            String frame = codec.encode(message);

            assertThat(tree(frame).get("type").asText()).isEqualTo(type);
            assertThat(codec.decodeServer(frame)).isEqualTo(message);
        }

        static Stream<ServerMessage> serverEdgeCases() {
            return ProtocolSamples.serverEdgeCases().stream();
        }

        @ParameterizedTest
        @MethodSource("serverEdgeCases")
        void edgeValuesRoundTrip(ServerMessage message) {
            assertThat(codec.decodeServer(codec.encode(message))).isEqualTo(message);
        }

        @Test
        void responsesCarryTheRequestIdAndEventsDoNot() {
            ProtocolSamples.server().forEach((type, message) -> {
                JsonNode node = tree(codec.encode(message));
                if (type.endsWith(".ok") || type.equals("error")) {
                    assertThat(node.path("requestId").isTextual()).as(type).isTrue();
                } else {
                    assertThat(node.has("requestId")).as(type).isFalse();
                }
            });
        }

        @Test
        void anErrorHasNumericCodeAndStableNameAndNoRequestIdWhenUnknown() {
            JsonNode withId = tree(codec.encode(ErrorResponse.of("r7", ErrorCode.CLASS_FULL, "full")));
            JsonNode withoutId = tree(codec.encode(ErrorResponse.of(null, ErrorCode.MALFORMED, "bad")));

            assertThat(withId).isEqualTo(tree(j("{'type':'error','requestId':'r7','code':201,'error':'CLASS_FULL',"
                    + "'message':'full'}")));
            assertThat(withoutId.has("requestId")).isFalse();
            assertThat(withoutId.get("code").asInt()).isEqualTo(100);
        }

        @Test
        void enumsAndTimesUseTheDocumentedWireForm() {
            JsonNode join = tree(codec.encode(ProtocolSamples.server().get("class.join.ok")));

            assertThat(join.at("/you/role").asText()).isEqualTo("trainee");
            assertThat(join.at("/you/joinedAt").asText()).isEqualTo("2026-11-29T08:00:00.120Z");
            assertThat(join.at("/serverTime").asText()).isEqualTo("2026-11-29T08:00:00.120Z");
            assertThat(join.at("/streams/0/kind").asText()).isEqualTo("camera");
            assertThat(join.at("/session/state").asText()).isEqualTo("live");
            assertThat(join.at("/session").has("endedAt")).as("endedAt: null is sent").isTrue();
            JsonNode left = tree(codec.encode(ProtocolSamples.server().get("participant.left")));
            assertThat(left.get("reason").asText()).isEqualTo("CLIENT_REQUEST");
        }

        @Test
        void nullsThatMeanSomethingAreSent() {
            JsonNode noLesson = tree(codec.encode(ProtocolSamples.serverEdgeCases().get(1)));
            JsonNode endOfCandidates = tree(codec.encode(new MediaMessages.TrickleEvent("s-5", null)));
            JsonNode connected = tree(codec.encode(MediaMessages.MediaStateEvent.connected("s-5")));

            assertThat(noLesson.has("session")).as("session: null while no lesson is live").isTrue();
            assertThat(noLesson.get("session").isNull()).isTrue();
            assertThat(endOfCandidates.has("candidate")).as("candidate: null ends the candidates").isTrue();
            assertThat(endOfCandidates.get("candidate").isNull()).isTrue();
            assertThat(connected).isEqualTo(tree(j("{'type':'media.state','target':'s-5','state':'connected'}")));
        }

        @Test
        void aClientMessageIsNotAServerMessage() {
            assertThatThrownBy(() -> codec.decodeServer(j("{'type':'class.join','requestId':'r','classroomId':'c'}")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------ the document

    @Nested
    class ProtocolDocument {
        private static final Path DOC = Path.of("../docs/protocol.md");
        private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

        private String doc() throws IOException {
            assertThat(DOC).as("run from the module directory").exists();
            return Files.readString(DOC, StandardCharsets.UTF_8);
        }

        @Test
        void everyWireNameIsDocumented() throws IOException {
            String doc = doc().replace(" ", "");
            Set<String> names = new TreeSet<>(MessageTypes.client().keySet());
            names.addAll(MessageTypes.server().keySet());

            assertThat(names).allSatisfy(name -> assertThat(doc).contains("\"type\":\"" + name + "\""));
        }

        @Test
        void everyErrorCodeIsDocumentedWithItsNumber() throws IOException {
            String doc = doc();

            assertThat(ErrorCode.values()).allSatisfy(code ->
                    assertThat(doc).contains("| " + code.code() + " | `" + code.name() + "` |"));
        }

        @Test
        void everyClientTypeHasAJsonExample() throws IOException {
            Set<String> exampled = new TreeSet<>();
            for (JsonNode example : examples(doc())) {
                if (example.has("requestId")) {
                    exampled.add(example.path("type").asText());
                }
            }

            assertThat(exampled).containsAll(MessageTypes.client().keySet());
        }

        /**
         * Each example decodes and re-encodes to the same JSON: the documented field names, wire
         * values and nulls are what the server reads and writes.
         */
        @Test
        void everyJsonExampleIsWhatTheServerReadsAndWrites() throws IOException {
            List<String> problems = new ArrayList<>();
            Map<String, Class<? extends ClientMessage>> client = MessageTypes.client();
            for (JsonNode example : examples(doc())) {
                String type = example.path("type").asText();
                try {
                    String again;
                    if (client.containsKey(type) && example.has("requestId")) {
                        again = codec.encodeRequest(codec.decode(example.toString()));
                    } else {
                        again = codec.encode(codec.decodeServer(example.toString()));
                    }
                    if (!tree(again).equals(example)) {
                        problems.add(type + ": documented " + example + " but the server writes " + again);
                    }
                } catch (RuntimeException e) {
                    problems.add(type + ": " + e);
                }
            }

            assertThat(problems).isEmpty();
        }

        private List<JsonNode> examples(String doc) {
            List<JsonNode> out = new ArrayList<>();
            Matcher m = JSON_BLOCK.matcher(doc);
            while (m.find()) {
                out.add(tree(m.group(1)));
            }
            assertThat(out).as("json examples in the document").hasSizeGreaterThan(20);
            return out;
        }
    }
}
