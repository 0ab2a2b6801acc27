package org.wlcy.classroom.gateway.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on Redis through Lettuce: one command connection and one pub/sub connection,
 * both reconnecting by themselves (Lettuce re-subscribes after a reconnect). Keys and channels are
 * prefixed {@code wlcy:}. Commands fail fast while Redis is away instead of queueing.
 */
public final class RedisClusterBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBus.class);
    private static final String PREFIX = "wlcy:";
    /** Extends the lease only if this node holds it. */
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    /** Deletes the lease only if this node holds it. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private final String nodeId;
    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisAsyncCommands<String, String> redis;
    private volatile Consumer<String> handler = m -> { };

    private RedisClusterBus(String nodeId, RedisClient client, ClientResources resources,
                            StatefulRedisConnection<String, String> connection,
                            StatefulRedisPubSubConnection<String, String> pubsub) {
        this.nodeId = nodeId;
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.pubsub = pubsub;
        this.redis = connection.async();
    }

    /** Connects to {@code redisUrl} (e.g. {@code redis://127.0.0.1:6379}) as node {@code nodeId}. */
    public static RedisClusterBus connect(String redisUrl, String nodeId) {
        // Reconnect quickly (Lettuce's default backs off to 30 s): a class should not wait long for Redis.
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        StatefulRedisConnection<String, String> connection;
        StatefulRedisPubSubConnection<String, String> pubsub;
        try {
            connection = client.connect();
            pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + redisUrl + " (cluster.redisUrl): "
                    + e.getMessage(), e);
        }
        RedisClusterBus bus = new RedisClusterBus(nodeId, client, resources, connection, pubsub);
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    bus.handler.accept(message);
                } catch (RuntimeException e) {
                    LOG.error("cluster message failed: {}", message, e);
                }
            }
        });
        pubsub.sync().subscribe(PREFIX + "node:" + nodeId);
        LOG.info("cluster node {} on Redis {}", nodeId, redisUrl);
        return bus;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void onMessage(Consumer<String> handler) {
        this.handler = handler;
    }

    @Override
    public CompletionStage<Void> send(String node, String payload) {
        return redis.publish(PREFIX + "node:" + node, payload).thenApply(n -> null);
    }

    @Override
    public CompletionStage<String> claim(String key, Duration lease) {
        return redis.set(PREFIX + key, nodeId, SetArgs.Builder.nx().px(lease.toMillis()))
                .thenCompose(ok -> "OK".equals(ok)
                        ? java.util.concurrent.CompletableFuture.completedFuture(nodeId)
                        : redis.get(PREFIX + key).thenApply(holder -> holder == null ? "" : holder));
    }

    @Override
    public CompletionStage<Boolean> renew(String key, Duration lease) {
        return redis.<Long>eval(RENEW, ScriptOutputType.INTEGER, new String[] {PREFIX + key}, nodeId,
                Long.toString(lease.toMillis())).thenApply(n -> n != null && n == 1L);
    }

    @Override
    public CompletionStage<Boolean> release(String key) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {PREFIX + key}, nodeId)
                .thenApply(n -> n != null && n == 1L);
    }

    @Override
    public CompletionStage<String> get(String key) {
        return redis.get(PREFIX + key);
    }

    @Override
    public CompletionStage<Void> put(String key, String value, Duration ttl) {
        return (ttl == null ? redis.set(PREFIX + key, value) : redis.set(PREFIX + key, value,
                SetArgs.Builder.px(ttl.toMillis()))).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return redis.del(PREFIX + key).thenApply(n -> null);
    }

    @Override
    public boolean isAvailable() {
        return connection.isOpen() && pubsub.isOpen();
    }

    @Override
    public void close() {
        pubsub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
