package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.testing.Await;

/**
 * {@link LoopOutbox} over real Netty channels (in-process, on their own event loop): frames sent
 * from other threads arrive in order, a burst is flushed once per connection rather than once per
 * frame, and a close sent after frames goes out after them (the connection is asked to write
 * them all, then to close).
 */
class LoopOutboxTest {
    private final EventLoopGroup loops = new DefaultEventLoopGroup(1);
    private final List<Object> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** What the connection was asked to write, and its close, in the order it was asked. */
    private final List<Object> outbound = new CopyOnWriteArrayList<>();
    private static final String CLOSE = "<close>";
    private Channel server;
    private Channel client;

    @BeforeEach
    void connect() throws InterruptedException {
        LocalAddress address = new LocalAddress("outbox-" + System.nanoTime());
        server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        received.add(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        closed.countDown();
                    }
                }).bind(address).sync().channel();
        client = new Bootstrap().group(loops).channel(LocalChannel.class)
                .handler(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        outbound.add(msg);
                        ctx.write(msg, promise);
                    }

                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }

                    @Override
                    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
                        outbound.add(CLOSE);
                        ctx.close(promise);
                    }
                }).connect(address).sync().channel();
    }

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void framesFromSeveralThreadsArriveInEachThreadsOrder() throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            senders.execute(() -> IntStream.range(0, 500).forEach(i -> LoopOutbox.write(client, thread + ":" + i, null)));
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Await.until("all 2,000 frames arrive", Duration.ofSeconds(30), () -> received.size() == 2_000);
        for (int t = 0; t < 4; t++) {
            String prefix = t + ":";
            assertThat(received.stream().map(String::valueOf).filter(s -> s.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void aBurstIsFlushedOncePerConnectionNotOncePerFrame() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        client.eventLoop().execute(() -> {
            try {
                hold.await(); // the loop is busy while the burst is queued
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            LoopOutbox.write(client, "m" + i, null);
        }
        hold.countDown();
        Await.until("the burst arrives", Duration.ofSeconds(30), () -> received.size() == 100);
        assertThat(flushes.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void aCloseSentAfterFramesGoesOutAfterThem() throws Exception {
        for (int i = 0; i < 50; i++) {
            LoopOutbox.write(client, "m" + i, null);
        }
        LoopOutbox.writeAndClose(client, "bye");

        assertThat(closed.await(30, TimeUnit.SECONDS)).isTrue();
        List<Object> expected = new java.util.ArrayList<>(IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
        expected.add("bye");
        expected.add(CLOSE);
        assertThat(outbound).containsExactlyElementsOf(expected);
    }

    @Test
    void aWrittenListenerHearsTheFrameWritten() {
        CountDownLatch written = new CountDownLatch(1);
        LoopOutbox.write(client, "timed", f -> written.countDown());
        Await.until("the listener hears the write", Duration.ofSeconds(30), () -> written.getCount() == 0);
    }
}
