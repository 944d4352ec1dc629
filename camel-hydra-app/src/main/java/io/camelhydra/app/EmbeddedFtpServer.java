package io.camelhydra.app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.OnCamelContextInitializing;
import org.apache.camel.spi.OnCamelContextStopped;
import org.apache.camel.spi.PropertiesComponent;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When no FTP server is configured ({@code hydra.ftp.host} empty), runs one on loopback so the FTP input works out of
 * the box: Apache MINA FtpServer, home under the data root, one account (from HYDRA_FTP_USER / HYDRA_FTP_PASSWORD, or
 * user hydra with a generated password printed once at start). It then points the FTP route at itself.
 */
public class EmbeddedFtpServer implements OnCamelContextInitializing, OnCamelContextStopped {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFtpServer.class);

    private FtpUploadsInProgress uploads = new FtpUploadsInProgress();
    private FtpServer server;

    @Override
    public void onContextInitializing(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean enabled = Boolean.parseBoolean(properties.resolveProperty("hydra.ftp.enabled").orElse("true"));
        String host = properties.resolveProperty("hydra.ftp.host").orElse("").strip();
        if (!enabled) {
            // The FTP routes are loaded but never started; their endpoints are still created, and an empty host
            // would stop the app at start-up. A name that cannot resolve (RFC 6761) keeps them valid and inert.
            properties.addOverrideProperty("hydra.ftp.host", "ftp-input-is-off.invalid");
            LOG.info("FTP input is off (HYDRA_FTP_ENABLED=false)");
            return;
        }
        if (!host.isEmpty()) {
            return; // a real server is configured: nothing is embedded
        }
        int port = Integer.parseInt(properties.resolveProperty("hydra.ftp.port").orElse("2121").strip());
        String user = properties.resolveProperty("hydra.ftp.user").orElse("hydra").strip();
        String password = properties.resolveProperty("hydra.ftp.password").orElse("").strip();
        boolean generated = password.isEmpty();
        if (generated) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        Path home = Path.of(properties.resolveProperty("hydra.data.dir").orElse("data"), "ftp")
                .toAbsolutePath().normalize();
        DropFolders.prepare(context, home);
        try {
            server = create(port, user, password, home);
            server.start();
        } catch (FtpException | RuntimeException e) {
            throw new IllegalStateException("Cannot start the embedded FTP server on 127.0.0.1:" + port + " (" + e
                    .getMessage() + "). Free the port, set HYDRA_FTP_PORT, point HYDRA_FTP_HOST at a real server, or"
                    + " set HYDRA_FTP_ENABLED=false.", e);
        }
        // the FTP route reads these when it is created, right after this
        properties.addOverrideProperty("hydra.ftp.host", "127.0.0.1");
        properties.addOverrideProperty("hydra.ftp.password", password);
        properties.addOverrideProperty("hydra.ftp.scheme", "ftp");
        LOG.info("Embedded FTP server on ftp://127.0.0.1:{}/ (home {}), user {}, password {}", port, home, user,
                generated ? password + " (generated for this run: set HYDRA_FTP_PASSWORD to choose one)"
                        : "from HYDRA_FTP_PASSWORD");
    }

    private FtpServer create(int port, String user, String password, Path home) throws FtpException {
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
        connections.setMaxLogins(64);
        factory.setConnectionConfig(connections.createConnectionConfig());

        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new SaltedPasswordEncryptor());
        UserManager userManager = users.createUserManager();
        BaseUser account = new BaseUser();
        account.setName(user);
        account.setPassword(password);
        account.setHomeDirectory(home.toString());
        account.setAuthorities(List.<Authority>of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));
        userManager.save(account);
        factory.setUserManager(userManager);

        // the server clears this map when it stops: it must be a mutable one
        factory.setFtplets(new java.util.HashMap<>(Map.of("uploads-in-progress", uploads)));
        return factory.createServer();
    }

    public FtpUploadsInProgress getUploads() {
        return uploads;
    }

    /** Tracks uploads in progress; the FTP route uses the same object as its filter. */
    public void setUploads(FtpUploadsInProgress uploads) {
        this.uploads = uploads;
    }

    @Override
    public void onContextStopped(CamelContext context) {
        if (server != null && !server.isStopped()) {
            server.stop();
        }
    }
}
