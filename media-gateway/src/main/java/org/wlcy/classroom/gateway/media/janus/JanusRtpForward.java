package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.media.RtpCodec;
import org.wlcy.classroom.media.RtpForward;

/**
 * A videoroom RTP forwarder set ({@code rtp_forward}) of one publisher; {@link #stop()} sends one
 * {@code stop_rtp_forward} per forwarded stream. Janus drops forwarders by itself when the
 * publisher leaves, so a failed stop after that is only logged.
 */
final class JanusRtpForward implements RtpForward {

    private static final Logger log = LoggerFactory.getLogger(JanusRtpForward.class);

    private final JanusRoom room;
    private final long publisherId;
    private final String host;
    private final int audioPort;
    private final int videoPort;
    private final RtpCodec audio;
    private final RtpCodec video;
    private final List<Long> streamIds;
    private final AtomicReference<CompletableFuture<Void>> stopping = new AtomicReference<>();

    JanusRtpForward(JanusRoom room, long publisherId, String host, int audioPort, int videoPort,
                    RtpCodec audio, RtpCodec video, List<Long> streamIds) {
        this.room = room;
        this.publisherId = publisherId;
        this.host = host;
        this.audioPort = audioPort;
        this.videoPort = videoPort;
        this.audio = audio;
        this.video = video;
        this.streamIds = List.copyOf(streamIds);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int audioPort() {
        return audioPort;
    }

    @Override
    public int videoPort() {
        return videoPort;
    }

    @Override
    public RtpCodec video() {
        return video;
    }

    @Override
    public RtpCodec audio() {
        return audio;
    }

    /** Janus's forwarder ids ({@code stream_id}), one per forwarded stream. */
    List<Long> streamIds() {
        return streamIds;
    }

    @Override
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!stopping.compareAndSet(null, mine)) {
            return stopping.get();
        }
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (long id : streamIds) {
            ObjectNode stop = JanusMessages.body(room.json(), "stop_rtp_forward")
                    .put("room", room.roomId())
                    .put("publisher_id", publisherId)
                    .put("stream_id", id);
            steps.add(room.adminRequest(stop).handle((r, e) -> {
                if (e != null) {
                    log.debug("stop_rtp_forward {} of publisher {} failed (gone already?): {}", id, publisherId,
                            JanusConnection.rootMessage(e));
                }
                return null;
            }));
        }
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> mine.complete(null));
        return mine;
    }

    @Override
    public String toString() {
        return "JanusRtpForward[publisher " + publisherId + " -> " + host + " audio " + audioPort + " video "
                + videoPort + ", forwarders " + streamIds + "]";
    }
}
