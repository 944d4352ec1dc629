package io.camelhydra.component.hydra;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many calls of one function run at once in this application, with a bounded line of callers waiting for
 * a turn. Callers that must not pile up (HTTP) are turned away at once when the line is full; callers that can wait
 * (file inputs) wait.
 */
final class CallLimiter {

    private final String function;
    private final int maxConcurrent;
    private final int maxQueued;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();

    CallLimiter(String function, int maxConcurrent, int maxQueued) {
        this.function = function;
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    /**
     * Takes a slot, waiting in line if all are busy.
     *
     * @param  waitWhenBusy              wait however long the line is, instead of failing when it is full
     * @throws FunctionOverloadedException when all slots are busy and the line is full
     */
    void acquire(boolean waitWhenBusy) throws InterruptedException {
        // the timed form honours the line (the untimed tryAcquire would jump it)
        if (slots.tryAcquire(0, java.util.concurrent.TimeUnit.SECONDS)) {
            return;
        }
        if (!waitWhenBusy && waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw new FunctionOverloadedException(function, maxConcurrent, maxQueued);
        }
        try {
            slots.acquire();
        } finally {
            if (!waitWhenBusy) {
                waiting.decrementAndGet();
            }
        }
    }

    void release() {
        slots.release();
    }

    /** Calls running now. */
    int running() {
        return maxConcurrent - slots.availablePermits();
    }

    /** Callers waiting for a slot (only those that may be turned away are counted). */
    int waiting() {
        return waiting.get();
    }
}
