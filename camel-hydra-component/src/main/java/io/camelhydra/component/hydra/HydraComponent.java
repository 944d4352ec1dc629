package io.camelhydra.component.hydra;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.camelhydra.component.hydra.runtime.ContainerRuntime;
import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.EngineInfo;
import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hydra:} component: runs one fresh container per message, the body on the container's stdin and its
 * stdout as the new body. Functions come from a catalog ({@link #setCatalog(String)}) or are defined on the URI.
 */
@Component("hydra")
public class HydraComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HydraComponent.class);

    @Metadata(description = "Defaults for every hydra endpoint of this component; each option can also be set on "
                            + "its own as camel.component.hydra.<option>.")
    private HydraConfiguration configuration = new HydraConfiguration();
    @Metadata(description = "Location of the function catalog, a YAML file (file:, classpath: or a plain path). "
                            + "Endpoints whose name the catalog declares take image, command and limits from it.",
              supportFileReference = true)
    private String catalog;
    @Metadata(description = "Identifies this application's containers (label io.camelhydra.owner) so that "
                            + "containers left behind by an earlier crash of the same application are removed at "
                            + "start. Must be unique per running application on an engine. Defaults to the host "
                            + "name and the CamelContext name.")
    private String instanceId;
    @Metadata(defaultValue = "true", description = "Remove containers labelled with this instanceId at start-up "
                                                   + "(left behind by an earlier crash).")
    private boolean removeLeftoversOnStart = true;
    @Metadata(label = "advanced", autowired = true, description = "The container runtime to use instead of a Docker "
                                                                  + "engine reached with dockerHost: a pool, another"
                                                                  + " engine, or a fake in tests.")
    private ContainerRuntime containerRuntime;

    private FunctionCatalog functionCatalog;
    private final Map<String, ContainerRuntime> ownedRuntimes = new ConcurrentHashMap<>();
    private final Map<String, CallLimiter> limiters = new ConcurrentHashMap<>();
    private volatile boolean leftoversHandled;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!FunctionCatalog.NAME.matcher(remaining).matches()) {
            throw new IllegalArgumentException("Invalid function name '" + remaining
                    + "' in " + uri + ": use lower-case letters, digits and dashes (hydra:pdf, hydra:to-upper).");
        }
        HydraConfiguration config = configuration.copy();
        FunctionDefinition function = getFunctionCatalog().find(remaining).orElse(null);
        if (function != null) {
            applyCatalogEntry(function, config);
        }
        HydraEndpoint endpoint = new HydraEndpoint(uri, this, remaining, config, function);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    private void applyCatalogEntry(FunctionDefinition function, HydraConfiguration config) {
        config.setImage(function.image());
        config.setCommandArgs(function.command());
        config.setContentType(function.contentType());
        config.setOutputExtension(function.extension());
        Map<String, Object> options = new HashMap<>(function.options());
        Object env = options.remove("env");
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> config.getEnv().put(String.valueOf(k), String.valueOf(v)));
        }
        Object timeout = options.remove("timeout");
        if (timeout != null) {
            config.setTimeout(TimeUtils.toMilliSeconds(String.valueOf(timeout)));
        }
        options.replaceAll((k, v) -> String.valueOf(v));
        PropertyBindingSupport.build().withMandatory(true).withReflection(true)
                .bind(getCamelContext(), config, options);
    }

    /**
     * Loads the catalog on first use rather than in doInit: camel-main may initialise the component before it has
     * applied the camel.component.hydra.* properties.
     */
    private synchronized FunctionCatalog loadCatalog() {
        if (functionCatalog == null) {
            if (catalog == null || catalog.isBlank()) {
                functionCatalog = FunctionCatalog.empty();
            } else {
                try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(getCamelContext(),
                        catalog)) {
                    functionCatalog = FunctionCatalog.parse(in, catalog);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("Cannot read the function catalog " + catalog + " (" + e
                            + "). Set camel.component.hydra.catalog (HYDRA_CATALOG in the app) to an existing "
                            + "file.", e);
                }
            }
        }
        return functionCatalog;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getImage() != null || configuration.getCommand() != null) {
            // A default image would quietly run for every name the catalog lacks, typos included.
            throw new IllegalArgumentException("camel.component.hydra.image and .command cannot be component "
                    + "defaults: they would run for every function name the catalog does not declare, typos included."
                    + " Declare functions in the catalog or give image= on the endpoint.");
        }
        FunctionCatalog functionCatalog = loadCatalog();
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null && health.getCheck("hydra-engine").isEmpty()) {
            health.register(new HydraEngineHealthCheck(this));
        }
        ContainerRuntime runtime = runtimeFor(configuration.getDockerHost());
        String functions = functionCatalog.functions().stream()
                .map(f -> f.name() + " (" + f.image() + ")").collect(Collectors.joining(", "));
        try {
            EngineInfo engine = runtime.ping();
            LOG.info("camel-hydra: engine {}; owner {}; functions from {}: {}", engine, getInstanceId(),
                    functionCatalog.source(), functions.isEmpty() ? "none" : functions);
            removeLeftoversOnce(runtime);
        } catch (ContainerRuntimeException e) {
            // Not fatal: calls fail with FunctionUnavailableException until the engine answers, then work.
            LOG.warn("camel-hydra: {} Calls will fail until it answers. Functions from {}: {}", e.getMessage(),
                    functionCatalog.source(), functions.isEmpty() ? "none" : functions);
        }
    }

    /**
     * Removes this instance's leftovers before the first container of this run is created. Called at start and,
     * if the engine was away then, before the first call; calls wait for it, so it never removes their containers.
     */
    synchronized void removeLeftoversOnce(ContainerRuntime runtime) {
        if (leftoversHandled || !removeLeftoversOnStart) {
            leftoversHandled = true;
            return;
        }
        int removed = runtime.removeLeftovers(getInstanceId());
        if (removed > 0) {
            LOG.warn("camel-hydra: removed {} container(s) left behind by an earlier run of {}", removed,
                    getInstanceId());
        }
        leftoversHandled = true;
    }

    boolean leftoversHandled() {
        return leftoversHandled;
    }

    /** The runtime for an engine address: the configured one if set, else one Docker runtime per address. */
    ContainerRuntime runtimeFor(String dockerHost) {
        if (containerRuntime != null) {
            return containerRuntime;
        }
        return ownedRuntimes.computeIfAbsent(dockerHost == null ? "" : dockerHost,
                host -> new DockerContainerRuntime(host.isEmpty() ? null : host));
    }

    /**
     * The limiter shared by every endpoint of one function with the same limits: the limit is per function and
     * application, whichever route the calls come from.
     */
    CallLimiter limiterFor(String function, int maxConcurrent, int maxQueued) {
        return limiters.computeIfAbsent(function + "/" + maxConcurrent + "/" + maxQueued,
                key -> new CallLimiter(function, maxConcurrent, maxQueued));
    }

    @Override
    protected void doStop() throws Exception {
        ownedRuntimes.values().forEach(ContainerRuntime::close);
        ownedRuntimes.clear();
        leftoversHandled = false;
        super.doStop();
    }

    /** The catalog this component loaded (empty when none is configured). */
    public FunctionCatalog getFunctionCatalog() {
        return loadCatalog();
    }

    public HydraConfiguration getConfiguration() {
        return configuration;
    }

    /** Defaults for every hydra endpoint of this component. */
    public void setConfiguration(HydraConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getCatalog() {
        return catalog;
    }

    /** Location of the function catalog YAML file. */
    public synchronized void setCatalog(String catalog) {
        this.catalog = catalog;
        this.functionCatalog = null;
    }

    public String getInstanceId() {
        if (instanceId == null || instanceId.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            instanceId = host + "/" + getCamelContext().getName();
        }
        return instanceId;
    }

    /** Identifies this application's containers so a crash's leftovers are removed at the next start. */
    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public boolean isRemoveLeftoversOnStart() {
        return removeLeftoversOnStart;
    }

    /** Remove containers labelled with this instanceId at start-up. */
    public void setRemoveLeftoversOnStart(boolean removeLeftoversOnStart) {
        this.removeLeftoversOnStart = removeLeftoversOnStart;
    }

    public ContainerRuntime getContainerRuntime() {
        return containerRuntime;
    }

    /** The container runtime to use instead of a Docker engine reached with dockerHost. */
    public void setContainerRuntime(ContainerRuntime containerRuntime) {
        this.containerRuntime = containerRuntime;
    }
}
