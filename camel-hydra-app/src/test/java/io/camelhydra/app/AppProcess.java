package io.camelhydra.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.camelhydra.testing.DockerRequired;

/**
 * The packaged app started as a user starts it ({@code java -jar camel-hydra-app/target/camel-hydra-app.jar} from
 * the project folder), with its own port, data root and instance id, its output captured in a log file.
 */
public final class AppProcess implements AutoCloseable {

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final int ftpPort;
    private final String ftpPassword = "it-" + UUID.randomUUID();
    private final String instanceId = "it-app-" + UUID.randomUUID();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;

    public AppProcess(Path workDir) throws IOException {
        this.dataDir = workDir.resolve("data");
        this.log = workDir.resolve("app.log");
        this.port = freePort();
        this.ftpPort = freePort();
    }

    public AppProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public AppProcess jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Starts the app and waits until it answers HTTP. After {@link #kill()} it can be started again: same data root,
     * ports and instance id, as a restarted service would be.
     */
    public AppProcess start() throws Exception {
        Path jar = DockerRequired.projectDir().resolve("camel-hydra-app/target/camel-hydra-app.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("The packaged app is missing at " + jar + ": run mvn package first.");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DockerRequired.projectDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("HYDRA_HTTP_PORT", String.valueOf(port));
        builder.environment().put("HYDRA_DATA_DIR", dataDir.toString());
        builder.environment().put("HYDRA_INSTANCE_ID", instanceId);
        builder.environment().put("HYDRA_FTP_PORT", String.valueOf(ftpPort));
        builder.environment().put("HYDRA_FTP_PASSWORD", ftpPassword);
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The app exited with code " + process.exitValue() + " while starting:\n"
                        + logTail());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/functions"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 401) { // 401: serving, with auth on
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The app did not answer within " + limit + ":\n" + logTail());
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Port of the embedded FTP server (or of the configured one, when the test sets HYDRA_FTP_PORT itself). */
    public int ftpPort() {
        return Integer.parseInt(env.getOrDefault("HYDRA_FTP_PORT", String.valueOf(ftpPort)));
    }

    public String ftpUser() {
        return env.getOrDefault("HYDRA_FTP_USER", "hydra");
    }

    public String ftpPassword() {
        return env.getOrDefault("HYDRA_FTP_PASSWORD", ftpPassword);
    }

    /** The embedded FTP server's home: the FTP layout (inbox/, outbox/ ...) as files. */
    public Path ftpHome() {
        return dataDir.resolve("ftp");
    }

    public Path dataDir() {
        return dataDir;
    }

    public String instanceId() {
        return instanceId;
    }

    public Process process() {
        return process;
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The end of the app's log, for failure messages; never throws. */
    public String logTail() {
        try {
            String text = logText();
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Kills the app at once, as a crash would (no shutdown hooks). */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the app as Ctrl-C would. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
