package io.camelhydra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker engine a test can switch off and on: a UNIX-domain socket that forwards every connection to the real
 * engine socket ({@code /var/run/docker.sock}), byte for byte in both directions. Start the code under test with
 * {@code DOCKER_HOST=}{@link #dockerHost()}; {@link #stop()} then looks like the engine going away (the socket is gone
 * and every open connection, attach streams included, is closed), and {@link #start()} brings it back.
 * <p>
 * Half-close is forwarded: when one side ends its output, the proxy shuts down output towards the other side and
 * keeps the opposite direction flowing. hydra's streaming attach needs this: it half-closes to send end-of-file to the
 * container's stdin and then reads the rest of the output.
 */
public final class EngineProxy implements AutoCloseable {

    /** The engine socket every connection is forwarded to. */
    public static final Path ENGINE_SOCKET = Path.of("/var/run/docker.sock");

    private final Path socket;
    private final Path engine;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private ServerSocketChannel listener;
    private Thread acceptor;

    /**
     * @param socket where to listen; keep the path short (UNIX socket paths are limited to about 100 bytes)
     * @param engine the engine socket to forward to
     */
    public EngineProxy(Path socket, Path engine) {
        this.socket = socket.toAbsolutePath();
        this.engine = engine;
    }

    /** A proxy to the local engine on a socket in a fresh temporary folder (short path). Not started yet. */
    public static EngineProxy inTempDir() {
        try {
            return new EngineProxy(Files.createTempDirectory("hydra-engine-").resolve("docker.sock"), ENGINE_SOCKET);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the engine proxy's socket", e);
        }
    }

    /** The address to give as DOCKER_HOST: {@code unix://<socket>}. */
    public String dockerHost() {
        return "unix://" + socket;
    }

    public Path socket() {
        return socket;
    }

    /** Starts listening (again): the engine is back. Does nothing when already running. */
    public synchronized EngineProxy start() throws IOException {
        if (listener != null) {
            return this;
        }
        Files.deleteIfExists(socket); // a UNIX socket cannot be bound over an existing file
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        listener = channel;
        acceptor = daemon("engine-proxy-accept", () -> acceptLoop(channel));
        acceptor.start();
        return this;
    }

    /**
     * Stops listening, removes the socket and closes every open connection: to its clients the engine is gone, in
     * the middle of whatever they were doing. Returns once all forwarding threads have ended.
     */
    public synchronized void stop() throws IOException, InterruptedException {
        if (listener == null) {
            return;
        }
        listener.close();
        acceptor.join(10_000);
        listener = null;
        acceptor = null;
        List<Connection> open = new ArrayList<>(connections);
        for (Connection connection : open) {
            connection.close();
        }
        for (Connection connection : open) {
            connection.join();
        }
        Files.deleteIfExists(socket);
    }

    public synchronized boolean isRunning() {
        return listener != null;
    }

    /** Connections accepted since this proxy was made (across restarts). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections forwarding right now. */
    public int openConnections() {
        return connections.size();
    }

    /** Stops the proxy and removes its socket folder when it made one. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        Path folder = socket.getParent();
        if (folder != null && folder.getFileName().toString().startsWith("hydra-engine-")) {
            Files.deleteIfExists(folder);
        }
    }

    private void acceptLoop(ServerSocketChannel channel) {
        while (channel.isOpen()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
                upstream.connect(UnixDomainSocketAddress.of(engine));
            } catch (IOException e) {
                closeQuietly(client); // the real engine is away too: the client sees the connection end
                continue;
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(client, upstream);
            connections.add(connection);
            connection.start();
            if (!channel.isOpen()) {
                connection.close(); // stop() ran while this one was being set up
            }
        }
    }

    /** One forwarded connection: two pumps, one per direction; closed once both directions have ended. */
    private final class Connection {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private final Thread toEngine;
        private final Thread toClient;
        private final AtomicInteger directionsOpen = new AtomicInteger(2);

        Connection(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
            int n = accepted.get();
            this.toEngine = daemon("engine-proxy-" + n + "-up", () -> pump(client, upstream));
            this.toClient = daemon("engine-proxy-" + n + "-down", () -> pump(upstream, client));
        }

        void start() {
            toEngine.start();
            toClient.start();
        }

        /** Copies until {@code from} ends, then half-closes {@code to}; closes everything on an error. */
        private void pump(SocketChannel from, SocketChannel to) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                close(); // a reset, a closed peer, or stop(): the whole connection is over
                return;
            }
            if (directionsOpen.decrementAndGet() == 0) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
            connections.remove(this);
        }

        void join() throws InterruptedException {
            toEngine.join(10_000);
            toClient.join(10_000);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
