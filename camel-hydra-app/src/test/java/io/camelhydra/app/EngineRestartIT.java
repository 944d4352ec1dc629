package io.camelhydra.app;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Docker engine is restarted (dockerd stopped and started again, its containers stopped with it) while
 * clients keep calling toupper: calls in flight fail cleanly with 503 (never a wrong result, never a document's
 * fault), calls after the restart succeed, and every container is removed without restarting the app.
 * <p>
 * Restarting the engine disturbs everything else on it, so this runs only where the project started dockerd itself
 * (CI, or {@code HYDRA_IT_RESTART_ENGINE=true}), as root, on the local socket.
 */
@ExtendWith(DockerRequired.class)
class EngineRestartIT {

    @TempDir
    Path work;

    private final DockerContainerRuntime docker = new DockerContainerRuntime(null);
    private AppProcess app;

    @BeforeEach
    void allowedToRestartTheEngine() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean asked = "true".equalsIgnoreCase(System.getenv("HYDRA_IT_RESTART_ENGINE"));
        String why = null;
        if (!ci && !asked) {
            why = "it restarts the Docker engine: set HYDRA_IT_RESTART_ENGINE=true (CI does) to run it";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            why = "restarting dockerd needs root";
        } else if (System.getenv("DOCKER_HOST") != null && !System.getenv("DOCKER_HOST").equals("unix:///var/run/docker.sock")) {
            why = "DOCKER_HOST points at another engine";
        } else if (dockerdPid() < 0) {
            why = "no dockerd process on this host (the engine is managed elsewhere)";
        }
        if (why != null) {
            if (ci) {
                throw new AssertionError("EngineRestartIT cannot run on CI: " + why);
            }
            System.err.println("\n*** SKIPPED *** EngineRestartIT: " + why + "\n");
            Assumptions.abort(why);
        }
    }

    @AfterEach
    void stopApp() throws Exception {
        try {
            if (app != null) {
                app.close();
                assertThat(docker.countContainers(app.instanceId())).as("containers after the app stopped").isZero();
            }
        } finally {
            docker.close();
        }
    }

    @Test
    void callsInFlightFailCleanlyAndLaterOnesSucceed() throws Exception {
        app = new AppProcess(work).env("HYDRA_FTP_ENABLED", "false").start();
        long[] engineBack = new long[1];
        long[] engineStopping = new long[1];
        List<HttpLoad.Answer> answers = new HttpLoad(app).run(Duration.ofSeconds(50), Map.of(LoadIT.toupper(), 8),
                start -> {
                    try {
                        Thread.sleep(8000);
                        engineStopping[0] = System.nanoTime();
                        restartEngine();
                        engineBack[0] = System.nanoTime();
                    } catch (Exception e) {
                        throw new AssertionError("restarting the engine failed", e);
                    }
                });
        String report = HttpLoad.report(answers, Duration.ofSeconds(50));
        System.out.print("EngineRestartIT (engine away " + (engineBack[0] - engineStopping[0]) / 1_000_000
                + " ms):\n" + report);

        assertThat(answers.stream().filter(a -> !a.ok()).toList())
                .as("answers that are neither a correct result nor a 503 with Retry-After").isEmpty();
        assertThat(answers.stream().filter(a -> a.status() == 503)).as("calls during the restart")
                .isNotEmpty().allMatch(a -> a.problemType().equals("urn:camel-hydra:problem:function-unavailable")
                        || a.problemType().equals("urn:camel-hydra:problem:function-busy"));
        assertThat(answers.stream().filter(a -> a.startedNanos() < engineStopping[0] && a.status() == 200))
                .as("results before the restart").isNotEmpty();
        List<HttpLoad.Answer> after = answers.stream().filter(a -> a.startedNanos() > engineBack[0] + 2_000_000_000L)
                .toList();
        assertThat(after).as("calls after the restart").isNotEmpty()
                .allMatch(a -> a.status() == 200, "succeed");

        Await.until(Duration.ofSeconds(90), () -> "no container left while the app runs:\n" + app.logTail(),
                () -> docker.countContainers(app.instanceId()) == 0);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                app.url("/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("health: %s", health.body()).isEqualTo(200);
    }

    /** Stops dockerd as its service manager would (SIGTERM, its containers stop), then starts it as ./hydra does. */
    private static void restartEngine() throws Exception {
        long pid = dockerdPid();
        ProcessHandle dockerd = ProcessHandle.of(pid).orElseThrow();
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(pid)).start().waitFor()).isZero();
        dockerd.onExit().get(90, TimeUnit.SECONDS);
        Process start = new ProcessBuilder(DockerRequired.projectDir().resolve("scripts/ensure-docker.sh").toString())
                .redirectErrorStream(true).start();
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(start.waitFor()).as("scripts/ensure-docker.sh: %s", out).isZero();
    }

    /** The pid of the dockerd on this host, or -1. */
    private static long dockerdPid() throws Exception {
        try (var pids = Files.list(Path.of("/proc"))) {
            return pids.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("comm")).strip().equals("dockerd");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst().orElse(-1);
        }
    }
}
