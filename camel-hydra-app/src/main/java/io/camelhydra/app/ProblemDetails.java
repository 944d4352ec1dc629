package io.camelhydra.app;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelhydra.component.hydra.FunctionFailedException;
import io.camelhydra.component.hydra.FunctionOverloadedException;
import io.camelhydra.component.hydra.FunctionTimeoutException;
import io.camelhydra.component.hydra.FunctionUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed HTTP exchange into an RFC 9457 problem-details response with the status a client can act on. Never
 * a stack trace in a response: unexpected errors are logged here, once, with the request id the client sees.
 */
public class ProblemDetails {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetails.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_IN_RESPONSE = 2000;

    /** RFC 9457 JSON of a problem's fields. */
    static String toJson(Map<String, Object> problem) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write problem details", e);
        }
    }

    public void handle(Exchange exchange) {
        String requestId = AccessLog.begin(exchange);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> problem = new LinkedHashMap<>();
        int status;
        String function = exchange.getIn().getHeader(FunctionRequests.FUNCTION, String.class);
        String retryAfter = null;
        if (e instanceof UnknownFunctionException) {
            status = 404;
            problem.put("type", "urn:camel-hydra:problem:unknown-function");
            problem.put("title", "Unknown function");
        } else if (e instanceof RejectedInputException rejected) {
            status = rejected.getStatus();
            problem.put("type", "urn:camel-hydra:problem:input-rejected");
            problem.put("title", status == 415 ? "Unsupported input type" : status == 413 ? "Input too large"
                    : "Bad request");
        } else if (e instanceof FunctionTimeoutException timeout) {
            status = 504;
            problem.put("type", "urn:camel-hydra:problem:function-timeout");
            problem.put("title", "Function timed out");
            problem.put("timeoutMs", timeout.getTimeout().toMillis());
        } else if (e instanceof FunctionFailedException failed) {
            status = 422;
            problem.put("type", "urn:camel-hydra:problem:function-failed");
            problem.put("title", "The function could not convert this document");
            problem.put("exitCode", failed.getExitCode());
            problem.put("reason", failed.getReason());
            String stderr = failed.getStderrTail();
            problem.put("stderr", stderr.length() > STDERR_IN_RESPONSE
                    ? stderr.substring(stderr.length() - STDERR_IN_RESPONSE) : stderr);
            problem.put("durationMs", failed.getDuration().toMillis());
        } else if (e instanceof FunctionOverloadedException) {
            status = 503;
            retryAfter = "2";
            problem.put("type", "urn:camel-hydra:problem:function-busy");
            problem.put("title", "The function is busy");
        } else if (e instanceof FunctionUnavailableException unavailable) {
            status = 503;
            retryAfter = "10";
            problem.put("type", "urn:camel-hydra:problem:function-unavailable");
            problem.put("title", "The function cannot run right now");
            problem.put("cause", unavailable.getKind().name());
        } else {
            status = 500;
            problem.put("type", "urn:camel-hydra:problem:internal");
            problem.put("title", "Internal error");
            LOG.error("Request {} failed unexpectedly", requestId, e);
        }
        problem.put("status", status);
        problem.put("detail", status == 500 ? "Unexpected error; the server log has the details under request id "
                + requestId + "." : e.getMessage());
        problem.put("instance", exchange.getProperty(AccessLog.METHOD_AND_PATH, String.class));
        if (function != null) {
            problem.put("function", function);
        }
        problem.put("requestId", requestId);

        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        out.setHeader("X-Request-Id", requestId);
        if (retryAfter != null) {
            out.setHeader("Retry-After", retryAfter);
        }
        out.setBody(toJson(problem));
        AccessLog.end(exchange, status, function, null);
    }
}
