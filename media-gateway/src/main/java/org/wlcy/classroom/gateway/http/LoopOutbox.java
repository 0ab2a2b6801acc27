package org.wlcy.classroom.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frames for the connections of one event loop, queued by other threads (a class's lane on another
 * loop or on the pool) and written by the loop in one task per burst: each frame is written, then
 * each connection is flushed once (issue J: a broadcast to 30 pages was 30 tasks, 30 wake-up
 * checks and 30 flushes on the loops; now it is one task per loop, and a page that gets several
 * messages in one turn gets one socket write). Frames for one connection keep their order, and a
 * close queued after frames goes out after them.
 */
final class LoopOutbox {
    private static final Map<EventLoop, LoopOutbox> OUTBOXES = new ConcurrentHashMap<>();

    /** One frame, and whether the connection closes once it is written. */
    private record Item(Channel channel, Object frame, GenericFutureListener<? extends Future<? super Void>> written,
                        boolean close) {
    }

    private final EventLoop loop;
    private final Queue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private LoopOutbox(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Writes {@code frame} to {@code channel}: at once on the channel's own loop, else through the
     * loop's outbox. {@code written} (may be null) hears when it is written.
     */
    static void write(Channel channel, Object frame, GenericFutureListener<? extends Future<? super Void>> written) {
        send(channel, frame, written, false);
    }

    /** Writes {@code frame} (a close frame), then closes the connection, after the frames queued before it. */
    static void writeAndClose(Channel channel, Object frame) {
        send(channel, frame, null, true);
    }

    private static void send(Channel channel, Object frame, GenericFutureListener<? extends Future<? super Void>> written,
                             boolean close) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            LoopOutbox box = OUTBOXES.get(loop);
            if (box == null || box.items.isEmpty()) {
                writeNow(channel, frame, written, close, true);
                return;
            }
        }
        OUTBOXES.computeIfAbsent(loop, LoopOutbox::new).enqueue(new Item(channel, frame, written, close));
    }

    private void enqueue(Item item) {
        items.add(item);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The loop is shutting down: its connections are closing; what is queued is dropped.
                items.clear();
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        Map<Channel, Boolean> toFlush = new IdentityHashMap<>();
        List<Item> batch = new ArrayList<>();
        while (true) {
            Item item;
            while ((item = items.poll()) != null) {
                batch.add(item);
            }
            for (Item i : batch) {
                if (i.close()) {
                    writeNow(i.channel(), i.frame(), i.written(), true, true);
                    toFlush.remove(i.channel());
                } else {
                    writeNow(i.channel(), i.frame(), i.written(), false, false);
                    toFlush.put(i.channel(), Boolean.TRUE);
                }
            }
            batch.clear();
            toFlush.keySet().forEach(Channel::flush);
            toFlush.clear();
            scheduled.set(false);
            // A frame queued after the last poll but before the flag was cleared found it set and
            // did not schedule a drain: take it now, unless another drain is on its way.
            if (items.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void writeNow(Channel channel, Object frame, GenericFutureListener written, boolean close,
                                 boolean flush) {
        if (close) {
            channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        } else if (written != null) {
            (flush ? channel.writeAndFlush(frame) : channel.write(frame)).addListener(written);
        } else if (flush) {
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            channel.write(frame, channel.voidPromise());
        }
    }
}
