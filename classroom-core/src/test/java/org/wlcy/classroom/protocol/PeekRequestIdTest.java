package org.wlcy.classroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ProtocolCodec#peekRequestId}: the requestId of a frame refused before decoding. */
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
}
