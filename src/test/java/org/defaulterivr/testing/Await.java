package org.defaulterivr.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking waits for tests, which run on JUnit's thread, never on an event loop. */
public final class Await {
    private Await() {
    }

    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future failed: " + e, e);
        }
    }

    /** Polls {@code condition} until it holds; fails after {@code limit}. Returns the time it took. */
    public static Duration until(Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
