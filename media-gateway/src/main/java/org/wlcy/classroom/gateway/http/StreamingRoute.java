package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandler;

/**
 * A route whose request bodies are too large for the 64 KiB {@link io.netty.handler.codec.http.HttpObjectAggregator}
 * (e.g. video upload chunks). {@link GatewayServer} puts a fresh handler of each such route in every
 * connection's pipeline before the aggregator: it sees the raw {@code HttpRequest} and
 * {@code HttpContent} messages, consumes the ones of its own requests and passes everything else on.
 */
public interface StreamingRoute {
    /** A new handler for one connection (handlers may keep per-connection state). */
    ChannelHandler newHandler();
}
