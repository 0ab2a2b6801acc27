package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.protocol.LikeMessages.LikesUpdatedEvent;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ServerMessage;

/** The outbound channel in {@link EmbeddedChannel}s: what a broadcast loop sends is what each page reads. */
class NettyParticipantChannelTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private static String read(EmbeddedChannel ch) {
        TextWebSocketFrame frame = ch.readOutbound();
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }

    @Test
    void aBroadcastGivesEveryPageTheSameFrameAndTheNextMessageItsOwn() {
        List<EmbeddedChannel> sockets = new ArrayList<>();
        List<NettyParticipantChannel> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            sockets.add(ch);
            pages.add(new NettyParticipantChannel(ch, codec, new org.wlcy.classroom.gateway.metrics.GatewayMetrics()));
        }
        ServerMessage first = new LikesUpdatedEvent(10, 2);
        ServerMessage second = new LikesUpdatedEvent(12, 4);

        pages.forEach(p -> p.send(first));
        pages.get(0).send(second);
        pages.get(1).send(new LikesUpdatedEvent(10, 2)); // equal, not the same instance
        pages.get(2).send(first);                          // the earlier message again

        for (EmbeddedChannel ch : sockets) {
            assertThat(read(ch)).isEqualTo(codec.encode(first));
        }
        assertThat(read(sockets.get(0))).isEqualTo("{\"type\":\"likes.updated\",\"total\":12,\"lastSecond\":4}");
        assertThat(read(sockets.get(1))).isEqualTo(codec.encode(first));
        assertThat(read(sockets.get(2))).isEqualTo(codec.encode(first));
        sockets.forEach(ch -> assertThat((Object) ch.readOutbound()).isNull());
    }

    @Test
    void nothingIsSentAfterTheClose() {
        EmbeddedChannel ch = new EmbeddedChannel();
        NettyParticipantChannel page = new NettyParticipantChannel(ch, codec, new org.wlcy.classroom.gateway.metrics.GatewayMetrics());

        page.close(org.wlcy.classroom.participant.LeaveReason.CLIENT_REQUEST);
        page.send(new LikesUpdatedEvent(1, 1));

        assertThat(ch.outboundMessages()).noneMatch(m -> m instanceof TextWebSocketFrame);
    }
}
