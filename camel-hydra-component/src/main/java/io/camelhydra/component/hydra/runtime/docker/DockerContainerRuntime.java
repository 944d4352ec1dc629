package io.camelhydra.component.hydra.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.camelhydra.component.hydra.runtime.ContainerExit;
import io.camelhydra.component.hydra.runtime.ContainerLabels;
import io.camelhydra.component.hydra.runtime.ContainerRuntime;
import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.ContainerRuntimeException.Kind;
import io.camelhydra.component.hydra.runtime.ContainerSpec;
import io.camelhydra.component.hydra.runtime.EngineInfo;
import io.camelhydra.component.hydra.runtime.Outcome;
import io.camelhydra.component.hydra.runtime.Sandbox;
import io.camelhydra.component.hydra.runtime.StderrTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on a Docker engine through docker-java: create (stdin open, StdinOnce, tty off, labels,
 * sandbox), attach, start, stream stdin and stdout at once, close stdin, wait for the exit code, force-remove.
 * The only class besides its package-private helpers that knows docker-java.
 */
public final class DockerContainerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);
    private static final String FUNCTION_LOGGER_PREFIX = "io.camelhydra.function.";
    /** How long the engine may take to report an exit after the output ended or a kill was sent. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    private final EngineAddress engine;
    private final DockerClient docker;
    private final ExecutorService stdinFeeders;
    private final ScheduledExecutorService deadlines;
    /** Containers whose removal failed (engine away): retried until the engine lets them go. */
    private final java.util.Set<String> pendingRemovals = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param dockerHost engine address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375}); {@code null}
     *                   means {@code DOCKER_HOST} or the local socket
     */
    public DockerContainerRuntime(String dockerHost) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (dockerHost != null && !dockerHost.isBlank()) {
            builder.withDockerHost(dockerHost);
        }
        DockerClientConfig config = builder.build();
        URI host = config.getDockerHost();
        this.engine = EngineAddress.parse(host.toString(), config.getSSLConfig() != null);
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
        this.stdinFeeders = Executors.newCachedThreadPool(daemonThreads("hydra-stdin-"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemonThreads("hydra-deadline-"));
        this.deadlines.scheduleWithFixedDelay(this::retryPendingRemovals, 15, 15, TimeUnit.SECONDS);
    }

    @Override
    public ContainerExit run(ContainerSpec spec, InputStream stdin, OutputStream stdout) {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + spec.timeout().toNanos();
        String id = create(spec);
        AtomicReference<Outcome> killedFor = new AtomicReference<>();
        StderrTail stderr = new StderrTail(spec.stderrTailBytes(), lineLogger(spec.name()));
        ScheduledFuture<?> deadline = null;
        Future<FeedResult> feeder = null;
        try {
            HijackedAttach attach;
            try {
                attach = HijackedAttach.open(engine, id);
            } catch (IOException e) {
                throw unreachable("attach to container " + id, e);
            }
            try (attach) {
                start(id);
                deadline = deadlines.schedule(() -> kill(id, killedFor, Outcome.TIMED_OUT),
                        Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                feeder = stdinFeeders.submit(() -> feed(stdin, attach, id, killedFor));
                FrameDemultiplexer demux = new FrameDemultiplexer();
                boolean outputEnded = pumpOutput(demux, attach, stdout, stderr, spec, killedFor);
                if (!outputEnded) {
                    // Hang up first: the engine reports the process dead only once its output is delivered, so a
                    // kill sent while nobody reads the attach connection would wait for ever.
                    attach.close();
                    kill(id, killedFor, Outcome.OUTPUT_LIMIT_EXCEEDED);
                }
                stderr.finish();
                int exitCode = awaitExit(id, deadlineNanos, killedFor);
                attach.close(); // frees a feeder still blocked writing to a process that stopped reading
                FeedResult fed = feedResult(feeder);
                if (fed.bodyFailure() != null) {
                    throw new ContainerRuntimeException(Kind.INPUT_UNREADABLE,
                            "the message body could not be read: " + fed.bodyFailure().getMessage(),
                            fed.bodyFailure());
                }
                Outcome outcome = killedFor.get();
                if (outcome == null) {
                    outcome = exitCode != 0 && wasOomKilled(id, exitCode) ? Outcome.OUT_OF_MEMORY : Outcome.EXITED;
                }
                if (outcome == Outcome.EXITED && diedOfStopSignal(exitCode)) {
                    // Neither we nor the kernel's memory killer sent it: the engine stopped the container while
                    // shutting down, or an operator ran docker stop/kill. Not the document's fault.
                    throw new ContainerRuntimeException(Kind.STOPPED_FROM_OUTSIDE, "container " + id + " was stopped"
                            + " from outside after " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis()
                            + " ms (exit code " + exitCode + ", " + (exitCode == 143 ? "SIGTERM" : "SIGKILL")
                            + "): the Docker engine at " + engine + " was shutting down or restarting, or someone "
                            + "ran docker stop/kill on it. The input was not at fault: try again.", null);
                }
                return new ContainerExit(id, outcome, exitCode, stderr.text(),
                        Duration.ofNanos(System.nanoTime() - startNanos), fed.bytes(), demux.stdoutBytes());
            }
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (feeder != null && !feeder.isDone()) {
                feeder.cancel(true);
            }
            remove(id);
        }
    }

    private boolean pumpOutput(
            FrameDemultiplexer demux, HijackedAttach attach, OutputStream stdout, StderrTail stderr,
            ContainerSpec spec, AtomicReference<Outcome> killedFor) {
        OutputStream sink = new SinkGuard(stdout);
        try {
            return demux.pump(attach.frames(), sink, stderr, spec.maxOutputBytes());
        } catch (SinkGuard.SinkFailure e) {
            throw new UncheckedIOException((IOException) e.getCause());
        } catch (IOException e) {
            if (killedFor.get() != null) {
                return true; // we killed it: the connection going away is expected
            }
            throw unreachable("read the output of container " + attach, e);
        }
    }

    private FeedResult feed(InputStream body, HijackedAttach attach, String id, AtomicReference<Outcome> killedFor) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (true) {
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                // The body broke (client went away, file vanished): the call cannot be completed.
                kill(id, killedFor, null);
                return new FeedResult(total, e);
            }
            if (n < 0) {
                break;
            }
            try {
                attach.stdin().write(buffer, 0, n);
                total += n;
            } catch (IOException e) {
                // The process closed its stdin or exited without reading everything: its exit code tells the story.
                return new FeedResult(total, null);
            }
        }
        try {
            attach.closeStdin();
        } catch (IOException e) {
            LOG.debug("Container {} was gone before its stdin could be closed", id);
        }
        return new FeedResult(total, null);
    }

    private static FeedResult feedResult(Future<FeedResult> feeder) {
        try {
            return feeder.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Still blocked reading the body (a slow client): the container is done, so is the call.
            feeder.cancel(true);
            return new FeedResult(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FeedResult(-1, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new FeedResult(-1, null);
        }
    }

    private String create(ContainerSpec spec) {
        Sandbox sandbox = spec.sandbox();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(sandbox.network())
                .withReadonlyRootfs(sandbox.readOnlyRootFilesystem())
                .withTmpFs(sandbox.tmpfs().isEmpty() ? null : sandbox.tmpfs())
                .withMemory(sandbox.memoryBytes() > 0 ? sandbox.memoryBytes() : null)
                .withMemorySwap(sandbox.memoryBytes() > 0 ? sandbox.memoryBytes() : null)
                .withNanoCPUs(sandbox.nanoCpus() > 0 ? sandbox.nanoCpus() : null)
                .withPidsLimit(sandbox.pidsLimit() > 0 ? sandbox.pidsLimit() : null)
                .withInit(sandbox.init())
                .withAutoRemove(false) // removed explicitly: with autoRemove a late wait gets 404
                // The attach already carries every byte; the default json-file log driver would also write all of
                // stdout to the engine's disk (documents at rest, ~4x slower on large outputs).
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
        if (sandbox.dropAllCapabilities()) {
            host.withCapDrop(Capability.ALL);
        }
        if (sandbox.noNewPrivileges()) {
            host.withSecurityOpts(List.of("no-new-privileges"));
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        String name = "hydra-" + spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (CreateContainerCmd cmd = docker.createContainerCmd(spec.image())) {
            cmd.withName(name)
                    .withLabels(spec.labels())
                    .withEnv(env)
                    .withUser(sandbox.user())
                    .withAttachStdin(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withStdinOpen(true)
                    .withStdInOnce(true) // the engine closes the process's stdin when our attach half-closes
                    .withTty(false) // separate stdout and stderr frames
                    .withHostConfig(host);
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            if (spec.workingDir() != null && !spec.workingDir().isBlank()) {
                cmd.withWorkingDir(spec.workingDir());
            }
            return cmd.exec().getId();
        } catch (NotFoundException e) {
            throw new ContainerRuntimeException(Kind.IMAGE_MISSING, "image " + spec.image()
                    + " is not on the Docker engine at " + engine + ". Build it with ./hydra images (or "
                    + "scripts/build-images.sh), or load it with docker load / docker pull.", e);
        } catch (DockerException e) {
            throw new ContainerRuntimeException(Kind.ENGINE_REFUSED, "the Docker engine refused to create a container"
                    + " from " + spec.image() + ": " + engineMessage(e), e);
        } catch (RuntimeException e) {
            throw unreachable("create a container", e);
        }
    }

    private void start(String id) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new ContainerRuntimeException(Kind.ENGINE_REFUSED, "the Docker engine could not start the "
                    + "container: " + engineMessage(e), e);
        } catch (RuntimeException e) {
            throw unreachable("start container " + id, e);
        }
    }

    private int awaitExit(String id, long deadlineNanos, AtomicReference<Outcome> killedFor) {
        long waitNanos = Math.max(0, deadlineNanos - System.nanoTime()) + EXIT_GRACE.toNanos();
        try (WaitContainerResultCallback callback = docker.waitContainerCmd(id)
                .exec(new WaitContainerResultCallback())) {
            Integer code = callback.awaitStatusCode(waitNanos, TimeUnit.NANOSECONDS);
            return code == null ? -1 : code;
        } catch (DockerException e) {
            throw new ContainerRuntimeException(Kind.ENGINE_REFUSED, "the Docker engine could not report the exit of "
                    + "container " + id + ": " + engineMessage(e), e);
        } catch (IOException e) {
            return -1; // closing the callback failed; the code was already read or the wait threw
        } catch (RuntimeException e) {
            if (killedFor.get() == null && e.getMessage() != null && e.getMessage().contains("Awaiting status code")) {
                // The process neither exited nor got killed in time: treat as a timeout.
                kill(id, killedFor, Outcome.TIMED_OUT);
                return -1;
            }
            if (killedFor.get() != null) {
                return -1;
            }
            throw unreachable("wait for container " + id, e);
        }
    }

    /**
     * Whether the kernel killed the process for memory. Asked of a process that failed and was not killed by us: an
     * engine that no longer answers then is shutting down and stopped the container itself (exit code 143 or 137),
     * which is not the function's failure but the engine's.
     */
    private boolean wasOomKilled(String id, int exitCode) {
        try {
            InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
            return Boolean.TRUE.equals(inspect.getState().getOOMKilled());
        } catch (DockerException e) {
            LOG.debug("Could not inspect container {} after it exited: {}", id, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            throw unreachable("learn why container " + id + " ended with exit code " + exitCode
                    + " (the engine may have stopped it while shutting down)", e);
        }
    }

    /**
     * Whether the process died of SIGTERM or SIGKILL (exit code 128 + signal, also as reported through the init
     * process). A function does not send these to itself; a crash shows other signals (SIGSEGV 139, SIGABRT 134).
     */
    private static boolean diedOfStopSignal(int exitCode) {
        return exitCode == 128 + 15 || exitCode == 128 + 9;
    }

    /** Kills the container once; records why (the first reason wins). A {@code null} reason records nothing. */
    private void kill(String id, AtomicReference<Outcome> killedFor, Outcome reason) {
        if (reason != null && !killedFor.compareAndSet(null, reason)) {
            return;
        }
        try {
            docker.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException e) {
            // already gone or no longer running
        } catch (RuntimeException e) {
            LOG.warn("Could not kill container {} ({}); it will be removed by force", id, e.getMessage());
        }
    }

    private void remove(String id) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            if (tryRemove(id)) {
                pendingRemovals.remove(id);
                return;
            }
            sleepQuietly(200L * attempt);
        }
        pendingRemovals.add(id);
        LOG.warn("Could not remove container {} now; it is retried every 15 s until the engine answers (and removed "
                + "at the next start in any case: it is labelled {}).", id, ContainerLabels.OWNER);
    }

    /** @return whether the container is gone */
    private boolean tryRemove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (ConflictException e) {
            return true; // "removal already in progress": the engine finishes it on its own
        } catch (RuntimeException e) {
            LOG.debug("Removing container {} failed: {}", id, e.getMessage());
            return false;
        }
    }

    private void retryPendingRemovals() {
        for (String id : pendingRemovals) {
            if (tryRemove(id)) {
                pendingRemovals.remove(id);
                LOG.info("Removed container {}, left behind while the engine was away", id);
            }
        }
    }

    @Override
    public EngineInfo ping() {
        try {
            Version version = docker.versionCmd().exec();
            if (!pendingRemovals.isEmpty()) {
                deadlines.execute(this::retryPendingRemovals);
            }
            return new EngineInfo(engine.uri(), version.getVersion(), version.getApiVersion(),
                    version.getOperatingSystem() + "/" + version.getArch());
        } catch (RuntimeException e) {
            throw unreachable("ask the engine for its version", e);
        }
    }

    @Override
    public int removeLeftovers(String owner) {
        List<Container> leftovers = list(owner);
        for (Container container : leftovers) {
            remove(container.getId());
        }
        return leftovers.size();
    }

    @Override
    public int countContainers(String owner) {
        return list(owner).size();
    }

    private List<Container> list(String owner) {
        try {
            return docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ContainerLabels.OWNER, owner))
                    .exec();
        } catch (RuntimeException e) {
            throw unreachable("list containers", e);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        stdinFeeders.shutdownNow();
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("Closing the Docker client failed: {}", e.getMessage());
        }
    }

    private ContainerRuntimeException unreachable(String what, Exception cause) {
        String reason = cause.getMessage();
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null) {
            reason = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return new ContainerRuntimeException(Kind.ENGINE_UNREACHABLE, "could not " + what + ": the Docker engine at "
                + engine + " does not answer (" + reason + "). Start the engine (./hydra engine) or point DOCKER_HOST"
                + " or camel.component.hydra.dockerHost at a running one.", cause);
    }

    private static String engineMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        // docker-java prefixes "Status 500: {"message":"..."}"; keep the engine's own words
        int at = message.indexOf("\"message\":\"");
        if (at >= 0) {
            String rest = message.substring(at + 11);
            int end = rest.lastIndexOf('"');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return message.strip();
    }

    private static java.util.function.Consumer<String> lineLogger(String function) {
        Logger logger = LoggerFactory.getLogger(FUNCTION_LOGGER_PREFIX + function);
        return logger.isDebugEnabled() ? line -> logger.debug("stderr: {}", line) : null;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record FeedResult(long bytes, IOException bodyFailure) {
    }
}
