package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;

/**
 * Counts REST error replies by protocol code ({@code classroom_errors_total{transport="http"}}),
 * read from {@link Json#ERROR_CODE_HEADER} as each response goes out. It sits right after the HTTP
 * codec, so every handler's replies pass it (the request guard's, the streamed uploads', the API's).
 */
@ChannelHandler.Sharable
final class ErrorCodeCounter extends ChannelOutboundHandlerAdapter {
    private final GatewayMetrics metrics;

    ErrorCodeCounter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse res) {
            String code = res.headers().get(Json.ERROR_CODE_HEADER);
            if (code != null) {
                try {
                    metrics.error(Integer.parseInt(code), "http");
                } catch (NumberFormatException ignored) {
                    // only Json sets the header, always with a number
                }
            }
        }
        super.write(ctx, msg, promise);
    }
}
