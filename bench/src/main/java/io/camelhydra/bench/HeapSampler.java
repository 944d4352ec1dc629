package io.camelhydra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the JVM's used heap ({@link MemoryMXBean}) every few milliseconds and keeps the maximum, over the whole run
 * and over the current window (one scenario). Used heap includes garbage not yet collected, so the maximum is an
 * upper bound of what the run needed, capped by -Xmx.
 */
final class HeapSampler implements AutoCloseable {

    static final long INTERVAL_MS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxUsed;
    private volatile long windowMaxUsed;

    HeapSampler() {
        thread = new Thread(this::sample, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used > maxUsed) {
                maxUsed = used;
            }
            if (used > windowMaxUsed) {
                windowMaxUsed = used;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long maxUsed() {
        return maxUsed;
    }

    /** The maximum since the last call, then starts a new window. */
    long takeWindowMax() {
        long max = Math.max(windowMaxUsed, memory.getHeapMemoryUsage().getUsed());
        windowMaxUsed = 0;
        return max;
    }

    long maxHeap() {
        long max = memory.getHeapMemoryUsage().getMax();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
