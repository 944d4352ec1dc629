package io.camelhydra.app;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import io.camelhydra.testing.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** 1 GiB posted to the app, whose heap is capped at 128 MiB, comes back converted and complete. */
@ExtendWith(DockerRequired.class)
class LargeUploadIT {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path work;

    @Test
    void oneGibibyteThroughHttpWithA128MiBHeap() throws Exception {
        try (AppProcess app = new AppProcess(work).jvm("-Xmx128m").env("HYDRA_HTTP_MAX_INPUT", "2g").start();
             DockerContainerRuntime docker = new DockerContainerRuntime(null)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                    .timeout(Duration.ofMinutes(8))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Streams.text(SIZE, 11))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            String got;
            try (InputStream body = response.body()) {
                got = Streams.digest(body, false);
            }
            assertThat(got).isEqualTo(Streams.digest(Streams.text(SIZE, 11), true));
            assertThat(app.process().isAlive()).as("the app survived:\n" + app.logTail()).isTrue();
            assertThat(app.logText()).doesNotContain("OutOfMemoryError");
            assertThat(docker.countContainers(app.instanceId())).isZero();
        }
    }
}
