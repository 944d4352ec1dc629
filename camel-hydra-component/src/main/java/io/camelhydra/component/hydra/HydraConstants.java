package io.camelhydra.component.hydra;

import org.apache.camel.spi.Metadata;

/** The message headers the hydra component reads and writes, declared once. */
public final class HydraConstants {

    @Metadata(label = "producer", description = "The function's exit code.", javaType = "Integer")
    public static final String EXIT_CODE = "CamelHydraExitCode";
    @Metadata(label = "producer", description = "The last bytes the function wrote to standard error (bounded by "
                                                + "stderrTailSize).",
              javaType = "String")
    public static final String STDERR = "CamelHydraStderr";
    @Metadata(label = "producer", description = "Id of the container that ran the call (already removed).",
              javaType = "String")
    public static final String CONTAINER_ID = "CamelHydraContainerId";
    @Metadata(label = "producer", description = "How long the call took, from container create to exit, in "
                                                + "milliseconds.",
              javaType = "Long")
    public static final String DURATION = "CamelHydraDuration";
    @Metadata(label = "producer", description = "The logical function name.", javaType = "String")
    public static final String FUNCTION = "CamelHydraFunction";
    @Metadata(label = "producer", description = "The image the function ran from.", javaType = "String")
    public static final String IMAGE = "CamelHydraImage";
    @Metadata(label = "producer", description = "Bytes the function wrote to standard output.", javaType = "Long")
    public static final String OUTPUT_SIZE = "CamelHydraOutputSize";
    @Metadata(label = "producer", description = "File extension of the output as the catalog declares it (no dot),"
                                                + " for naming result files.",
              javaType = "String")
    public static final String OUTPUT_EXTENSION = "CamelHydraOutputExtension";
    @Metadata(label = "producer", description = "A time limit for this message only. It can only lower the "
                                                + "configured timeout, never raise it. A number of milliseconds or a"
                                                + " duration such as 5s. Removed from the message once read.",
              javaType = "String")
    public static final String TIMEOUT = "CamelHydraTimeout";

    /**
     * Environment variable a function receives with the lower-case extension of the input's file name (from
     * CamelFileName) when it is known and plain (letters and digits only): a hint for converters that cannot sniff
     * every format.
     */
    public static final String INPUT_EXTENSION_ENV = "HYDRA_INPUT_EXT";

    private HydraConstants() {
    }
}
