package org.wlcy.classroom.session;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Makes ids for presences, lessons, streams and subscriptions. */
public interface IdGenerator {

    /** A new id starting with {@code prefix}, e.g. {@code "p-"}. */
    String next(String prefix);

    /** Unguessable ids: a counter (for readable logs) plus random bits. */
    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        AtomicLong counter = new AtomicLong();
        return prefix -> prefix + Long.toString(counter.incrementAndGet(), 36) + "-"
                + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    /** Predictable ids for tests: {@code p-1}, {@code s-2}... */
    static IdGenerator sequential() {
        AtomicLong counter = new AtomicLong();
        return prefix -> prefix + counter.incrementAndGet();
    }
}
