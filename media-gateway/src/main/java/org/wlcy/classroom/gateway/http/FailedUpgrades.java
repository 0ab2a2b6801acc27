package org.wlcy.classroom.gateway.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Upgrades per address that failed the gate's checks (token, origin): a bucket of
 * {@code ws.failedUpgradesPerMinute} failures refilled over a minute. Only failures take tokens, so
 * a school behind one NAT address with valid tokens is never limited. The table forgets full
 * buckets when it grows past {@link #MAX_ADDRESSES}. Thread-safe.
 */
final class FailedUpgrades {
    static final int MAX_ADDRESSES = 10_000;
    private final int perMinute;
    private final double perNano;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    FailedUpgrades(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.perNano = perMinute / 60e9;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code address} has failures left (it has not failed too often lately). */
    boolean allowed(InetAddress address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return true;
        }
        synchronized (b) {
            return level(b) >= 1;
        }
    }

    /** Records one failed upgrade from {@code address}. */
    void failed(InetAddress address) {
        if (buckets.size() >= MAX_ADDRESSES) {
            forgetFull();
        }
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(perMinute, nanoTime.getAsLong()));
        synchronized (b) {
            b.tokens = Math.max(0, level(b) - 1);
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /** Tokens now; call holding b's lock. */
    private double level(Bucket b) {
        long now = nanoTime.getAsLong();
        b.tokens = Math.min(perMinute, b.tokens + (now - b.last) * perNano);
        b.last = now;
        return b.tokens;
    }

    private void forgetFull() {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return level(e.getValue()) >= perMinute;
            }
        });
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear(); // every address is failing: start over rather than grow without bound
        }
    }
}
