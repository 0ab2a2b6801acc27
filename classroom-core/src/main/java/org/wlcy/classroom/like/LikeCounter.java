package org.wlcy.classroom.like;

import java.time.Instant;

/**
 * The likes of one lesson: the total, and how many came in the last second (for the pages'
 * animation), counted in ten 100 ms slots so that memory stays constant however fast likes come.
 * Time comes from the caller. Not thread-safe: used on the class's lane.
 */
public final class LikeCounter {
    private static final int SLOTS = 10;
    private static final long SLOT_MS = 100;
    private final long[] slotIndex = new long[SLOTS];
    private final long[] slotCount = new long[SLOTS];
    private long total;

    public LikeCounter() {
        java.util.Arrays.fill(slotIndex, Long.MIN_VALUE);
    }

    public void add(int count, Instant now) {
        long index = Math.floorDiv(now.toEpochMilli(), SLOT_MS);
        int slot = (int) Math.floorMod(index, SLOTS);
        if (slotIndex[slot] != index) {
            slotIndex[slot] = index;
            slotCount[slot] = 0;
        }
        slotCount[slot] += count;
        total += count;
    }

    public long total() {
        return total;
    }

    /** Likes in the second up to {@code now} (at 100 ms resolution). */
    public long lastSecond(Instant now) {
        long index = Math.floorDiv(now.toEpochMilli(), SLOT_MS);
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slotIndex[i] > index - SLOTS && slotIndex[i] <= index) {
                sum += slotCount[i];
            }
        }
        return sum;
    }
}
