package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ErrorCode;

/**
 * The requestId of a frame refused before or while decoding: {@link ProtocolCodec#peekRequestId},
 * {@link ProtocolCodec#peekRequestIdInPrefix} (a frame known by its first bytes) and the error of
 * {@link ProtocolCodec#decode} for duplicate keys.
 */
class PeekRequestIdTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void readsTheTopLevelRequestIdWhereverItIs() {
        assertThat(codec.peekRequestId("{\"type\":\"ping\",\"requestId\":\"r1\"}")).isEqualTo("r1");
        assertThat(codec.peekRequestId("{\"nested\":{\"requestId\":\"no\"},\"list\":[1,{\"a\":2}],\"requestId\":\"r2\"}"))
                .isEqualTo("r2");
        assertThat(codec.peekRequestId("{\"requestId\":\"r3\", this is not JSON")).isEqualTo("r3");
    }

    @Test
    void givesNullForWhatDecodeWouldNotTrustEither() {
        assertThat(codec.peekRequestId("not json")).isNull();
        assertThat(codec.peekRequestId("[\"requestId\",\"r1\"]")).isNull();
        assertThat(codec.peekRequestId("{\"requestId\":7}")).isNull();
        assertThat(codec.peekRequestId("{\"requestId\":\"" + "x".repeat(65) + "\"}")).isNull();
        assertThat(codec.peekRequestId("{\"type\":\"ping\"}")).isNull();
        assertThat(codec.peekRequestId("")).isNull();
        assertThat(codec.peekRequestId("{\"nested\":{\"requestId\":\"no\"}}")).isNull();
    }

    private String inPrefix(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        return codec.peekRequestIdInPrefix(utf8, utf8.length);
    }

    @Test
    void aPrefixIsReadUpToItsLimitOnly() {
        String big = "x".repeat(1 << 20);
        assertThat(inPrefix("{\"type\":\"chat.send\",\"requestId\":\"r1\",\"text\":\"" + big + "\"}")).isEqualTo("r1");
        assertThat(inPrefix("{\"text\":\"" + big + "\",\"requestId\":\"r2\"}")).as("past the limit").isNull();
        String pad = "{\"pad\":\"" + "y".repeat(ProtocolCodec.PEEK_PREFIX_BYTES - 30) + "\",\"requestId\":\"abcdefghij\"}";
        assertThat(inPrefix(pad)).as("a requestId cut by the limit").isNull();
        assertThat(inPrefix("{\"data\":{\"requestId\":\"no\"},\"pad\":\"" + big)).isNull();
        assertThat(inPrefix("{\"text\":\"讲得好\",\"requestId\":\"r3\",\"pad\":\"" + "好".repeat(5000))).isEqualTo("r3");
    }

    private ProtocolCodec.DecodeException refused(String frame) {
        try {
            codec.decode(frame);
        } catch (ProtocolCodec.DecodeException e) {
            return e;
        }
        throw new AssertionError("decoded: " + frame);
    }

    @Test
    void aDuplicateKeyIsRefusedWithTheRequestIdWhenThereIsExactlyOne() {
        ProtocolCodec.DecodeException e = refused("{\"type\":\"ping\",\"type\":\"class.leave\",\"requestId\":\"r1\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(refused("{\"type\":\"media.trickle\",\"requestId\":\"r2\",\"target\":\"s-5\","
                + "\"candidate\":{\"candidate\":\"a\",\"candidate\":\"b\"}}").requestId()).isEqualTo("r2");
        assertThat(refused("{\"type\":\"ping\",\"requestId\":\"r1\",\"requestId\":\"r2\"}").requestId())
                .as("two requestIds").isNull();
        assertThat(refused("{\"type\":\"ping\",\"requestId\":\"r1\",\"requestId\":\"r1\"}").requestId())
                .as("even the same one twice").isNull();
        assertThat(refused("{\"a\":1,\"a\":2,\"requestId\":\"r3\"} trailing").requestId()).as("not JSON besides").isNull();
        assertThat(refused("{\"a\":1,\"a\":2,\"requestId\":\"" + "x".repeat(65) + "\"}").requestId()).isNull();
    }
}
