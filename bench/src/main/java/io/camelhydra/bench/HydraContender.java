package io.camelhydra.bench;

import java.io.InputStream;
import java.nio.file.Path;

import io.camelhydra.component.hydra.HydraConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * The component as a user calls it: a route {@code direct:bench-NAME → hydra:... → read the output}, driven by a
 * {@link ProducerTemplate} with the input file as the body. The output is read to its end inside the route (and so
 * inside the timed call), before the exchange completes and the component releases its spool.
 */
final class HydraContender implements Contender {

    private final ProducerTemplate template;
    private final String routeUri;
    private final Path input;

    HydraContender(ProducerTemplate template, String scenario, Path input) {
        this.template = template;
        this.routeUri = routeUri(scenario);
        this.input = input;
    }

    static String routeUri(String scenario) {
        return "direct:bench-" + scenario;
    }

    /** The route that calls {@code hydraUri} and reads its whole output into a {@link DrainedOutput} body. */
    static RouteBuilder route(String scenario, String hydraUri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler()); // a failed call is reported by the benchmark, not logged by Camel
                from(routeUri(scenario)).routeId("bench-" + scenario)
                        .to(hydraUri)
                        .process(exchange -> exchange.getMessage()
                                .setBody(DrainedOutput.drain(exchange.getMessage().getBody(InputStream.class))));
            }
        };
    }

    @Override
    public String name() {
        return "hydra";
    }

    @Override
    public Call call(String callId) throws CallFailedException {
        long wallStart = Contender.epochNanos();
        long start = System.nanoTime();
        Exchange exchange = template.send(routeUri, e -> e.getIn().setBody(input.toFile()));
        long nanos = System.nanoTime() - start;
        long wallEnd = Contender.epochNanos();
        if (exchange.getException() != null) {
            throw new CallFailedException(exchange.getException().getMessage(), exchange.getException());
        }
        DrainedOutput output = exchange.getMessage().getBody(DrainedOutput.class);
        if (output == null) {
            throw new CallFailedException("the route returned no output");
        }
        String containerId = exchange.getMessage().getHeader(HydraConstants.CONTAINER_ID, String.class);
        return new Call(nanos, wallStart, wallEnd, containerId, output);
    }
}
