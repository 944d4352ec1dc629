package io.camelhydra.component.hydra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.camelhydra.component.hydra.runtime.ContainerExit;
import io.camelhydra.component.hydra.runtime.ContainerRuntime;
import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.ContainerSpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message through one fresh container: spools stdout while the process runs, then decides success from the
 * exit code (and the output's signature) before the body is handed on.
 */
public class HydraProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(HydraProducer.class);

    public HydraProducer(HydraEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public HydraEndpoint getEndpoint() {
        return (HydraEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        HydraEndpoint endpoint = getEndpoint();
        ContainerSpec spec = specFor(exchange, endpoint.spec());
        ContainerRuntime runtime = endpoint.runtime();
        InputStream body = bodyOf(exchange);
        OutputSpool spool = new OutputSpool(endpoint.spoolThreshold(), endpoint.spoolDirectory());
        boolean handedOver = false;
        try {
            ContainerExit exit = run(runtime, spec, body, spool);
            Message message = exchange.getMessage();
            message.setHeader(HydraConstants.EXIT_CODE, exit.exitCode());
            message.setHeader(HydraConstants.STDERR, exit.stderrTail());
            message.setHeader(HydraConstants.CONTAINER_ID, exit.containerId());
            message.setHeader(HydraConstants.DURATION, exit.duration().toMillis());
            message.setHeader(HydraConstants.FUNCTION, spec.name());
            message.setHeader(HydraConstants.IMAGE, spec.image());
            message.setHeader(HydraConstants.OUTPUT_SIZE, exit.bytesOut());
            LOG.debug("Function {} ran in container {}: {} exit {} in {}, {} bytes in, {} bytes out", spec.name(),
                    exit.containerId(), exit.outcome(), exit.exitCode(), Durations.format(exit.duration()),
                    exit.bytesIn(), exit.bytesOut());
            new Verdict(spec, endpoint.successExitCodes(), endpoint.outputSignature()).check(exit, spool);

            SpooledBody result = spool.toBody();
            handedOver = true;
            exchange.getExchangeExtension().addOnCompletion(new SpoolRelease(result));
            message.setBody(result);
            HydraConfiguration config = endpoint.getConfiguration();
            if (config.getContentType() != null) {
                message.setHeader(Exchange.CONTENT_TYPE, config.getContentType());
            }
            if (config.getOutputExtension() != null) {
                message.setHeader(HydraConstants.OUTPUT_EXTENSION, config.getOutputExtension());
            }
        } finally {
            IOHelper.close(body);
            if (!handedOver) {
                spool.close();
            }
        }
    }

    private ContainerExit run(ContainerRuntime runtime, ContainerSpec spec, InputStream body, OutputSpool spool)
            throws InterruptedException {
        CallLimiter limiter = getEndpoint().limiter();
        limiter.acquire(getEndpoint().getConfiguration().isWaitWhenBusy());
        try {
            getEndpoint().getComponent().removeLeftoversOnce(runtime);
            return runtime.run(spec, body, spool);
        } catch (ContainerRuntimeException e) {
            if (e.getKind() == ContainerRuntimeException.Kind.INPUT_UNREADABLE) {
                throw new RuntimeCamelException("Function " + spec.name() + " (" + spec.image() + ") did not get its"
                        + " whole input: " + e.getMessage(), e);
            }
            throw new FunctionUnavailableException(spec.name(), spec.image(), e);
        } catch (UncheckedIOException e) {
            throw new RuntimeCamelException("Function " + spec.name() + " (" + spec.image() + ") ran, but its output"
                    + " could not be spooled to " + getEndpoint().spoolDirectory() + ": " + e.getCause().getMessage()
                    + ". Free disk space there or set spoolDirectory.", e.getCause());
        } finally {
            limiter.release();
        }
    }

    /**
     * The endpoint's spec adjusted for this message: a timeout header that can only lower the limit (then removed so
     * it does not leak downstream), and the input's file extension as a hint for the function.
     */
    private static ContainerSpec specFor(Exchange exchange, ContainerSpec spec) {
        Object requested = exchange.getIn().removeHeader(HydraConstants.TIMEOUT);
        if (requested != null) {
            long millis;
            try {
                millis = requested instanceof Number n ? n.longValue()
                        : requested instanceof Duration d ? d.toMillis()
                        : TimeUtils.toMilliSeconds(String.valueOf(requested).strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Header " + HydraConstants.TIMEOUT + " must be milliseconds or a "
                        + "duration such as 5s; got '" + requested + "'.", e);
            }
            if (millis > 0 && millis < spec.timeout().toMillis()) {
                spec = spec.withTimeout(Duration.ofMillis(millis));
            }
        }
        String extension = FunctionDefinition.extensionOf(exchange.getIn().getHeader(Exchange.FILE_NAME, String.class));
        if (extension != null) {
            spec = spec.withEnv(HydraConstants.INPUT_EXTENSION_ENV, extension);
        }
        return spec;
    }

    private InputStream bodyOf(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return new ByteArrayInputStream(new byte[0]);
        }
        InputStream in = exchange.getContext().getTypeConverter().tryConvertTo(InputStream.class, exchange, body);
        if (in == null) {
            throw new IllegalArgumentException("Function " + getEndpoint().getFunction() + " takes a body that can be "
                    + "streamed (String, byte[], File, InputStream ...), not a " + body.getClass().getName()
                    + ". Convert the body before hydra:" + getEndpoint().getFunction() + ".");
        }
        return in;
    }

    /** Decides whether a finished call succeeded, and says why not in words a user can act on. */
    private record Verdict(ContainerSpec spec, java.util.Set<Integer> successExitCodes, byte[] signature) {

        void check(ContainerExit exit, OutputSpool output) throws IOException {
            String who = "Function " + spec.name() + " (" + spec.image() + ")";
            String after = Durations.format(exit.duration());
            String lastLine = exit.lastStderrLine();
            switch (exit.outcome()) {
                case TIMED_OUT -> throw new FunctionTimeoutException(who + " timed out after " + after + " (limit "
                        + Durations.format(spec.timeout()) + "); its container was killed and removed"
                        + (lastLine.isEmpty() ? "" : ". Last stderr line: " + lastLine),
                        spec.name(), spec.image(), spec.timeout(), exit.duration(), exit.stderrTail());
                case OUTPUT_LIMIT_EXCEEDED -> throw failure(exit, who + " was stopped after " + after
                        + ": it wrote more than " + ByteSize.format(spec.maxOutputBytes()) + " to standard output "
                        + "(maxOutputSize)", "output over " + ByteSize.format(spec.maxOutputBytes()));
                case OUT_OF_MEMORY -> throw failure(exit, who + " was killed: out of memory (limit "
                        + ByteSize.format(spec.sandbox().memoryBytes()) + ") after " + after,
                        "out of memory (limit " + ByteSize.format(spec.sandbox().memoryBytes()) + ")");
                case EXITED -> {
                    if (!successExitCodes.contains(exit.exitCode())) {
                        throw failure(exit, who + " exited with code " + exit.exitCode() + " after " + after + ": "
                                + (lastLine.isEmpty() ? "it wrote nothing to stderr" : lastLine),
                                lastLine.isEmpty() ? "exit code " + exit.exitCode() : lastLine);
                    }
                    if (signature != null && !startsWith(output.head(signature.length), signature)) {
                        String reason = "its output is not what it promises: expected output starting with '"
                                + printable(signature) + "', got " + (output.size() == 0 ? "no output at all"
                                : output.size() + " bytes starting with '" + printable(output.head(16)) + "'");
                        throw failure(exit, who + " exited with code " + exit.exitCode() + " after " + after
                                + " but " + reason + (lastLine.isEmpty() ? "" : ". Last stderr line: " + lastLine),
                                lastLine.isEmpty() ? reason : lastLine);
                    }
                }
                default -> throw new IllegalStateException("unknown outcome " + exit.outcome());
            }
        }

        private FunctionFailedException failure(ContainerExit exit, String message, String reason) {
            return new FunctionFailedException(message, spec.name(), spec.image(), exit.exitCode(), exit.duration(),
                    exit.stderrTail(), reason);
        }

        private static boolean startsWith(byte[] head, byte[] prefix) {
            if (head.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (head[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static String printable(byte[] bytes) {
            StringBuilder out = new StringBuilder();
            for (char c : new String(bytes, StandardCharsets.ISO_8859_1).toCharArray()) {
                out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            }
            return out.toString();
        }
    }
}
