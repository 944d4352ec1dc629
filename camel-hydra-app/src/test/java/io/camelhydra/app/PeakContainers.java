package io.camelhydra.app;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/** Watches the engine (every 100 ms) for the most containers of one function and owner alive at once. */
final class PeakContainers implements AutoCloseable {

    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final DockerClient docker;
    private final Thread watcher;

    PeakContainers(String owner, String function) {
        docker = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder().build(),
                new ZerodepDockerHttpClient.Builder().dockerHost(URI.create("unix:///var/run/docker.sock")).build());
        watcher = new Thread(() -> {
            while (watching.get()) {
                int alive = docker.listContainersCmd().withLabelFilter(Map.of("io.camelhydra.owner", owner,
                        "io.camelhydra.function", function)).exec().size();
                peak.accumulateAndGet(alive, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-containers");
        watcher.start();
    }

    int peak() {
        return peak.get();
    }

    @Override
    public void close() throws Exception {
        watching.set(false);
        watcher.join();
        docker.close();
    }
}
