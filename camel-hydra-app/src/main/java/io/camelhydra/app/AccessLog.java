package io.camelhydra.app;

import java.util.UUID;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per HTTP request, carrying the request id that error responses also show. */
final class AccessLog {

    static final String REQUEST_ID = "hydraRequestId";
    static final String STARTED = "hydraRequestStarted";
    static final String METHOD_AND_PATH = "hydraRequestLine";
    static final String INPUT_BYTES = "hydraRequestBytes";

    private static final Logger LOG = LoggerFactory.getLogger("io.camelhydra.access");

    private AccessLog() {
    }

    /** Notes when the request started and gives it an id (the client's X-Request-Id when it is plain). */
    static String begin(Exchange exchange) {
        String id = exchange.getProperty(REQUEST_ID, String.class);
        if (id != null) {
            return id;
        }
        String given = exchange.getIn().getHeader("X-Request-Id", String.class);
        id = given != null && given.matches("[A-Za-z0-9._-]{1,64}") ? given
                : UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        exchange.setProperty(REQUEST_ID, id);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(INPUT_BYTES, exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, "-", String.class));
        exchange.setProperty(METHOD_AND_PATH, exchange.getIn().getHeader(Exchange.HTTP_METHOD, "?", String.class) + " "
                + exchange.getIn().getHeader(Exchange.HTTP_PATH, exchange.getIn().getHeader(Exchange.HTTP_URI, "",
                        String.class), String.class));
        return id;
    }

    static void end(Exchange exchange, int status, String function, Object outputBytes) {
        begin(exchange);
        long started = exchange.getProperty(STARTED, System.nanoTime(), Long.class);
        line(exchange.getProperty(METHOD_AND_PATH, String.class), status, (System.nanoTime() - started) / 1_000_000,
                function, exchange.getProperty(INPUT_BYTES), outputBytes, exchange.getProperty(REQUEST_ID, String.class));
    }

    /** The line itself, also for requests answered before any route ran. */
    static void line(String request, int status, long millis, String function, Object inputBytes, Object outputBytes,
                     String requestId) {
        LOG.info("{} {} {} ms fn={} in={} out={} id={}", request, status, millis, function == null ? "-" : function,
                inputBytes == null ? "-" : inputBytes, outputBytes == null ? "-" : outputBytes, requestId);
    }
}
