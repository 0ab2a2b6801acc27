package org.wlcy.classroom.gateway.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What gateway nodes share (Redis, through {@link RedisClusterBus}): a message channel per node
 * and a few keys with leases. Every call is asynchronous; failures complete exceptionally while
 * the store is unreachable ({@link #isAvailable()} false), and the bus reconnects by itself.
 */
public interface ClusterBus extends AutoCloseable {
    /** This node's id, unique in the cluster. */
    String nodeId();

    /** Receives the messages sent to this node, on the bus's thread. Set once, before use. */
    void onMessage(Consumer<String> handler);

    /** Sends {@code payload} to node {@code node}. */
    CompletionStage<Void> send(String node, String payload);

    /** Takes {@code key} for this node for {@code lease} if free; completes with the holder (this node or another). */
    CompletionStage<String> claim(String key, Duration lease);

    /** Extends this node's lease on {@code key}; completes false if the key is not (or no longer) ours. */
    CompletionStage<Boolean> renew(String key, Duration lease);

    /** Deletes {@code key} if this node holds it; completes true if it did. */
    CompletionStage<Boolean> release(String key);

    CompletionStage<String> get(String key);

    /** Sets {@code key}; {@code ttl} null keeps it until deleted. */
    CompletionStage<Void> put(String key, String value, Duration ttl);

    CompletionStage<Void> delete(String key);

    /** True while the shared store answers. */
    boolean isAvailable();

    @Override
    void close();
}
