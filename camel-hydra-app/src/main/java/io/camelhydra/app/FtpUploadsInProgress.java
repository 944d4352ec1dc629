package io.camelhydra.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;

/**
 * Knows which files the embedded FTP server is receiving right now, and keeps the FTP route from taking them: an
 * upload that pauses longer than any "unchanged for N seconds" check is still never half-read. For an external FTP
 * server the route relies on readLock=changed and on clients uploading under a temporary name.
 */
public class FtpUploadsInProgress extends DefaultFtplet implements GenericFileFilter<FTPFile> {

    /** Virtual path (no leading slash) to the id of the session uploading it. */
    private final Map<String, String> uploading = new ConcurrentHashMap<>();

    @Override
    public FtpletResult onUploadStart(FtpSession session, FtpRequest request) throws FtpException, java.io.IOException {
        begin(session, request);
        return super.onUploadStart(session, request);
    }

    @Override
    public FtpletResult onUploadEnd(FtpSession session, FtpRequest request) throws FtpException, java.io.IOException {
        end(session, request);
        return super.onUploadEnd(session, request);
    }

    @Override
    public FtpletResult onAppendStart(FtpSession session, FtpRequest request) throws FtpException, java.io.IOException {
        begin(session, request);
        return super.onAppendStart(session, request);
    }

    @Override
    public FtpletResult onAppendEnd(FtpSession session, FtpRequest request) throws FtpException, java.io.IOException {
        end(session, request);
        return super.onAppendEnd(session, request);
    }

    @Override
    public FtpletResult onDisconnect(FtpSession session) throws FtpException, java.io.IOException {
        // an upload cut short by a disconnect is over too; what it left is judged like any other file
        String id = session.getSessionId().toString();
        uploading.values().removeIf(id::equals);
        return super.onDisconnect(session);
    }

    private void begin(FtpSession session, FtpRequest request) throws FtpException {
        uploading.put(key(session.getFileSystemView().getFile(request.getArgument()).getAbsolutePath()),
                session.getSessionId().toString());
    }

    private void end(FtpSession session, FtpRequest request) throws FtpException {
        uploading.remove(key(session.getFileSystemView().getFile(request.getArgument()).getAbsolutePath()));
    }

    @Override
    public boolean accept(GenericFile<FTPFile> file) {
        return file.isDirectory() || !uploading.containsKey(key(file.getAbsoluteFilePath()));
    }

    /** Whether any upload is running (tests). */
    public boolean isBusy() {
        return !uploading.isEmpty();
    }

    private static String key(String path) {
        String normalized = path.replace('\\', '/');
        while (normalized.startsWith("/")) {
            normalized = normalized.substring(1);
        }
        return normalized;
    }
}
