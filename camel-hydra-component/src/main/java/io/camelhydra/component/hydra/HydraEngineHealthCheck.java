package io.camelhydra.component.hydra;

import java.util.Map;

import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.EngineInfo;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the container engine answers. An application whose engine is away is alive but not ready (calls would
 * fail with 503); it becomes ready by itself when the engine answers again.
 */
final class HydraEngineHealthCheck extends AbstractHealthCheck {

    private final HydraComponent component;

    HydraEngineHealthCheck(HydraComponent component) {
        super("camel", "hydra-engine");
        this.component = component;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            EngineInfo engine = component.runtimeFor(component.getConfiguration().getDockerHost()).ping();
            builder.detail("engine", engine.toString());
            builder.up();
        } catch (ContainerRuntimeException e) {
            builder.message(e.getMessage());
            builder.down();
        }
    }
}
