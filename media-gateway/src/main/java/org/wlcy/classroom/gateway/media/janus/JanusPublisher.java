package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.Publisher;

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
