package io.camelhydra.component.hydra.runtime.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where the Docker engine listens, as given by {@code DOCKER_HOST} or the endpoint's {@code dockerHost} option:
 * {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}. Opens raw connections for the streaming attach.
 */
final class EngineAddress {

    static final String DEFAULT = "unix:///var/run/docker.sock";

    private final String uri;
    private final SocketAddress socketAddress;
    private final StandardProtocolFamily family;

    private EngineAddress(String uri, SocketAddress socketAddress, StandardProtocolFamily family) {
        this.uri = uri;
        this.socketAddress = socketAddress;
        this.family = family;
    }

    /**
     * Parses an engine address.
     *
     * @throws IllegalArgumentException with a message that says what is accepted
     */
    static EngineAddress parse(String dockerHost, boolean tlsVerify) {
        String value = dockerHost == null || dockerHost.isBlank() ? DEFAULT : dockerHost.strip();
        URI parsed = URI.create(value);
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
        switch (scheme) {
            case "unix":
                return new EngineAddress(value, UnixDomainSocketAddress.of(Path.of(parsed.getPath())),
                        StandardProtocolFamily.UNIX);
            case "tcp":
                if (tlsVerify) {
                    // Half-closing stdin over TLS depends on the peer honouring close_notify as end of input; not
                    // verified yet, so refuse rather than hang every call.
                    throw new IllegalArgumentException("Docker engine " + value + " uses TLS (DOCKER_TLS_VERIFY), "
                            + "which camel-hydra's streaming attach does not support yet. Reach the engine through "
                            + "its unix socket, an SSH tunnel (ssh -L) or plain tcp:// on a trusted network.");
                }
                int port = parsed.getPort() > 0 ? parsed.getPort() : 2375;
                return new EngineAddress(value, new InetSocketAddress(parsed.getHost(), port),
                        StandardProtocolFamily.INET);
            default:
                throw new IllegalArgumentException("Unsupported Docker engine address '" + value
                        + "': use unix:///path/to/docker.sock or tcp://host:port (set DOCKER_HOST or the hydra "
                        + "component's dockerHost option).");
        }
    }

    /** Opens a blocking connection to the engine. */
    SocketChannel connect() throws IOException {
        SocketChannel channel = family == StandardProtocolFamily.UNIX
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            channel.connect(socketAddress);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public String toString() {
        return uri;
    }
}
