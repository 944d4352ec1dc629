package io.camelhydra.component.hydra;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import io.camelhydra.testing.Streams;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1 GiB through a {@code cat} function in a JVM whose heap is capped at 128 MiB: the body streams in, the output
 * spools to disk and streams out, and every byte arrives. Runs {@link #main} in a child JVM so the cap is real.
 */
@ExtendWith(DockerRequired.class)
class LargeBodyIT {

    private static final long SIZE = 1L << 30;

    @Test
    void oneGibibyteThroughCatWithA128MiBHeap() throws Exception {
        String owner = "it-large-" + UUID.randomUUID();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                LargeBodyIT.class.getName(), owner).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println("child JVM: " + output.strip());
        assertThat(child.exitValue()).as(output).isZero();
        String expected = Streams.digest(Streams.text(SIZE, 7), false);
        assertThat(output).contains("digest=" + expected).contains("bytes=" + SIZE);
        try (DockerContainerRuntime docker = new DockerContainerRuntime(null)) {
            assertThat(docker.countContainers(owner)).isZero();
        }
    }

    /** The child: one exchange of 1 GiB through hydra:cat, digested inside the route. */
    public static void main(String[] args) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            // An InputStream body would otherwise be cached (in memory) before it reaches the producer.
            context.setStreamCaching(false);
            HydraComponent hydra = new HydraComponent();
            hydra.setInstanceId(args[0]);
            context.addComponent("hydra", hydra);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:cat").to("hydra:cat?image=" + DockerRequired.TOUPPER_IMAGE
                                          + "&command=cat&timeout=10m&maxOutputSize=2g")
                            .process(e -> {
                                Streams.DigestSink sink = new Streams.DigestSink();
                                e.getMessage().getBody(SpooledBody.class).writeTo(sink);
                                e.getMessage().setHeader("digest", sink.hex());
                                e.getMessage().setHeader("bytes", sink.count());
                                e.getMessage().setBody(null);
                            });
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Exchange out = template.request("direct:cat", e -> e.getIn().setBody(Streams.text(SIZE, 7)));
            if (out.getException() != null) {
                out.getException().printStackTrace();
                System.exit(2);
            }
            long peak = 0;
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
            for (MemoryPoolMXBean pool : pools) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("digest=" + out.getMessage().getHeader("digest") + " bytes="
                               + out.getMessage().getHeader("bytes") + " heapPeakMiB=" + (peak >> 20)
                               + " durationMs=" + out.getMessage().getHeader(HydraConstants.DURATION));
        }
    }
}
