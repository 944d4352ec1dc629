package io.camelhydra.app;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or the time is up; the failure says what was awaited. */
final class Await {

    interface Check {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(Duration limit, String what, Check check) throws Exception {
        until(limit, () -> what, check);
    }

    static void until(Duration limit, Supplier<String> what, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (check.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit + ": " + what.get());
            }
            Thread.sleep(200);
        }
    }
}
