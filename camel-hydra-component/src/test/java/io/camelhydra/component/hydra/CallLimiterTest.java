package io.camelhydra.component.hydra;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallLimiterTest {

    @Test
    void turnsAwayCallersBeyondSlotsAndLineButLetsPatientOnesWait() throws Exception {
        CallLimiter limiter = new CallLimiter("pdf", 2, 1);
        limiter.acquire(false);
        limiter.acquire(false);
        assertThat(limiter.running()).isEqualTo(2);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch queued = new CountDownLatch(1);
            Future<?> inLine = pool.submit(() -> {
                queued.countDown();
                limiter.acquire(false);
                return null;
            });
            queued.await();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (limiter.waiting() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(limiter.waiting()).isEqualTo(1);
            assertThatThrownBy(() -> limiter.acquire(false)).isInstanceOf(FunctionOverloadedException.class)
                    .hasMessage("Function pdf is busy: 2 calls are running and 1 are waiting (maxConcurrentCalls, "
                                + "maxQueuedCalls). Try again shortly.");

            Future<?> patient = pool.submit(() -> {
                limiter.acquire(true);
                return null;
            });
            limiter.release();
            inLine.get(5, TimeUnit.SECONDS);
            limiter.release();
            patient.get(5, TimeUnit.SECONDS);
            assertThat(limiter.running()).isEqualTo(2);
            assertThat(limiter.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
