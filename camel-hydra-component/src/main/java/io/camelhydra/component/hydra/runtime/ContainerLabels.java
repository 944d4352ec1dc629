package io.camelhydra.component.hydra.runtime;

/** Label keys put on every container camel-hydra creates, so a crash's leftovers can be found and removed. */
public final class ContainerLabels {

    /** Always {@code true}: the container belongs to camel-hydra. */
    public static final String MANAGED = "io.camelhydra.managed";
    /** The owning application instance (the component's {@code instanceId}). */
    public static final String OWNER = "io.camelhydra.owner";
    /** The logical function name. */
    public static final String FUNCTION = "io.camelhydra.function";

    private ContainerLabels() {
    }
}
