package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a timeout; the condition is checked by a timer, never by sleeping. */
final class Await {

    private Await() {
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return;
        }
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> met = new CompletableFuture<>();
        ScheduledFuture<?> task = checker.scheduleWithFixedDelay(() -> {
            try {
                if (condition.getAsBoolean()) {
                    met.complete(null);
                }
            } catch (RuntimeException e) {
                met.completeExceptionally(e);
            }
        }, 10, 20, TimeUnit.MILLISECONDS);
        try {
            met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("timed out after " + timeout + " waiting for: " + what);
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + " failed", e);
        } finally {
            task.cancel(false);
            checker.shutdownNow();
        }
    }
}
