package io.camelhydra.app;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP door of the packaged app with authentication and a small input limit on: every refusal is a problem
 * response with the status a client can act on, is given before any container runs, and a request can only lower
 * the time limit, never choose what runs. A test catalog adds {@code slow}, a function that never finishes in time
 * and may run once at a time with no line, so timeouts and overload are certain rather than load-dependent.
 */
@ExtendWith(DockerRequired.class)
class HttpGateIT {

    private static final String KEY = "key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);

    @TempDir
    static Path work;

    private static AppProcess app;

    @BeforeAll
    static void startApp() throws Exception {
        Path catalog = work.resolve("catalog.yaml");
        Files.writeString(catalog, """
                functions:
                  - name: toupper
                    description: Upper-case text
                    image: camel-hydra/fn-toupper:1
                    command: [tr, a-z, A-Z]
                    timeout: 60s
                    contentType: text/plain
                    extension: txt
                    accepts: [text/*, application/octet-stream, .txt]
                    memory: 64m
                  - name: slow
                    description: Never finishes within its limit
                    image: camel-hydra/fn-toupper:1
                    command: [sleep, "60"]
                    timeout: 3s
                    contentType: text/plain
                    extension: txt
                    accepts: [text/*, application/octet-stream, .txt]
                    memory: 64m
                    maxConcurrentCalls: 1
                    maxQueuedCalls: 0
                """);
        app = new AppProcess(work).env("HYDRA_CATALOG", catalog.toString()).env("HYDRA_API_KEY", KEY)
                .env("HYDRA_HTTP_MAX_INPUT", "1m").env("HYDRA_FTP_ENABLED", "false").start();
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
            assertThat(DOCKER.countContainers(app.instanceId())).as("containers after the app stopped").isZero();
        }
        DOCKER.close();
    }

    @AfterEach
    void noContainerLeftBehind() throws Exception {
        Await.until(Duration.ofSeconds(20), "no container left", () -> DOCKER.countContainers(app.instanceId()) == 0);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(app.url(path)).timeout(Duration.ofMinutes(1)).header("X-API-Key", KEY);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts an RFC 9457 problem response and returns its fields. */
    private static JsonNode problem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as("status of %s: %s", response.request().uri(), response.body())
                .isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo(type);
        assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
        String id = problem.path("requestId").asText();
        assertThat(id).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(id);
        assertThat(app.logText()).as("the access log names request %s", id).contains("id=" + id);
        return problem;
    }

    @Test
    void everyFunctionNeedsTheKeyButHealthDoesNot() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(problem(none, 401, "urn:camel-hydra:problem:unauthenticated").path("detail").asText())
                .contains("X-API-Key");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                .header("X-API-Key", KEY + "x").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        problem(wrong, 401, "urn:camel-hydra:problem:unauthenticated");
        for (String path : List.of("/functions", "/")) {
            problem(send(HttpRequest.newBuilder(app.url(path)).build()), 401,
                    "urn:camel-hydra:problem:unauthenticated");
        }

        HttpResponse<String> health = send(HttpRequest.newBuilder(app.url("/observe/health")).build());
        assertThat(health.statusCode()).as("health without a key: %s", health.body()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        HttpResponse<String> ok = send(request("/functions/toupper").POST(HttpRequest.BodyPublishers
                .ofString("hello")).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("HELLO");
        assertThat(app.logText()).contains("HTTP authentication is on (X-API-Key header)");
    }

    @Test
    void theFtpInputCanBeSwitchedOff() throws Exception {
        assertThat(app.logText()).contains("FTP input is off (HYDRA_FTP_ENABLED=false)")
                .doesNotContain("Started ftp-input").doesNotContain("Embedded FTP server on");
    }

    @Test
    void bodiesOverTheLimitAreRefusedBeforeAnyFunctionRuns() throws Exception {
        Instant start = Instant.now();
        byte[] twoMiB = new byte[2 << 20];
        HttpResponse<String> declared = send(request("/functions/toupper")
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMiB)).build());
        assertThat(problem(declared, 413, "urn:camel-hydra:problem:input-rejected").path("detail").asText())
                .contains("the limit is 1048576").contains("HYDRA_HTTP_MAX_INPUT");
        // without a Content-Length (chunked) the spooled size is checked instead
        HttpResponse<String> chunked = send(request("/functions/toupper")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMiB))).build());
        assertThat(chunked.request().headers().firstValue("Content-Length")).isEmpty();
        assertThat(problem(chunked, 413, "urn:camel-hydra:problem:input-rejected").path("detail").asText())
                .contains("the limit is 1048576");
        assertThat(ContainersCreated.since(app.instanceId(), start)).as("containers run for refused bodies")
                .isEmpty();
    }

    @Test
    void malformedAndUnacceptableRequestsSayWhatToChange() throws Exception {
        Instant start = Instant.now();
        assertThat(problem(send(request("/functions/toupper").POST(HttpRequest.BodyPublishers.noBody()).build()),
                400, "urn:camel-hydra:problem:input-rejected").path("detail").asText())
                .contains("no body").contains("--data-binary");
        assertThat(problem(send(request("/functions/toupper").header("X-Hydra-Timeout", "soon")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 400,
                "urn:camel-hydra:problem:input-rejected").path("detail").asText())
                .contains("X-Hydra-Timeout must be a duration");
        assertThat(problem(send(request("/functions/toupper")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")).build()), 415,
                "urn:camel-hydra:problem:input-rejected").path("detail").asText()).contains("--data-binary");
        assertThat(problem(send(request("/functions/toupper").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 415,
                "urn:camel-hydra:problem:input-rejected").path("detail").asText())
                .contains("does not take image/png").contains("text/*");
        assertThat(problem(send(request("/functions/toupper?filename=setup.exe")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 415,
                "urn:camel-hydra:problem:input-rejected").path("detail").asText()).contains("does not take .exe");
        assertThat(problem(send(request("/functions/nope").POST(HttpRequest.BodyPublishers.ofString("x")).build()),
                404, "urn:camel-hydra:problem:unknown-function").path("detail").asText())
                .contains("Known functions: toupper, slow");
        problem(send(request("/nothing/here").build()), 404, "urn:camel-hydra:problem:not-found");
        HttpResponse<String> get = send(request("/functions/toupper").build());
        problem(get, 405, "urn:camel-hydra:problem:method-not-allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(ContainersCreated.since(app.instanceId(), start)).as("containers run for refused requests")
                .isEmpty();
    }

    @Test
    void aRequestCanLowerTheTimeLimitButNotRaiseIt() throws Exception {
        long begin = System.nanoTime();
        JsonNode lowered = problem(send(request("/functions/slow").header("X-Hydra-Timeout", "1s")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 504,
                "urn:camel-hydra:problem:function-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        assertThat(lowered.path("timeoutMs").asLong()).isEqualTo(1000);
        assertThat(lowered.path("detail").asText()).contains("Function slow (camel-hydra/fn-toupper:1) timed out")
                .contains("its container was killed and removed");

        JsonNode raised = problem(send(request("/functions/slow").header("X-Hydra-Timeout", "1h")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 504,
                "urn:camel-hydra:problem:function-timeout");
        assertThat(raised.path("timeoutMs").asLong()).as("the catalog's limit stands").isEqualTo(3000);
    }

    @Test
    void aBusyFunctionTurnsCallersAwayAtOnceWhileOthersServe() throws Exception {
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(request("/functions/slow")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(Duration.ofSeconds(30), "the first call of slow runs",
                () -> DOCKER.countContainers(app.instanceId()) == 1);
        long begin = System.nanoTime();
        HttpResponse<String> second = send(request("/functions/slow").POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("turned away, not queued")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(problem(second, 503, "urn:camel-hydra:problem:function-busy").path("detail").asText())
                .contains("slow");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        // the limit is per function: another one still serves
        HttpResponse<String> other = send(request("/functions/toupper").POST(HttpRequest.BodyPublishers
                .ofString("meanwhile")).build());
        assertThat(other.body()).isEqualTo("MEANWHILE");
        assertThat(first.get().statusCode()).isEqualTo(504);
    }

    @Test
    void aRequestCannotChooseImageCommandEnvironmentOrFileNames() throws Exception {
        Instant start = Instant.now();
        HttpResponse<String> response = send(request("/functions/toupper?image=camel-hydra/fn-txt:1&command=cat"
                + "&env.HOME=/etc&user=0:0&network=host&CamelHydraTimeout=1")
                .header("CamelHydraTimeout", "1")
                .header("CamelHydraImage", "camel-hydra/fn-txt:1")
                .header("CamelFileName", "../../../../etc/passwd")
                .header("hydraFunction", "pdf")
                .POST(HttpRequest.BodyPublishers.ofString("still tr")).build());
        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("STILL TR");
        assertThat(response.headers().firstValue("X-Hydra-Function")).hasValue("toupper");
        assertThat(ContainersCreated.since(app.instanceId(), start)).containsExactly("camel-hydra/fn-toupper:1");

        // a file name only names the download: its last segment, never a path
        HttpResponse<String> named = send(request("/functions/toupper?filename=..%2F..%2Fetc%2Fnotes.txt")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(named.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"notes.txt\"").doesNotContain("..");
    }

    @Test
    void basicAuthenticationWhenAUserIsConfigured() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        try (AppProcess basic = new AppProcess(Files.createDirectories(work.resolve("basic"))).env("HYDRA_HTTP_USER", "alice")
                .env("HYDRA_HTTP_PASSWORD", password).env("HYDRA_FTP_ENABLED", "false").start()) {
            URI url = basic.url("/functions/toupper");
            HttpResponse<String> none = send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers
                    .ofString("hi")).build());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(url).header("Authorization", basic("alice",
                    password + "x")).POST(HttpRequest.BodyPublishers.ofString("hi")).build());
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> right = send(HttpRequest.newBuilder(url).header("Authorization", basic("alice",
                    password)).POST(HttpRequest.BodyPublishers.ofString("hi")).build());
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("HI");
            assertThat(basic.logText()).contains("HTTP authentication is on (basic, user alice)")
                    .doesNotContain(password);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
