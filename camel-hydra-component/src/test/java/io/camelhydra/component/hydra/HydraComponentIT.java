package io.camelhydra.component.hydra;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import io.camelhydra.testing.Streams;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static io.camelhydra.testing.DockerRequired.TOUPPER_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The component against real containers on the real engine. */
@ExtendWith(DockerRequired.class)
class HydraComponentIT extends CamelTestSupport {

    private final String owner = "it-" + UUID.randomUUID();
    private final DockerContainerRuntime docker = new DockerContainerRuntime(null);

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        HydraComponent hydra = new HydraComponent();
        hydra.setCatalog("file:" + DockerRequired.projectDir().resolve("functions/catalog.yaml"));
        hydra.setInstanceId(owner);
        context.addComponent("hydra", hydra);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String busybox = "image=" + TOUPPER_IMAGE;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:toupper").to("hydra:toupper");
                from("direct:cat").to("hydra:cat?" + busybox + "&command=cat&timeout=120s&maxOutputSize=4g");
                from("direct:fail").to("hydra:fail?" + busybox + "&command=RAW(sh -c \"echo reading input >&2; "
                                       + "echo bad input: no header >&2; exit 3\")");
                from("direct:sleep").to("hydra:sleepy?" + busybox + "&command=sleep 300&timeout=2s");
                from("direct:sleep-long").to("hydra:sleepy?" + busybox + "&command=sleep 300&timeout=60s");
                // the output body lives until the exchange completes: digest it inside the route
                from("direct:toupper-digest").to("hydra:toupper").process(e -> {
                    SpooledBody body = e.getMessage().getBody(SpooledBody.class);
                    e.getMessage().setHeader("inMemory", body.inMemory());
                    e.getMessage().setHeader("digest", Streams.digest(body, false));
                    e.getMessage().setBody(null);
                });
                from("direct:missing").to("hydra:missing?image=camel-hydra/does-not-exist:0");
                from("direct:noengine").to("hydra:toupper?dockerHost=unix:///tmp/hydra-no-such-engine.sock");
                from("file:" + tmp.resolve("in") + "?initialDelay=0&delay=100").to("hydra:toupper")
                        .to("mock:files");
            }
        };
    }

    @AfterEach
    void noContainerLeftBehind() {
        assertThat(docker.countContainers(owner)).as("containers left by " + owner).isZero();
        docker.close();
    }

    @Test
    void toupperOnText() {
        Exchange out = template.request("direct:toupper", e -> e.getIn().setBody("Hello, hydra! ß\n"));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).isEqualTo("HELLO, HYDRA! ß\n");
        assertThat(out.getMessage().getHeader(HydraConstants.EXIT_CODE)).isEqualTo(0);
        assertThat(out.getMessage().getHeader(HydraConstants.CONTAINER_ID, String.class)).hasSize(64);
        assertThat(out.getMessage().getHeader(HydraConstants.IMAGE)).isEqualTo(TOUPPER_IMAGE);
        assertThat(out.getMessage().getHeader(HydraConstants.DURATION, Long.class)).isPositive();
    }

    @Test
    void emptyBodyGivesEmptyOutput() {
        Exchange out = template.request("direct:toupper", e -> e.getIn().setBody(new byte[0]));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(byte[].class)).isEmpty();
        assertThat(out.getMessage().getHeader(HydraConstants.OUTPUT_SIZE)).isEqualTo(0L);
    }

    @Test
    void stdinReachesEndOfFile() {
        // cat only exits when it reads EOF: a missing half-close would hang until the 120 s function timeout.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Exchange out = template.request("direct:cat", e -> e.getIn().setBody("no newline at the end"));
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getBody(String.class)).isEqualTo("no newline at the end");
        });
    }

    @Test
    void twoHundredMegabytesThroughToupperArriveIntact() throws Exception {
        long size = 200L << 20;
        String expected = Streams.digest(Streams.text(size, 42), true);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Exchange out = template.request("direct:toupper-digest", e -> e.getIn().setBody(Streams.text(size, 42)));
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(HydraConstants.OUTPUT_SIZE)).isEqualTo(size);
            assertThat(out.getMessage().getHeader("inMemory")).as("200 MB must be spooled to disk").isEqualTo(false);
            assertThat(out.getMessage().getHeader("digest")).isEqualTo(expected);
        });
    }

    @Test
    void everyBodyTypeStreamsIn() throws Exception {
        Path file = tmp.resolve("input.txt");
        Files.writeString(file, "from a file");
        assertThat(template.requestBody("direct:toupper", "a string", String.class)).isEqualTo("A STRING");
        assertThat(template.requestBody("direct:toupper", "bytes".getBytes(StandardCharsets.UTF_8), String.class))
                .isEqualTo("BYTES");
        assertThat(template.requestBody("direct:toupper", file.toFile(), String.class)).isEqualTo("FROM A FILE");
        InputStream stream = new ByteArrayInputStream("a stream".getBytes(StandardCharsets.UTF_8));
        assertThat(template.requestBody("direct:toupper", stream, String.class)).isEqualTo("A STREAM");

        MockEndpoint files = getMockEndpoint("mock:files");
        files.expectedBodiesReceived("A GENERIC FILE");
        Files.createDirectories(tmp.resolve("in"));
        Files.writeString(tmp.resolve("in/doc.txt"), "a generic file");
        files.assertIsSatisfied(20_000);
    }

    @Test
    void nonZeroExitFailsWithFunctionImageCodeAndStderr() {
        Exchange out = template.request("direct:fail", e -> e.getIn().setBody("x"));
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageStartingWith("Function fail (" + TOUPPER_IMAGE + ") exited with code 3 after ")
                .hasMessageEndingWith(": bad input: no header");
        FunctionFailedException failure = (FunctionFailedException) out.getException();
        assertThat(failure.getStderrTail()).isEqualTo("reading input\nbad input: no header\n");
        assertThat(out.getMessage().getHeader(HydraConstants.EXIT_CODE)).isEqualTo(3);
    }

    @Test
    void timeoutKillsAndRemovesTheContainerPromptly() {
        long start = System.nanoTime();
        Exchange out = template.request("direct:sleep", e -> e.getIn().setBody("x"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(out.getException()).isInstanceOf(FunctionTimeoutException.class)
                .hasMessageContaining("Function sleepy (" + TOUPPER_IMAGE + ") timed out after")
                .hasMessageContaining("(limit 2.0 s); its container was killed and removed");
        assertThat(tookMillis).as("limit 2 s + 2 s").isLessThan(4_000);
        assertThat(docker.countContainers(owner)).isZero();
    }

    @Test
    void timeoutHeaderLowersTheLimitForOneMessage() {
        long start = System.nanoTime();
        Exchange out = template.request("direct:sleep-long", e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(HydraConstants.TIMEOUT, "1s");
        });
        assertThat(out.getException()).isInstanceOf(FunctionTimeoutException.class)
                .hasMessageContaining("(limit 1.0 s)");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
    }

    @Test
    void containerStoppedFromOutsideIsNotTheInputsFault() throws Exception {
        // What the engine does to running containers when it shuts down, done here with the CLI as an operator would.
        Thread stopper = new Thread(() -> {
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (docker.countContainers(owner) == 0 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                Thread.sleep(500); // created is not yet started: let it run
                Process stop = new ProcessBuilder("sh", "-c", "docker ps -q --filter label=io.camelhydra.owner=" + owner
                        + " | xargs docker stop -t 1").redirectErrorStream(true).start();
                stop.waitFor(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        stopper.start();
        Exchange out = template.request("direct:sleep-long", e -> e.getIn().setBody("x"));
        stopper.join(30_000);
        assertThat(out.getException()).isInstanceOf(FunctionUnavailableException.class)
                .hasMessageContaining("Function sleepy (" + TOUPPER_IMAGE + ") could not be run: container ")
                .hasMessageContaining("was stopped from outside")
                .hasMessageContaining("The input was not at fault: try again.");
        FunctionUnavailableException unavailable = (FunctionUnavailableException) out.getException();
        assertThat(unavailable.getKind()).isEqualTo(ContainerRuntimeException.Kind.STOPPED_FROM_OUTSIDE);
        assertThat(unavailable.isTransient()).isTrue();
    }

    @Test
    void missingImageSaysHowToBuildIt() {
        Exchange out = template.request("direct:missing", e -> e.getIn().setBody("x"));
        assertThat(out.getException()).isInstanceOf(FunctionUnavailableException.class)
                .hasMessageContaining("image camel-hydra/does-not-exist:0 is not on the Docker engine")
                .hasMessageContaining("./hydra images");
        assertThat(((FunctionUnavailableException) out.getException()).getKind())
                .isEqualTo(ContainerRuntimeException.Kind.IMAGE_MISSING);
    }

    @Test
    void unreachableEngineSaysWhatToSet() {
        Exchange out = template.request("direct:noengine", e -> e.getIn().setBody("x"));
        assertThat(out.getException()).isInstanceOf(FunctionUnavailableException.class)
                .hasMessageContaining("unix:///tmp/hydra-no-such-engine.sock does not answer")
                .hasMessageContaining("DOCKER_HOST");
        assertThat(((FunctionUnavailableException) out.getException()).isTransient()).isTrue();
    }

    @Test
    void leftoversOfAnEarlierRunAreRemovedAtStart() throws Exception {
        String crashed = "it-crashed-" + UUID.randomUUID();
        Process p = new ProcessBuilder("docker", "run", "-d", "--label", "io.camelhydra.owner=" + crashed,
                TOUPPER_IMAGE, "sleep", "300").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(docker.countContainers(crashed)).isEqualTo(1);

        try (CamelContext restarted = new org.apache.camel.impl.DefaultCamelContext()) {
            HydraComponent hydra = new HydraComponent();
            hydra.setInstanceId(crashed);
            restarted.addComponent("hydra", hydra);
            restarted.start();
            restarted.getEndpoint("hydra:probe?image=" + TOUPPER_IMAGE).start();
        }
        assertThat(docker.countContainers(crashed)).isZero();
    }
}
