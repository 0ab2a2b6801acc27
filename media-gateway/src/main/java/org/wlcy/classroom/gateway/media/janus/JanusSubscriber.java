package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaException;
import org.wlcy.classroom.media.Subscriber;

/** One videoroom subscriber: a handle joined as {@code subscriber} to one feed. */
final class JanusSubscriber implements Subscriber, JanusRoom.HasHandle {

    private final JanusRoom room;
    private final JanusHandle handle;
    private final FeedId feedId;
    private final String sdpOffer;
    private final AtomicBoolean closed = new AtomicBoolean();

    JanusSubscriber(JanusRoom room, JanusHandle handle, FeedId feedId, String sdpOffer) {
        this.room = room;
        this.handle = handle;
        this.feedId = feedId;
        this.sdpOffer = sdpOffer;
    }

    @Override
    public FeedId feedId() {
        return feedId;
    }

    @Override
    public String sdpOffer() {
        return sdpOffer;
    }

    @Override
    public CompletionStage<Void> start(String sdpAnswer) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MediaException(0, "subscriber is closed"));
        }
        ObjectNode start = JanusMessages.body(room.json(), "start");
        return handle.message(start, JanusMessages.jsep(room.json(), "answer", sdpAnswer))
                .thenApply(answer -> null);
    }

    @Override
    public void trickle(IceCandidate candidate) {
        if (!closed.get()) {
            handle.trickle(candidate);
        }
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
        return "JanusSubscriber[feed " + feedId + ", handle " + handle.id() + "]";
    }
}
