package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RtpForward;

/** One videoroom publisher: a handle joined as {@code publisher} and configured with an offer. */
final class JanusPublisher implements Publisher, JanusRoom.HasHandle {

    private final JanusRoom room;
    private final JanusHandle handle;
    private final FeedId feedId;
    private final String sdpAnswer;
    private final AtomicBoolean closed = new AtomicBoolean();

    JanusPublisher(JanusRoom room, JanusHandle handle, FeedId feedId, String sdpAnswer) {
        this.room = room;
        this.handle = handle;
        this.feedId = feedId;
        this.sdpAnswer = sdpAnswer;
    }

    @Override
    public FeedId feedId() {
        return feedId;
    }

    @Override
    public String sdpAnswer() {
        return sdpAnswer;
    }

    @Override
    public void trickle(IceCandidate candidate) {
        if (!closed.get()) {
            handle.trickle(candidate);
        }
    }

    @Override
    public CompletionStage<Void> requestKeyframe() {
        ObjectNode configure = JanusMessages.body(room.json(), "configure").put("keyframe", true);
        return handle.message(configure, null).thenApply(answer -> null);
    }

    /**
     * Sends videoroom {@code configure} with {@code "record": true} and {@code "filename": fileBase}
     * (absolute). Janus 1.1.2 then writes one {@code <fileBase>-<audio|video>-<mindex>.mjr} per
     * media section, starting with the next packet (it asks the browser for a keyframe itself),
     * and closes them on {@code "record": false} or when the publisher leaves. The room has no
     * {@code rec_dir}, so the path is used as given; its folder must exist and lie outside Janus's
     * {@code protected_folders} (see {@code JanusConfigWriter}).
     */
    @Override
    public CompletionStage<Void> record(java.nio.file.Path fileBase) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MediaException(0, "publisher " + feedId + " is closed"));
        }
        ObjectNode configure = JanusMessages.body(room.json(), "configure")
                .put("record", true)
                .put("filename", fileBase.toAbsolutePath().toString())
                .put("keyframe", true);
        return handle.message(configure, null).thenApply(answer -> {
            // A recording is useless until its first keyframe. Janus asks once when it starts
            // recording, but a browser ignores a request that comes right after an earlier keyframe
            // (and a static screen share sends none by itself): ask again a little later.
            for (long delay : KEYFRAME_RETRY_MILLIS) {
                CompletableFuture.delayedExecutor(delay, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(() -> {
                            if (!closed.get()) {
                                requestKeyframe();
                            }
                        });
            }
            return (Void) null;
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(JanusRoom.asMediaException(JanusRoom.unwrap(e))));
    }

    /** When to ask again for a keyframe after a recording starts. */
    private static final long[] KEYFRAME_RETRY_MILLIS = {1_000, 3_000};

    /** {@code configure} with {@code "record": false}; nothing to do once the publisher is closed. */
    @Override
    public CompletionStage<Void> stopRecording() {
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        ObjectNode configure = JanusMessages.body(room.json(), "configure").put("record", false);
        return handle.message(configure, null).thenApply(answer -> (Void) null)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(JanusRoom.asMediaException(JanusRoom.unwrap(e))));
    }

    /**
     * Sends videoroom {@code rtp_forward} with a {@code streams} entry (by {@code mid}) for the
     * first active audio and video section of the negotiated SDP. Packets keep the publisher's
     * payload types, which the result reports.
     */
    @Override
    public CompletionStage<RtpForward> forwardRtp(String host, int audioPort, int videoPort) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MediaException(0, "publisher " + feedId + " is closed"));
        }
        List<SdpMedia> sections = SdpMedia.parse(sdpAnswer);
        SdpMedia audio = audioPort > 0 ? SdpMedia.first(sections, "audio") : null;
        SdpMedia video = videoPort > 0 ? SdpMedia.first(sections, "video") : null;
        if (audio == null && video == null) {
            return CompletableFuture.failedFuture(new MediaException(0,
                    "publisher " + feedId + " has no " + (videoPort > 0 ? "video" : "audio") + " to forward"));
        }
        ObjectNode request = JanusMessages.body(room.json(), "rtp_forward")
                .put("room", room.roomId())
                .put("publisher_id", feedId.value())
                .put("host", host);
        ArrayNode streams = request.putArray("streams");
        if (audio != null) {
            streams.addObject().put("mid", audio.mid()).put("port", audioPort);
        }
        if (video != null) {
            streams.addObject().put("mid", video.mid()).put("port", videoPort);
        }
        return room.adminRequest(request).thenApply(answer -> {
            List<Long> ids = new ArrayList<>();
            for (JsonNode f : JanusMessages.pluginData(answer).path("forwarders")) {
                if (f.has("stream_id")) {
                    ids.add(f.get("stream_id").asLong());
                }
            }
            return (RtpForward) new JanusRtpForward(room, feedId.value(), host,
                    audio != null ? audioPort : 0, video != null ? videoPort : 0,
                    audio != null ? audio.codec() : null, video != null ? video.codec() : null, ids);
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(JanusRoom.asMediaException(JanusRoom.unwrap(e))));
    }

    @Override
    public void close() {
        closeAsync();
    }

    CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        room.forget(this);
        return handle.detach();
    }

    @Override
    public String toString() {
        return "JanusPublisher[feed " + feedId + ", handle " + handle.id() + "]";
    }
}
