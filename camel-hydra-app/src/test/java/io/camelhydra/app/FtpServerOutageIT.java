package io.camelhydra.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;
import io.camelhydra.testing.DockerRequired;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.SaltedPasswordEncryptor;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's FTP input against a real FTP server of its own (not the embedded one) that goes away: between uploads,
 * and while a document it had downloaded is being converted. The app keeps running and reconnects; every document is
 * converted exactly once and none is filed as failed because the server was away.
 */
@ExtendWith(DockerRequired.class)
class FtpServerOutageIT {

    private static final Duration CONVERSION = Duration.ofMinutes(3);
    private static final String USER = "outage";

    @TempDir
    Path work;

    private final String password = "pw-" + UUID.randomUUID();
    private final DockerContainerRuntime docker = new DockerContainerRuntime("unix:///var/run/docker.sock");
    private Path home;
    private int port;
    private FtpServer server;
    private AppProcess app;

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
            if (server != null && !server.isStopped()) {
                server.stop();
            }
            if (app != null) {
                assertThat(docker.countContainers(app.instanceId())).as("containers left by %s", app.instanceId())
                        .isZero();
            }
        } finally {
            docker.close();
        }
    }

    @Test
    void serverGoingAwayBetweenUploads() throws Exception {
        startServerAndApp("toupper");

        upload("inbox/toupper/a.txt", "first upload\n".getBytes(StandardCharsets.UTF_8));
        Await.until(CONVERSION, () -> "a.txt converted:\n" + app.logTail(),
                () -> Files.exists(home.resolve("done/toupper/a.txt")));
        assertThat(home.resolve("outbox/toupper/a.txt")).hasContent("FIRST UPLOAD\n");

        stopServer();
        long logMark = app.logText().length();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            assertThat(app.process().isAlive()).as("the app keeps running without its FTP server:\n%s", app.logTail())
                    .isTrue();
            Thread.sleep(500);
        }
        HttpResponse<String> catalog = http.send(HttpRequest.newBuilder(app.url("/functions"))
                .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(catalog.statusCode()).as("HTTP still served").isEqualTo(200);
        String duringOutage = app.logText().substring((int) logMark);
        assertThat(duringOutage).as("the app says it cannot reach the server, and keeps trying")
                .contains("WARN").contains("Cannot connect/login to: ftp://" + USER + "@127.0.0.1:" + port)
                .contains("Will skip this poll");

        startServer();
        upload("inbox/toupper/b.txt", "second upload\n".getBytes(StandardCharsets.UTF_8));
        Await.until(CONVERSION, () -> "b.txt converted after the server came back:\n" + app.logTail(),
                () -> Files.exists(home.resolve("done/toupper/b.txt")));
        assertThat(home.resolve("outbox/toupper/b.txt")).hasContent("SECOND UPLOAD\n");

        Thread.sleep(5000); // several more polls: nothing is converted a second time
        assertThat(DataFolders.files(home.resolve("outbox/toupper"))).as("one result per upload").containsExactly("a.txt", "b.txt");
        assertThat(home.resolve("outbox/toupper/a.txt")).hasContent("FIRST UPLOAD\n");
        assertThat(DataFolders.files(home.resolve("done/toupper"))).containsExactly("a.txt", "b.txt");
        assertThat(DataFolders.files(home.resolve("inbox/toupper"))).isEmpty();
        assertNothingFailed();
        DataFolders.assertNoTemporaryFiles(home);
        assertThat(app.logText()).doesNotContain("Embedded FTP server");
        Await.until(Duration.ofMinutes(1), "no container left while the app runs",
                () -> docker.countContainers(app.instanceId()) == 0);
    }

    @Test
    void serverGoingAwayWhileADownloadedDocumentIsConverted() throws Exception {
        startServerAndApp("pdf");
        Document doc = Corpus.named("docx/paragraphs_and_tables.docx");
        String output = "paragraphs_and_tables.pdf";

        upload("inbox/pdf/" + doc.fileName(), Files.readAllBytes(doc.path()));
        // a container runs only once the app has downloaded the input and streams it in
        Await.until(Duration.ofMinutes(2), () -> "a conversion started:\n" + app.logTail(),
                () -> docker.countContainers(app.instanceId()) > 0);
        stopServer();
        Thread.sleep(4000);
        assertThat(DataFolders.files(home.resolve("outbox/pdf"))).as("no result while the server is away").isEmpty();
        startServer();

        Await.until(CONVERSION, () -> doc + " converted after the server came back:\n" + app.logTail(),
                () -> Files.exists(home.resolve("outbox/pdf").resolve(output)));
        // the input moves to done/ once the result is up; should the move itself have been cut off, the input may
        // stay in the inbox, but it is remembered as converted and never converted again
        Path done = home.resolve("done/pdf").resolve(doc.fileName());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(done) && System.nanoTime() < until) {
            Thread.sleep(250);
        }
        Thread.sleep(5000); // several more polls
        if (Files.exists(done)) {
            assertThat(DataFolders.files(home.resolve("inbox/pdf"))).as("inbox").isEmpty();
        } else {
            assertThat(DataFolders.files(home.resolve("inbox/pdf"))).as("input neither in done/ nor in the inbox")
                    .containsExactly(doc.fileName());
        }
        assertThat(DataFolders.files(home.resolve("outbox/pdf"))).as("exactly one result").containsExactly(output);
        Conversions.assertConverted(doc, Files.readAllBytes(home.resolve("outbox/pdf").resolve(output)));
        assertNothingFailed();
        DataFolders.assertNoTemporaryFiles(home);
        Await.until(Duration.ofMinutes(1), "no container left while the app runs",
                () -> docker.countContainers(app.instanceId()) == 0);
    }

    private void startServerAndApp(String function) throws Exception {
        home = Files.createDirectories(work.resolve("ftp-home"));
        Files.createDirectories(home.resolve("inbox").resolve(function));
        port = freePort();
        startServer();
        app = new AppProcess(work)
                .env("HYDRA_FTP_HOST", "127.0.0.1")
                .env("HYDRA_FTP_PORT", String.valueOf(port))
                .env("HYDRA_FTP_USER", USER)
                .env("HYDRA_FTP_PASSWORD", password)
                .start();
        assertThat(app.logText()).as("a configured server: nothing embedded").doesNotContain("Embedded FTP server");
    }

    /** A new server on the same port and home, as a restarted FTP service would be. */
    private void startServer() throws FtpException {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        factory.setConnectionConfig(connections.createConnectionConfig());
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new SaltedPasswordEncryptor());
        UserManager userManager = users.createUserManager();
        BaseUser account = new BaseUser();
        account.setName(USER);
        account.setPassword(password);
        account.setHomeDirectory(home.toString());
        account.setAuthorities(List.<Authority>of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));
        userManager.save(account);
        factory.setUserManager(userManager);
        server = factory.createServer();
        server.start();
    }

    /** Stops the server and waits until its port refuses connections: a real outage, not a paused one. */
    private void stopServer() throws Exception {
        server.stop();
        Await.until(Duration.ofSeconds(30), "port " + port + " closed", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return false;
            } catch (ConnectException e) {
                return true;
            }
        });
    }

    private void upload(String path, byte[] content) throws IOException {
        try (FtpClientSession session = new FtpClientSession(port, USER, password);
             InputStream in = new ByteArrayInputStream(content)) {
            session.upload(path, in);
        }
    }

    private void assertNothingFailed() throws IOException {
        Path failed = home.resolve("failed");
        if (Files.exists(failed)) {
            try (Stream<Path> all = Files.walk(failed)) {
                assertThat(all.filter(Files::isRegularFile)).as("nothing in failed/:\n%s", app.logTail()).isEmpty();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
