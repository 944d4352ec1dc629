package io.camelhydra.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;

/** A real FTP client (commons-net) for tests: log in, upload, download, list, on loopback in passive mode. */
final class FtpClientSession implements AutoCloseable {

    private final FTPClient ftp = new FTPClient();

    FtpClientSession(int port, String user, String password) throws IOException {
        ftp.setControlEncoding(StandardCharsets.UTF_8.name());
        ftp.setConnectTimeout(10_000);
        ftp.connect("127.0.0.1", port);
        if (!ftp.login(user, password)) {
            throw new IOException("FTP login refused: " + ftp.getReplyString());
        }
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
    }

    void upload(String path, InputStream content) throws IOException {
        if (!ftp.storeFile(path, content)) {
            throw new IOException("FTP upload of " + path + " failed: " + ftp.getReplyString());
        }
    }

    /** Opens an upload the caller writes at its own pace; {@link #finishUpload()} after closing the stream. */
    OutputStream startUpload(String path) throws IOException {
        OutputStream out = ftp.storeFileStream(path);
        if (out == null) {
            throw new IOException("FTP upload of " + path + " refused: " + ftp.getReplyString());
        }
        return out;
    }

    void finishUpload() throws IOException {
        if (!ftp.completePendingCommand()) {
            throw new IOException("FTP upload did not complete: " + ftp.getReplyString());
        }
    }

    byte[] download(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ftp.retrieveFile(path, out)) {
            throw new IOException("FTP download of " + path + " failed: " + ftp.getReplyString());
        }
        return out.toByteArray();
    }

    /** Streams a remote file into {@code out} (for large results). */
    void download(String path, OutputStream out) throws IOException {
        if (!ftp.retrieveFile(path, out)) {
            throw new IOException("FTP download of " + path + " failed: " + ftp.getReplyString());
        }
    }

    List<String> list(String folder) throws IOException {
        FTPFile[] files = ftp.listFiles(folder);
        return Arrays.stream(files).filter(FTPFile::isFile).map(FTPFile::getName).toList();
    }

    boolean exists(String folder, String name) throws IOException {
        return list(folder).contains(name);
    }

    @Override
    public void close() throws IOException {
        if (ftp.isConnected()) {
            try {
                ftp.logout();
            } finally {
                ftp.disconnect();
            }
        }
    }
}
