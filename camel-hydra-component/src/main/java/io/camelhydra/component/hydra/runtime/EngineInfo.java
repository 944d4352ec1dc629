package io.camelhydra.component.hydra.runtime;

/** What an engine says about itself. */
public record EngineInfo(String endpoint, String engineVersion, String apiVersion, String operatingSystem) {

    @Override
    public String toString() {
        return endpoint + " (engine " + engineVersion + ", API " + apiVersion + ", " + operatingSystem + ")";
    }
}
