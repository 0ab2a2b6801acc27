package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.testing.Await;

/**
 * {@link LoopMove} on the gateway's own event loops (epoll where it loads) over real TCP: a
 * connection asked to move goes on with its reads, writes and idle timer on the new loop, loses
 * none of the bytes its client sent during the move, and keeps their order.
 */
class LoopMoveTest {
    private static final long IDLE_MILLIS = 300;
    private final EventLoopGroup loops = GatewayServer.ioLoops(2);
    /** The server side of the one connection, once accepted. */
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    /** Which loop handled each line and each idle event: "line@loop" / "idle@loop". */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private Channel server;
    private Socket client;
    private BufferedReader replies;

    @BeforeEach
    void start() throws Exception {
        server = new ServerBootstrap().group(loops).channel(GatewayServer.EPOLL
                        ? io.netty.channel.epoll.EpollServerSocketChannel.class
                        : io.netty.channel.socket.nio.NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(IDLE_MILLIS, 0, 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(1024));
                        ch.pipeline().addLast("text", new StringDecoder(StandardCharsets.UTF_8));
                        ch.pipeline().addLast("out", new StringEncoder(StandardCharsets.UTF_8));
                        ch.pipeline().addLast("app", new Lines());
                        accepted.add(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
        client.setSoTimeout(10_000);
        replies = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** "move" moves the connection to the other loop and answers "moved"; any other line is echoed. */
    private final class Lines extends SimpleChannelInboundHandler<String> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            Channel ch = ctx.channel();
            seen.add(line + "@" + loopIndex(ch.eventLoop()));
            if (line.equals("move")) {
                EventLoop other = other(ch.eventLoop());
                LoopMove.move(ch, other, () -> ch.writeAndFlush("moved@" + loopIndex(ch.eventLoop())
                        + (other.inEventLoop() ? " on-new-loop" : " elsewhere") + "\n"));
            } else {
                ch.writeAndFlush("echo:" + line + "\n");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                seen.add("idle@" + loopIndex(ctx.channel().eventLoop()) + (ctx.channel().eventLoop().inEventLoop()
                        ? "" : " (fired off its loop)"));
            }
        }
    }

    private EventLoop other(EventLoop loop) {
        for (var e : loops) {
            if (e != loop) {
                return (EventLoop) e;
            }
        }
        throw new IllegalStateException("one loop only");
    }

    private int loopIndex(EventLoop loop) {
        int i = 0;
        for (var e : loops) {
            if (e == loop) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private void send(String text) throws Exception {
        OutputStream out = client.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void aMovedConnectionReadsWritesAndTimesOnItsNewLoopAndLosesNothingSentDuringTheMove() throws Exception {
        Channel ch = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(ch).isNotNull();
        int before = loopIndex(ch.eventLoop());
        // (read on the loop: the initializer that handed the channel over removes itself there)
        List<String> names = ch.eventLoop().submit(() -> ch.pipeline().names()).get();

        // "move" in one write, then 200 lines in another at once: they arrive before, during or
        // after the move (on a loaded machine any of them), and every one must be answered in order.
        send("move\n");
        StringBuilder burst = new StringBuilder();
        IntStream.range(0, 200).forEach(i -> burst.append("l").append(i).append('\n'));
        send(burst.toString());

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            got.add(replies.readLine());
        }
        int after = 1 - before;
        assertThat(got).as("every line answered once, in order")
                .filteredOn(s -> s.startsWith("echo:"))
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "echo:l" + i).toList());
        assertThat(got).as("the move's own answer, written from the new loop").contains("moved@" + after + " on-new-loop");
        assertThat(loopIndex(ch.eventLoop())).as("the channel's loop after the move").isEqualTo(after);
        assertThat(ch.pipeline().names()).as("the idle handler is back where it was").isEqualTo(names);

        // The idle timer runs again, on the new loop.
        seen.clear();
        Await.until("an idle event after the move", Duration.ofSeconds(10),
                () -> seen.stream().anyMatch(s -> s.startsWith("idle@")));
        assertThat(seen).filteredOn(s -> s.startsWith("idle@")).allMatch(s -> s.equals("idle@" + after));

        assertALineSentNowIsReadOn(after);
    }

    @Test
    void aSecondMoveAskedDuringTheFirstWaitsForItAndRunsOnTheNewLoop() throws Exception {
        Channel ch = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(ch).isNotNull();
        int after = 1 - loopIndex(ch.eventLoop());
        send("move\nmove\nx\n"); // one read: two joins and a message behind them
        List<String> got = List.of(replies.readLine(), replies.readLine(), replies.readLine());
        assertThat(got).containsExactlyInAnyOrder("echo:x", "moved@" + after + " on-new-loop",
                "moved@" + after + " on-new-loop");
        assertThat(loopIndex(ch.eventLoop())).isEqualTo(after);
        assertALineSentNowIsReadOn(after);
    }

    /** A line sent now is answered, and was read on loop {@code loop}. */
    private void assertALineSentNowIsReadOn(int loop) throws Exception {
        send("later\n");
        assertThat(replies.readLine()).isEqualTo("echo:later");
        assertThat(seen).contains("later@" + loop);
    }

    @Test
    void aMoveToItsOwnLoopOrToAPlainExecutorRunsAtOnceWhereItIs() throws Exception {
        Channel ch = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(ch).isNotNull();
        EventLoop home = ch.eventLoop();
        List<String> ran = new CopyOnWriteArrayList<>();
        home.submit(() -> {
            LoopMove.move(ch, home, () -> ran.add("own loop: " + home.inEventLoop()));
            LoopMove.move(ch, Runnable::run, () -> ran.add("plain executor: " + home.inEventLoop()));
            assertThat(ran).as("both ran before move returned").hasSize(2);
        }).sync();
        assertThat(ran).containsExactly("own loop: true", "plain executor: true");
        assertThat(ch.eventLoop()).isSameAs(home);
        send("still\n");
        assertThat(replies.readLine()).isEqualTo("echo:still");
    }
}
