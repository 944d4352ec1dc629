package io.camelhydra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A process started with {@link ProcessBuilder} (an argument array, no shell): stdin from the input file, stdout read
 * to its end in the calling thread, stderr to a file kept for error messages. Killed when it overruns its limit.
 * Serves both {@code docker run --rm -i ...} and a local tool such as {@code tr a-z A-Z}.
 */
final class ProcessContender implements Contender {

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-process-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final Function<String, List<String>> commandForCall;
    private final boolean labelsContainers;
    private final Path input;
    private final Path stderrFile;
    private final Path outputFile;
    private final Duration timeout;

    /**
     * @param name             for the report
     * @param commandForCall   the argument array for one call (given the call id, e.g. to label a container)
     * @param labelsContainers whether the command creates a container labelled with the call id
     * @param input            stdin of the process
     * @param stderrFile       where stderr goes (overwritten by each call)
     * @param outputFile       where the tool writes its result when it cannot write to stdout, else {@code null}
     * @param timeout          the process is killed past this
     */
    ProcessContender(String name, Function<String, List<String>> commandForCall, boolean labelsContainers, Path input,
                     Path stderrFile, Path outputFile, Duration timeout) {
        this.name = name;
        this.commandForCall = commandForCall;
        this.labelsContainers = labelsContainers;
        this.input = input;
        this.stderrFile = stderrFile;
        this.outputFile = outputFile;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Call call(String callId) throws CallFailedException {
        List<String> command = commandForCall.apply(callId);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectError(stderrFile.toFile());
        try {
            if (outputFile != null) {
                Files.deleteIfExists(outputFile);
            }
            long wallStart = Contender.epochNanos();
            long start = System.nanoTime();
            Process process = builder.start();
            AtomicBoolean killed = new AtomicBoolean();
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                killed.set(true);
                process.destroyForcibly();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            DrainedOutput output;
            int exitCode;
            try (InputStream stdout = process.getInputStream()) {
                output = DrainedOutput.drain(stdout);
                exitCode = process.waitFor();
            } finally {
                deadline.cancel(false);
            }
            if (outputFile != null && exitCode == 0 && Files.isRegularFile(outputFile)) {
                try (InputStream file = Files.newInputStream(outputFile)) {
                    output = DrainedOutput.drain(file);
                }
            }
            long nanos = System.nanoTime() - start;
            long wallEnd = Contender.epochNanos();
            if (killed.get()) {
                throw new CallFailedException("killed after " + timeout.toSeconds() + " s: " + String.join(" ",
                        command));
            }
            if (exitCode != 0) {
                throw new CallFailedException("exited with code " + exitCode + ": " + lastStderrLine());
            }
            return new Call(nanos, wallStart, wallEnd, labelsContainers ? callId : null, output);
        } catch (IOException e) {
            throw new CallFailedException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailedException("interrupted", e);
        }
    }

    private String lastStderrLine() {
        try {
            List<String> lines = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(nothing on stderr)";
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
