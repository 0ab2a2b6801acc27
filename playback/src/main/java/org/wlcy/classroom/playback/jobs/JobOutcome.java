package org.wlcy.classroom.playback.jobs;

import java.util.List;

/** A finished job: the playable length and the HLS tracks it wrote under {@code hls/<track>/}. */
public record JobOutcome(long durationMillis, List<String> tracks) {
    public JobOutcome {
        tracks = List.copyOf(tracks);
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a job must produce at least one track");
        }
    }
}
