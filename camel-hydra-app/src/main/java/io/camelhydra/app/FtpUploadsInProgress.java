package io.camelhydra.app;

import java.util.Collections;
import java.util.LinkedHashMap;
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
    /** Virtual path to when its last upload ended (the most recent paths only). */
    private final Map<String, Long> finished = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    });

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
        String path = key(session.getFileSystemView().getFile(request.getArgument()).getAbsolutePath());
        finished.put(path, System.currentTimeMillis());
        uploading.remove(path);
    }

    /**
     * When the last upload of a path ended, in epoch milliseconds, or 0 when this server did not receive it. Part of
     * the FTP input's idempotent key: an FTP listing gives modification times to the minute only, so without it the
     * same name uploaded again with the same size within a minute would pass for the file already converted.
     */
    public long uploadStamp(String path) {
        Long stamp = finished.get(key(path));
        return stamp == null ? 0 : stamp;
    }

    /** {@link #uploadStamp(String)} of the file an FTP exchange carries (for the route's idempotent key). */
    public long uploadStampOf(org.apache.camel.Exchange exchange) {
        String path = exchange.getIn().getHeader(org.apache.camel.component.file.FileConstants.FILE_ABSOLUTE_PATH,
                String.class);
        return path == null ? 0 : uploadStamp(path);
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
