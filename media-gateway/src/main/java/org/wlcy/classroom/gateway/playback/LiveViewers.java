package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.wlcy.classroom.playback.catalog.VideoId;

/**
 * The people watching each video right now, each on a Server-Sent Events stream
 * ({@code GET /api/videos/{id}/live}, {@code text/event-stream}): new danmaku, comments and question
 * changes are pushed to all of them. A stream stays open until the page goes; a comment line every
 * {@link #KEEPALIVE_SECONDS} keeps proxies from closing it, and the connection's read-idle timeout is
 * lifted (the page sends nothing more on it). Thread-safe.
 */
final class LiveViewers implements AutoCloseable {
    static final int KEEPALIVE_SECONDS = 15;
    private final ObjectMapper mapper;
    private final Map<VideoId, Set<Channel>> viewers = new ConcurrentHashMap<>();

    LiveViewers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Turns the request's connection into an event stream for {@code video}; {@code hello} is its first event. */
    void open(ChannelHandlerContext ctx, VideoId video, Object hello) {
        Channel ch = ctx.channel();
        if (ch.pipeline().get("idle") != null) {
            ch.pipeline().remove("idle");
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("X-Accel-Buffering", "no");
        ch.write(res);
        ch.writeAndFlush(frame("hello", hello));
        Set<Channel> set = viewers.computeIfAbsent(video, v -> ConcurrentHashMap.newKeySet());
        set.add(ch);
        ScheduledFuture<?> keepalive = ch.eventLoop().scheduleAtFixedRate(
                () -> ch.writeAndFlush(chunk(": keep-alive\n\n")), KEEPALIVE_SECONDS, KEEPALIVE_SECONDS,
                TimeUnit.SECONDS);
        ch.closeFuture().addListener(f -> {
            keepalive.cancel(false);
            set.remove(ch);
        });
    }

    /** Sends {@code event} with {@code data} (as JSON) to everyone watching {@code video} now. */
    void push(VideoId video, String event, Object data) {
        Set<Channel> set = viewers.get(video);
        if (set == null || set.isEmpty()) {
            return;
        }
        String text = text(event, data);
        for (Channel ch : set) {
            ch.writeAndFlush(chunk(text));
        }
    }

    /** How many streams are open on {@code video}. */
    int count(VideoId video) {
        Set<Channel> set = viewers.get(video);
        return set == null ? 0 : set.size();
    }

    private DefaultHttpContent frame(String event, Object data) {
        return chunk(text(event, data));
    }

    private String text(String event, Object data) {
        try {
            return "event: " + event + "\ndata: " + mapper.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DefaultHttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        viewers.values().forEach(set -> set.forEach(Channel::close));
        viewers.clear();
    }
}
