package org.wlcy.classroom.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;

/**
 * Moves a WebSocket connection to another event loop of its group: its class's loop, at
 * {@code class.join} (issue J, docs/adr/0027). Then a message of the class is read, decided on the
 * class's lane and written to the class's pages on one thread; only its durable trace append
 * leaves it.
 *
 * <p>A move is safe only while nothing else writes to the connection, which holds before its join:
 * no lane knows it yet, and the replies it had (pings) were written on its loop. Reading stops,
 * the idle timer (scheduled on the old loop) is taken out, the channel is deregistered (Netty does
 * it after the current read), registered with the new loop, the idle timer put back there and
 * reading resumes. Bytes that arrived meanwhile wait in the socket, and frames decoded in the same
 * read are routed as before (they find the connection not yet joined, as without a move).
 */
final class LoopMove {
    private static final Logger LOG = LoggerFactory.getLogger(LoopMove.class);
    /** Set while the channel moves: what runs once it has (the join, and any other join sent with it). */
    private static final AttributeKey<Queue<Runnable>> MOVING = AttributeKey.valueOf("classroom.loopMove");

    private LoopMove() {
    }

    /**
     * Moves {@code channel} to {@code target} when it is another event loop of the channel's group
     * and this is the channel's own loop, then runs {@code then} on the new loop; otherwise runs
     * {@code then} at once. {@code then} is not run when the channel closed during the move.
     */
    static void move(Channel channel, Executor target, Runnable then) {
        Queue<Runnable> waiting = channel.attr(MOVING).get();
        if (waiting != null) {
            // A second join in the same read: it waits for the move under way, and runs after it.
            waiting.add(then);
            return;
        }
        EventLoop from = channel.eventLoop();
        if (!(target instanceof EventLoop to) || to == from || to.parent() != from.parent()
                || !from.inEventLoop() || !channel.isActive()) {
            then.run();
            return;
        }
        long start = System.nanoTime();
        Queue<Runnable> after = new ConcurrentLinkedQueue<>(List.of(then));
        channel.attr(MOVING).set(after);
        channel.config().setAutoRead(false);
        IdleTimer idle = IdleTimer.takeOut(channel.pipeline());
        channel.deregister().addListener(left -> {
            if (!left.isSuccess()) {
                LOG.debug("connection stays on its loop: {}", left.cause().toString());
                resume(channel, idle);
                runAll(channel, after);
                return;
            }
            to.register(channel).addListener(joined -> {
                if (!joined.isSuccess()) {
                    LOG.info("connection lost while moving to its class's loop: {}", joined.cause().toString());
                    channel.attr(MOVING).set(null);
                    channel.close();
                    return;
                }
                resume(channel, idle);
                StageTimes.since(Stage.MOVE, start);
                runAll(channel, after);
            });
        });
    }

    private static void runAll(Channel channel, Queue<Runnable> after) {
        channel.attr(MOVING).set(null);
        Runnable next;
        while ((next = after.poll()) != null) {
            next.run();
        }
    }

    private static void resume(Channel channel, IdleTimer idle) {
        idle.putBack(channel.pipeline());
        channel.config().setAutoRead(true);
    }

    /** The pipeline's idle handler, if any, and where it was (its timers belong to its loop). */
    private record IdleTimer(IdleStateHandler handler, String name, String before) {
        static IdleTimer takeOut(ChannelPipeline p) {
            IdleStateHandler h = p.get(IdleStateHandler.class);
            if (h == null) {
                return new IdleTimer(null, null, null);
            }
            String name = p.context(h).name();
            List<String> names = p.names();
            int at = names.indexOf(name);
            p.remove(h);
            return new IdleTimer(h, name, at == 0 ? null : names.get(at - 1));
        }

        void putBack(ChannelPipeline p) {
            if (handler == null) {
                return;
            }
            IdleStateHandler fresh = new IdleStateHandler(handler.getReaderIdleTimeInMillis(),
                    handler.getWriterIdleTimeInMillis(), handler.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS);
            if (before == null) {
                p.addFirst(name, fresh);
            } else {
                p.addAfter(before, name, fresh);
            }
        }
    }
}
