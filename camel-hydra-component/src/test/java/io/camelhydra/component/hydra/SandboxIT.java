package io.camelhydra.component.hydra;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile function (built from src/test/docker/hostile) tries what a document from a stranger could make a
 * converter do: reach the network, write outside its scratch space, fill it, fork-bomb, eat memory, write endless
 * output. Each is stopped by the default sandbox, the exchange fails with a message that says what happened, and
 * the component keeps serving.
 */
@ExtendWith(DockerRequired.class)
class SandboxIT extends CamelTestSupport {

    private static final String HOSTILE = "camel-hydra/test-hostile:1";

    private final String owner = "it-sandbox-" + UUID.randomUUID();
    private final DockerContainerRuntime docker = new DockerContainerRuntime(null);

    @BeforeAll
    static void buildHostileImage() throws Exception {
        Process build = new ProcessBuilder("docker", "build", "-q", "-t", HOSTILE,
                DockerRequired.projectDir().resolve("camel-hydra-component/src/test/docker/hostile").toString())
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(output).isZero();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        HydraComponent hydra = new HydraComponent();
        hydra.setInstanceId(owner);
        context.addComponent("hydra", hydra);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the defaults except smaller limits, so each attack hits them quickly
                String limits = "&memoryLimit=64m&tmpfsSize=16m&pidsLimit=64&timeout=20s&maxOutputSize=1m";
                for (String mode : new String[] {"identity", "network", "write", "fill-tmp", "fork-bomb", "memory",
                        "output"}) {
                    from("direct:" + mode).to("hydra:hostile-" + mode + "?image=" + HOSTILE + "&command=" + mode
                                              + limits);
                }
                from("direct:healthy").to("hydra:toupper?image=" + DockerRequired.TOUPPER_IMAGE
                                          + "&command=tr a-z A-Z");
            }
        };
    }

    @AfterEach
    void noContainerLeftAndStillServing() {
        assertThat(template.requestBody("direct:healthy", "still serving", String.class)).isEqualTo("STILL SERVING");
        assertThat(docker.countContainers(owner)).as("containers left").isZero();
        docker.close();
    }

    private Exchange call(String mode) {
        return template.request("direct:" + mode, e -> e.getIn().setBody(""));
    }

    @Test
    void runsAsNobodyWithNoCapabilitiesNoNewPrivilegesNoNetworkAndAReadOnlyRoot() {
        Exchange out = call("identity");
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class))
                .contains("uid=65534 gid=65534")
                .containsPattern("CapEff:\\s+0000000000000000")
                .containsPattern("CapBnd:\\s+0000000000000000")
                .containsPattern("NoNewPrivs:\\s+1")
                .contains("root=read-only")
                .contains("tmp=writable")
                .contains("interfaces=lo ");
    }

    @Test
    void cannotReachTheNetwork() {
        Exchange out = call("network");
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("no network reachable");
    }

    @Test
    void cannotWriteOutsideItsScratchSpace() {
        Exchange out = call("write");
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("Read-only file system");
    }

    @Test
    void cannotFillMoreThanItsScratchSpace() {
        Exchange out = call("fill-tmp");
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("No space left on device");
    }

    @Test
    void aForkBombIsContainedAndStoppedWhileOthersAreServed() throws Exception {
        CompletableFuture<Exchange> bomb = CompletableFuture.supplyAsync(() -> call("fork-bomb"));
        Thread.sleep(3000);
        // the host and the component stay usable while the bomb runs into its pid limit
        assertThat(template.requestBody("direct:healthy", "during the bomb", String.class))
                .isEqualTo("DURING THE BOMB");
        Exchange out = bomb.get(60, TimeUnit.SECONDS);
        assertThat(out.getException()).isInstanceOf(FunctionTimeoutException.class)
                .hasMessageContaining("timed out after")
                .hasMessageContaining("its container was killed and removed")
                .hasMessageContaining("can't fork");
    }

    @Test
    void eatingMemoryIsKilledAndSaysSo() {
        Exchange out = call("memory");
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("was killed: out of memory (limit 64 MiB)");
    }

    @Test
    void endlessOutputIsStoppedAtTheLimit() {
        long start = System.nanoTime();
        Exchange out = call("output");
        assertThat(out.getException()).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("wrote more than 1 MiB to standard output (maxOutputSize)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}
