package org.wlcy.classroom.media;

import java.util.concurrent.CompletionStage;

/** One media room (one Janus videoroom). {@link #close()} cascades and is idempotent. */
public interface MediaRoom extends AutoCloseable {

    RoomSpec spec();

    /**
     * Publishes one stream (camera or screen share) from a browser's SDP offer.
     *
     * @param display   label the media server shows (participant id + stream kind)
     * @param sdpOffer  the browser's offer
     * @param events    receives the media server's ICE candidates and state changes
     * @return the publisher, whose {@link Publisher#sdpAnswer()} goes back to the browser
     */
    CompletionStage<Publisher> publish(String display, String sdpOffer, MediaEvents events);

    /**
     * Subscribes to one published stream. The media server makes the offer
     * ({@link Subscriber#sdpOffer()}); the browser answers through {@link Subscriber#start}.
     */
    CompletionStage<Subscriber> subscribe(FeedId feed, MediaEvents events);

    @Override
    void close();
}
