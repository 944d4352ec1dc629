package io.camelhydra.component.hydra;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.ContainerSpec;
import io.camelhydra.component.hydra.runtime.Outcome;
import io.camelhydra.testing.FakeContainerRuntime;
import io.camelhydra.testing.FakeContainerRuntime.Behaviour;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer logic against a fake runtime: option merging, headers, verdicts, messages. No Docker needed. */
class HydraProducerTest extends CamelTestSupport {

    private final FakeContainerRuntime runtime = new FakeContainerRuntime();

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        HydraComponent hydra = new HydraComponent();
        hydra.setCatalog("classpath:test-catalog.yaml");
        hydra.setContainerRuntime(runtime);
        hydra.setInstanceId("unit-test");
        context.addComponent("hydra", hydra);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:shout").to("hydra:shout");
                from("direct:shout-fast").to("hydra:shout?timeout=5s");
                from("direct:pdf").to("hydra:pdf");
                from("direct:inline").to("hydra:echo?image=example/echo:1&command=sh -c \"echo hi; cat\""
                                         + "&env.GREETING=hello world&memoryLimit=32m&successExitCodes=0,3");
            }
        };
    }

    private ContainerSpec lastSpec() {
        assertThat(runtime.calls()).isNotEmpty();
        return runtime.calls().get(runtime.calls().size() - 1).spec();
    }

    @Test
    void catalogFunctionRunsItsImageWithSafeDefaultsAndSetsHeaders() {
        runtime.answer(call -> Behaviour.exit(0, new String(call.stdin()).toUpperCase(), "done\n"));

        Exchange out = template.request("direct:shout", e -> e.getIn().setBody("hello"));

        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).isEqualTo("HELLO");
        assertThat(out.getMessage().getHeaders()).containsEntry(HydraConstants.EXIT_CODE, 0)
                .containsEntry(HydraConstants.FUNCTION, "shout")
                .containsEntry(HydraConstants.IMAGE, "example/shout:3")
                .containsEntry(HydraConstants.STDERR, "done\n")
                .containsEntry(HydraConstants.OUTPUT_SIZE, 5L)
                .containsEntry(HydraConstants.OUTPUT_EXTENSION, "txt")
                .containsEntry(Exchange.CONTENT_TYPE, "text/plain")
                .containsKey(HydraConstants.CONTAINER_ID)
                .containsKey(HydraConstants.DURATION);
        ContainerSpec spec = lastSpec();
        assertThat(spec.image()).isEqualTo("example/shout:3");
        assertThat(spec.command()).containsExactly("tr", "a-z", "A-Z");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.sandbox().network()).isEqualTo("none");
        assertThat(spec.sandbox().readOnlyRootFilesystem()).isTrue();
        assertThat(spec.sandbox().user()).isEqualTo("65534:65534");
        assertThat(spec.sandbox().dropAllCapabilities()).isTrue();
        assertThat(spec.sandbox().noNewPrivileges()).isTrue();
        assertThat(spec.sandbox().memoryBytes()).isEqualTo(64L << 20);
        assertThat(spec.sandbox().pidsLimit()).isEqualTo(128);
        assertThat(spec.labels()).containsEntry("io.camelhydra.owner", "unit-test")
                .containsEntry("io.camelhydra.function", "shout");
    }

    @Test
    void uriOptionsOverrideTheCatalog() {
        template.sendBody("direct:shout-fast", "x");
        assertThat(lastSpec().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(lastSpec().image()).isEqualTo("example/shout:3");
    }

    @Test
    void catalogOptionsReachTheSpec() {
        runtime.answer(call -> Behaviour.exit(0, "%PDF-1.7 ...", ""));
        template.sendBody("direct:pdf", "doc");
        ContainerSpec spec = lastSpec();
        assertThat(spec.sandbox().memoryBytes()).isEqualTo(768L << 20);
        assertThat(spec.sandbox().tmpfs()).containsEntry("/tmp", "rw,nosuid,nodev,size=" + (256L << 20));
        assertThat(spec.env()).containsEntry("LANG", "C.UTF-8");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(spec.command()).isEmpty();
    }

    @Test
    void inlineFunctionParsesCommandAsArgumentsAndTakesEnv() {
        runtime.answer(call -> Behaviour.exit(3, "ok", ""));
        Exchange out = template.request("direct:inline", e -> e.getIn().setBody("x"));
        assertThat(out.getException()).as("3 is declared a success exit code").isNull();
        ContainerSpec spec = lastSpec();
        assertThat(spec.command()).containsExactly("sh", "-c", "echo hi; cat");
        assertThat(spec.env()).containsEntry("GREETING", "hello world");
        assertThat(spec.sandbox().memoryBytes()).isEqualTo(32L << 20);
    }

    @Test
    void failingExitCodeFailsWithFunctionImageCodeAndLastStderrLine() {
        runtime.answer(call -> Behaviour.exit(65, "", "warning: something\ninput is not a PDF\n"));
        assertThatThrownBy(() -> template.sendBody("direct:shout", "x"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(FunctionFailedException.class)
                .hasMessageStartingWith("Function shout (example/shout:3) exited with code 65 after ")
                .hasMessageEndingWith(": input is not a PDF")
                .satisfies(e -> {
                    FunctionFailedException f = (FunctionFailedException) e;
                    assertThat(f.getExitCode()).isEqualTo(65);
                    assertThat(f.getReason()).isEqualTo("input is not a PDF");
                    assertThat(f.getStderrTail()).contains("warning: something");
                });
    }

    @Test
    void exitCodeZeroWithoutTheOutputSignatureIsAFailure() {
        runtime.answer(call -> Behaviour.exit(0, "", "Error: source file could not be loaded\n"));
        assertThatThrownBy(() -> template.sendBody("direct:pdf", "x"))
                .cause().isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("exited with code 0")
                .hasMessageContaining("expected output starting with '%PDF-', got no output at all")
                .hasMessageContaining("source file could not be loaded");
    }

    @Test
    void timeoutIsADistinctException() {
        runtime.answer(call -> new Behaviour(Outcome.TIMED_OUT, 137, new byte[0], ""));
        assertThatThrownBy(() -> template.sendBody("direct:shout", "x"))
                .cause().isInstanceOf(FunctionTimeoutException.class)
                .hasMessageContaining("timed out after")
                .hasMessageContaining("(limit 20.0 s); its container was killed and removed");
    }

    @Test
    void outOfMemoryAndOutputLimitSayWhatHappened() {
        runtime.answer(call -> new Behaviour(Outcome.OUT_OF_MEMORY, 137, new byte[0], ""));
        assertThatThrownBy(() -> template.sendBody("direct:shout", "x"))
                .cause().isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("was killed: out of memory (limit 64 MiB)");
        runtime.answer(call -> new Behaviour(Outcome.OUTPUT_LIMIT_EXCEEDED, 137, new byte[0], ""));
        assertThatThrownBy(() -> template.sendBody("direct:shout", "x"))
                .cause().isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("it wrote more than 1 GiB to standard output (maxOutputSize)");
    }

    @Test
    void timeoutHeaderCanOnlyLowerTheLimitAndDoesNotLeak() {
        Exchange lowered = template.request("direct:shout", e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(HydraConstants.TIMEOUT, "2s");
        });
        assertThat(lastSpec().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(lowered.getMessage().getHeaders()).doesNotContainKey(HydraConstants.TIMEOUT);

        template.request("direct:shout", e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(HydraConstants.TIMEOUT, 3_600_000L);
        });
        assertThat(lastSpec().timeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void engineFaultsBecomeFunctionUnavailableWithTheFix() {
        runtime.failWith(new ContainerRuntimeException(ContainerRuntimeException.Kind.ENGINE_UNREACHABLE,
                "the Docker engine at unix:///x does not answer", null));
        try {
            assertThatThrownBy(() -> template.sendBody("direct:shout", "x"))
                    .cause().isInstanceOf(FunctionUnavailableException.class)
                    .hasMessage("Function shout (example/shout:3) could not be run: the Docker engine at unix:///x "
                                + "does not answer")
                    .satisfies(e -> assertThat(((FunctionUnavailableException) e).isTransient()).isTrue());
        } finally {
            runtime.failWith(null);
        }
    }

    @Test
    void fileBodiesStreamAndTheirExtensionIsAHint() throws Exception {
        File input = tmp.resolve("Report (final).DOCX").toFile();
        Files.writeString(input.toPath(), "file content");
        template.send("direct:pdf", e -> {
            e.getIn().setBody(input);
            e.getIn().setHeader(Exchange.FILE_NAME, input.getName());
            runtime.answer(call -> Behaviour.exit(0, "%PDF-", ""));
        });
        assertThat(new String(runtime.calls().get(runtime.calls().size() - 1).stdin(), StandardCharsets.UTF_8))
                .isEqualTo("file content");
        assertThat(lastSpec().env()).containsEntry(HydraConstants.INPUT_EXTENSION_ENV, "docx");
    }

    @Test
    void nullBodyIsAnEmptyInput() {
        template.sendBody("direct:shout", null);
        assertThat(runtime.calls().get(runtime.calls().size() - 1).stdin()).isEmpty();
    }

    @Test
    void unknownFunctionWithoutImageIsRefusedAtStartWithTheFix() {
        assertThatThrownBy(() -> context.getEndpoint("hydra:nosuch").start())
                .hasMessageContaining("function 'nosuch' is not in the catalog (classpath:test-catalog.yaml) and no "
                                      + "image= option is given");
    }

    @Test
    void invalidNamesAndSizesAreRefusedWithTheOptionName() {
        assertThatThrownBy(() -> context.getEndpoint("hydra:Bad_Name?image=x:1"))
                .hasStackTraceContaining("Invalid function name 'Bad_Name'");
        assertThatThrownBy(() -> context.getEndpoint("hydra:ok?image=x:1&memoryLimit=lots").start())
                .hasMessageContaining("Option memoryLimit has an invalid size 'lots'");
    }

    @Test
    void componentDefaultsApplyBelowCatalogAndUri() {
        HydraComponent hydra = context.getComponent("hydra", HydraComponent.class);
        HydraEndpoint endpoint = context.getEndpoint("hydra:other?image=x:1", HydraEndpoint.class);
        assertThat(endpoint.getConfiguration().getTimeout()).isEqualTo(hydra.getConfiguration().getTimeout());
        assertThat(endpoint.getDefinition()).isNull();
        assertThat(context.getEndpoint("hydra:shout", HydraEndpoint.class).getDefinition().accepts())
                .contains("text/*", ".txt");
    }
}
