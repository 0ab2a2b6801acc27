package org.wlcy.classroom.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import org.wlcy.classroom.lane.Stage;

/**
 * What an operator watches (issue H, README "Operations"), in Prometheus' text format at
 * {@code GET /metrics}: signalling connections, messages in and out, errors sent by code, classes
 * live, media server health, trace appends (latency), the JVM. Counting is a {@code LongAdder}
 * increment on the signalling path; everything else is read only when scraped.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter messagesIn;
    private final Counter messagesOut;
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final Timer traceAppend;
    private final java.util.EnumMap<Stage, Timer> stages = new java.util.EnumMap<>(Stage.class);

    public GatewayMetrics() {
        Gauge.builder("classroom_connections", connections, AtomicInteger::get)
                .description("open signalling WebSocket connections").register(registry);
        messagesIn = Counter.builder("classroom_messages_in").description("signalling messages received")
                .register(registry);
        messagesOut = Counter.builder("classroom_messages_out").description("signalling messages sent")
                .register(registry);
        traceAppend = Timer.builder("classroom_trace_append").description("trace appends until durable (fsync or commit)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        for (Stage stage : Stage.values()) {
            stages.put(stage, Timer.builder("classroom_stage").tag("stage", stage.wire())
                    .description("time of one stage of a message's way to the pages (docs/benchmarks.md)")
                    .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofSeconds(20))
                    .distributionStatisticBufferLength(4).register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Where a message's time goes, per {@link Stage} (installed with {@link org.wlcy.classroom.lane.StageTimes}). */
    public org.wlcy.classroom.lane.StageTimes.Sink stageSink() {
        return (stage, nanos) -> stages.get(stage).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A gauge read when scraped, e.g. classes live or the media server's health (1 up, 0 down). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    public void gauge(String name, String description, IntSupplier value) {
        gauge(name, description, value, IntSupplier::getAsInt);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void messageIn() {
        messagesIn.increment();
    }

    public void messageOut() {
        messagesOut.increment();
    }

    /** An error reply sent on a signalling connection, by its protocol code. */
    public void error(int code) {
        error(code, "ws");
    }

    /** An error reply sent by protocol code and transport: {@code ws} (signalling) or {@code http} (REST). */
    public void error(int code, String transport) {
        errors.computeIfAbsent(transport + code, k -> Counter.builder("classroom_errors")
                .tag("code", Integer.toString(code)).tag("transport", transport)
                .description("error replies sent, by protocol code and transport (ws, http)").register(registry))
                .increment();
    }

    public Timer traceAppend() {
        return traceAppend;
    }

    /** The text a Prometheus server scrapes. */
    public String scrape() {
        return registry.scrape();
    }

    /** For tests and callers that add their own meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
