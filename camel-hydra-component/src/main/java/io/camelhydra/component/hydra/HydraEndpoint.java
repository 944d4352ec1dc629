package io.camelhydra.component.hydra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.camelhydra.component.hydra.runtime.ContainerLabels;
import io.camelhydra.component.hydra.runtime.ContainerRuntime;
import io.camelhydra.component.hydra.runtime.ContainerSpec;
import io.camelhydra.component.hydra.runtime.Sandbox;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Runs the function NAME in a fresh container for each message: the body goes to the container's stdin, its stdout
 * becomes the new body, stderr and the exit code become headers, and an exit code that does not count as success
 * fails the exchange.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hydra", title = "Hydra", syntax = "hydra:function",
             producerOnly = true, category = { Category.CONTAINER, Category.TRANSFORMATION },
             headersClass = HydraConstants.class)
public class HydraEndpoint extends DefaultEndpoint {

    @UriPath(description = "Logical name of the function: an entry of the function catalog, or any name when the "
                           + "image is given on the URI. Used in container names, labels, logs and errors.")
    @Metadata(required = true)
    private String function;
    @UriParam
    private HydraConfiguration configuration;

    private final FunctionDefinition definition;
    private ContainerSpec spec;
    private Set<Integer> successExitCodes;
    private byte[] outputSignature;
    private long spoolThreshold;
    private Path spoolDirectory;
    private CallLimiter limiter;

    HydraEndpoint(String uri, HydraComponent component, String function, HydraConfiguration configuration,
                  FunctionDefinition definition) {
        super(uri, component);
        this.function = function;
        this.configuration = configuration;
        this.definition = definition;
    }

    @Override
    public Producer createProducer() {
        return new HydraProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The hydra component only sends messages to functions (use it in "
                                                + "to(), not from()): " + getEndpointUri());
    }

    @Override
    public HydraComponent getComponent() {
        return (HydraComponent) super.getComponent();
    }

    /** Validates the options once, so a mistake stops the route at start-up with the option's name. */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        HydraConfiguration c = configuration;
        String where = "Endpoint " + getEndpointUri() + ": ";
        if (c.getImage() == null || c.getImage().isBlank()) {
            throw new IllegalArgumentException(where + "function '" + function + "' is not in the catalog ("
                    + getComponent().getFunctionCatalog().source() + ") and no image= option is given. Declare it "
                    + "in the catalog (camel.component.hydra.catalog) or set image and command on the endpoint.");
        }
        if (c.getTimeout() <= 0) {
            throw new IllegalArgumentException(where + "option timeout must be positive, e.g. 30s.");
        }
        List<String> command = c.getCommand() != null ? CommandArguments.parse(c.getCommand()) : c.getCommandArgs();
        try {
            successExitCodes = Arrays.stream(c.getSuccessExitCodes().split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf).collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "option successExitCodes must be numbers separated by "
                    + "commas, e.g. 0,1; got '" + c.getSuccessExitCodes() + "'.");
        }
        outputSignature = c.getOutputSignature() == null || c.getOutputSignature().isEmpty()
                ? null : c.getOutputSignature().getBytes(StandardCharsets.ISO_8859_1);
        spoolThreshold = ByteSize.parse("spoolThreshold", c.getSpoolThreshold());
        spoolDirectory = Path.of(c.getSpoolDirectory() != null && !c.getSpoolDirectory().isBlank()
                ? c.getSpoolDirectory() : System.getProperty("java.io.tmpdir"), "camel-hydra");
        long memory = ByteSize.parse("memoryLimit", c.getMemoryLimit());
        Map<String, String> tmpfs = new HashMap<>();
        if (c.getTmpfsSize() != null && !c.getTmpfsSize().isBlank()) {
            tmpfs.put("/tmp", "rw,nosuid,nodev,size=" + ByteSize.parse("tmpfsSize", c.getTmpfsSize()));
        }
        if (c.getMaxConcurrentCalls() < 1 || c.getMaxQueuedCalls() < 0) {
            throw new IllegalArgumentException(where + "option maxConcurrentCalls must be at least 1 and "
                    + "maxQueuedCalls at least 0.");
        }
        limiter = getComponent().limiterFor(function, c.getMaxConcurrentCalls(), c.getMaxQueuedCalls());
        if (c.getCpus() < 0) {
            throw new IllegalArgumentException(where + "option cpus must not be negative.");
        }
        Sandbox sandbox = new Sandbox(c.getUser(), c.getNetwork(), c.isReadOnlyRootFilesystem(), tmpfs, memory,
                (long) (c.getCpus() * 1_000_000_000L), c.getPidsLimit(), true, true, true);
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnv().forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
        Map<String, String> labels = Map.of(
                ContainerLabels.MANAGED, "true",
                ContainerLabels.OWNER, getComponent().getInstanceId(),
                ContainerLabels.FUNCTION, function);
        spec = new ContainerSpec(function, c.getImage(), command, env, c.getWorkingDir(), labels, sandbox,
                Duration.ofMillis(c.getTimeout()), ByteSize.parse("maxOutputSize", c.getMaxOutputSize()),
                c.getStderrTailSize());
    }

    CallLimiter limiter() {
        return limiter;
    }

    ContainerRuntime runtime() {
        return getComponent().runtimeFor(configuration.getDockerHost());
    }

    ContainerSpec spec() {
        return spec;
    }

    Set<Integer> successExitCodes() {
        return successExitCodes;
    }

    byte[] outputSignature() {
        return outputSignature;
    }

    long spoolThreshold() {
        return spoolThreshold;
    }

    Path spoolDirectory() {
        return spoolDirectory;
    }

    /** The catalog entry this endpoint runs, or {@code null} for a function defined on the URI. */
    public FunctionDefinition getDefinition() {
        return definition;
    }

    public String getFunction() {
        return function;
    }

    /** Logical name of the function. */
    public void setFunction(String function) {
        this.function = function;
    }

    public HydraConfiguration getConfiguration() {
        return configuration;
    }

    /** The options of this endpoint. */
    public void setConfiguration(HydraConfiguration configuration) {
        this.configuration = configuration;
    }
}
