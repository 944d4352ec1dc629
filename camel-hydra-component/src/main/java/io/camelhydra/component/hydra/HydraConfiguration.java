package io.camelhydra.component.hydra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Options of one function call: what runs, how long it may take and how it is confined. Set on the component as
 * defaults ({@code camel.component.hydra.*}), then by the function's catalog entry, then by the endpoint URI.
 */
@UriParams
@Configurer
public class HydraConfiguration implements Cloneable {

    @UriParam(description = "The image to run, pinned to a tag or digest. Defaults to the catalog entry of the "
                            + "function; required for a function the catalog does not declare.")
    private String image;
    @UriParam(description = "The command to run in the container as an argument list separated by spaces; double "
                            + "quotes group an argument that contains spaces. Never passed to a shell. Defaults to "
                            + "the catalog entry, else the image's own entrypoint and command.")
    private String command;
    @UriParam(prefix = "env.", multiValue = true, description = "Environment variables of the process, as "
                                                                + "env.NAME=value.")
    private Map<String, Object> env = new HashMap<>();
    @UriParam(defaultValue = "60s", javaType = "java.time.Duration", description = "Wall-clock limit of one call, "
                                                                                   + "from container create to "
                                                                                   + "exit. When it is reached the "
                                                                                   + "container is killed and "
                                                                                   + "removed and the exchange fails"
                                                                                   + " with a "
                                                                                   + "FunctionTimeoutException.")
    private long timeout = 60_000;
    @UriParam(description = "Working directory of the process; defaults to the image's.")
    private String workingDir;
    @UriParam(defaultValue = "0", description = "Exit codes that count as success, separated by commas.")
    private String successExitCodes = "0";
    @UriParam(description = "Bytes the output must start with to count as success (for example %PDF-), because some"
                            + " converters exit 0 without producing anything usable. Empty output never matches.")
    private String outputSignature;
    @UriParam(label = "advanced", description = "Address of the Docker engine: unix:///var/run/docker.sock or "
                                                + "tcp://host:2375. Defaults to the DOCKER_HOST environment variable,"
                                                + " else the local socket.")
    private String dockerHost;

    @UriParam(label = "security", defaultValue = "65534:65534", description = "User (and group) the process runs as."
                                                                             + " Defaults to nobody, whatever the "
                                                                             + "image says.")
    private String user = "65534:65534";
    @UriParam(label = "security", defaultValue = "none", description = "Network of the container; none means no "
                                                                      + "network at all.")
    private String network = "none";
    @UriParam(label = "security", defaultValue = "true", description = "Mount the image read-only; the process can "
                                                                      + "only write to its /tmp scratch space.")
    private boolean readOnlyRootFilesystem = true;
    @UriParam(label = "security", defaultValue = "64m", description = "Size of the writable /tmp scratch space "
                                                                     + "(memory backed: it counts toward "
                                                                     + "memoryLimit). Empty for none.")
    private String tmpfsSize = "64m";
    @UriParam(label = "security", defaultValue = "256m", description = "Memory limit of the container, e.g. 512m. "
                                                                      + "Swap is set equal, so the process cannot "
                                                                      + "swap past it.")
    private String memoryLimit = "256m";
    @UriParam(label = "security", defaultValue = "1.0", description = "CPU limit in CPUs (e.g. 0.5).")
    private double cpus = 1.0;
    @UriParam(label = "security", defaultValue = "128", description = "Most processes and threads the function may"
                                                                     + " have (stops fork bombs).")
    private long pidsLimit = 128;
    @UriParam(label = "security", defaultValue = "1g", description = "Most bytes the function may write to standard"
                                                                    + " output; the call is stopped and fails past"
                                                                    + " it.")
    private String maxOutputSize = "1g";

    @UriParam(label = "advanced", defaultValue = "4", description = "Calls of this function that may run at once in "
                                                                   + "this application; more wait in line.")
    private int maxConcurrentCalls = 4;
    @UriParam(label = "advanced", defaultValue = "16", description = "Calls that may wait in line for a free slot. A "
                                                                    + "call beyond that fails at once with "
                                                                    + "FunctionOverloadedException (HTTP: 503 with "
                                                                    + "Retry-After), unless waitWhenBusy is set.")
    private int maxQueuedCalls = 16;
    @UriParam(label = "advanced", defaultValue = "false", description = "Wait for a free slot however long the line"
                                                                       + " is, instead of failing when it is full: "
                                                                       + "for inputs that can wait their turn (drop "
                                                                       + "folders, FTP).")
    private boolean waitWhenBusy;
    @UriParam(label = "advanced", defaultValue = "4096", description = "How many trailing bytes of standard error are"
                                                                      + " kept for the CamelHydraStderr header and "
                                                                      + "error messages.")
    private int stderrTailSize = 4096;
    @UriParam(label = "advanced", defaultValue = "1m", description = "Output up to this size is kept in memory; "
                                                                    + "larger output is spooled to a temporary file"
                                                                    + " so memory stays bounded.")
    private String spoolThreshold = "1m";
    @UriParam(label = "advanced", description = "Directory for spooled output; defaults to the JVM's temporary "
                                                + "directory. Spool files are unlinked as soon as they are created, "
                                                + "so nothing is left behind even after a crash.")
    private String spoolDirectory;

    /** The catalog's argument list; used when no {@link #command} string is given. Not a URI option. */
    private List<String> commandArgs = List.of();
    /** From the catalog: media type and file extension of the output. Not URI options. */
    private String contentType;
    private String outputExtension;

    public HydraConfiguration copy() {
        try {
            HydraConfiguration copy = (HydraConfiguration) clone();
            copy.env = new HashMap<>(env);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getImage() {
        return image;
    }

    /** The image to run, pinned to a tag or digest. */
    public void setImage(String image) {
        this.image = image;
    }

    public String getCommand() {
        return command;
    }

    /** The command to run as an argument list separated by spaces; double quotes group. Never run by a shell. */
    public void setCommand(String command) {
        this.command = command;
    }

    public Map<String, Object> getEnv() {
        return env;
    }

    /** Environment variables of the process. */
    public void setEnv(Map<String, Object> env) {
        this.env = env;
    }

    public long getTimeout() {
        return timeout;
    }

    /** Wall-clock limit of one call; the container is killed and removed when it is reached. */
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public String getWorkingDir() {
        return workingDir;
    }

    /** Working directory of the process. */
    public void setWorkingDir(String workingDir) {
        this.workingDir = workingDir;
    }

    public String getSuccessExitCodes() {
        return successExitCodes;
    }

    /** Exit codes that count as success, separated by commas. */
    public void setSuccessExitCodes(String successExitCodes) {
        this.successExitCodes = successExitCodes;
    }

    public String getOutputSignature() {
        return outputSignature;
    }

    /** Bytes the output must start with to count as success. */
    public void setOutputSignature(String outputSignature) {
        this.outputSignature = outputSignature;
    }

    public String getDockerHost() {
        return dockerHost;
    }

    /** Address of the Docker engine. */
    public void setDockerHost(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    public String getUser() {
        return user;
    }

    /** User (and group) the process runs as. */
    public void setUser(String user) {
        this.user = user;
    }

    public String getNetwork() {
        return network;
    }

    /** Network of the container; none means no network. */
    public void setNetwork(String network) {
        this.network = network;
    }

    public boolean isReadOnlyRootFilesystem() {
        return readOnlyRootFilesystem;
    }

    /** Mount the image read-only. */
    public void setReadOnlyRootFilesystem(boolean readOnlyRootFilesystem) {
        this.readOnlyRootFilesystem = readOnlyRootFilesystem;
    }

    public String getTmpfsSize() {
        return tmpfsSize;
    }

    /** Size of the writable /tmp scratch space. */
    public void setTmpfsSize(String tmpfsSize) {
        this.tmpfsSize = tmpfsSize;
    }

    public String getMemoryLimit() {
        return memoryLimit;
    }

    /** Memory limit of the container; swap is set equal. */
    public void setMemoryLimit(String memoryLimit) {
        this.memoryLimit = memoryLimit;
    }

    public double getCpus() {
        return cpus;
    }

    /** CPU limit in CPUs. */
    public void setCpus(double cpus) {
        this.cpus = cpus;
    }

    public long getPidsLimit() {
        return pidsLimit;
    }

    /** Most processes and threads the function may have. */
    public void setPidsLimit(long pidsLimit) {
        this.pidsLimit = pidsLimit;
    }

    public String getMaxOutputSize() {
        return maxOutputSize;
    }

    /** Most bytes the function may write to standard output. */
    public void setMaxOutputSize(String maxOutputSize) {
        this.maxOutputSize = maxOutputSize;
    }

    public int getMaxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** Calls of this function that may run at once in this application. */
    public void setMaxConcurrentCalls(int maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    public int getMaxQueuedCalls() {
        return maxQueuedCalls;
    }

    /** Calls that may wait in line for a free slot before calls are turned away. */
    public void setMaxQueuedCalls(int maxQueuedCalls) {
        this.maxQueuedCalls = maxQueuedCalls;
    }

    public boolean isWaitWhenBusy() {
        return waitWhenBusy;
    }

    /** Wait for a free slot however long the line is, instead of failing when it is full. */
    public void setWaitWhenBusy(boolean waitWhenBusy) {
        this.waitWhenBusy = waitWhenBusy;
    }

    public int getStderrTailSize() {
        return stderrTailSize;
    }

    /** How many trailing bytes of standard error are kept. */
    public void setStderrTailSize(int stderrTailSize) {
        this.stderrTailSize = stderrTailSize;
    }

    public String getSpoolThreshold() {
        return spoolThreshold;
    }

    /** Output up to this size is kept in memory, larger output goes to a temporary file. */
    public void setSpoolThreshold(String spoolThreshold) {
        this.spoolThreshold = spoolThreshold;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    /** Directory for spooled output. */
    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    List<String> getCommandArgs() {
        return commandArgs;
    }

    void setCommandArgs(List<String> commandArgs) {
        this.commandArgs = List.copyOf(commandArgs);
    }

    String getContentType() {
        return contentType;
    }

    void setContentType(String contentType) {
        this.contentType = contentType;
    }

    String getOutputExtension() {
        return outputExtension;
    }

    void setOutputExtension(String outputExtension) {
        this.outputExtension = outputExtension;
    }
}
