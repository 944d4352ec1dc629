package io.camelhydra.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.commons.net.ftp.FTPFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one FTP consumer takes: files no upload is still writing, and of those only its share. Several consumers, each
 * with its own connection and a disjoint share (by a hash of the path), convert files in parallel without two ever
 * taking the same file; one FTP connection cannot be shared between threads.
 */
public class FtpInputFilter implements GenericFileFilter<FTPFile> {

    /** The input is downloaded to a local work file named {@code <name>.inprogress}, which must fit in 255 bytes. */
    static final int MAX_INPUT_NAME_BYTES = FileNames.MAX_NAME_BYTES - ".inprogress".length();

    private static final Logger LOG = LoggerFactory.getLogger(FtpInputFilter.class);

    private final int share;
    private final int shares;
    private FtpUploadsInProgress uploads = new FtpUploadsInProgress();
    /** Names already reported as too long, so each is reported once and not at every poll. */
    private final Set<String> tooLong = ConcurrentHashMap.newKeySet();

    public FtpInputFilter(int share, int shares) {
        if (shares < 1 || share < 0 || share >= shares) {
            throw new IllegalArgumentException("FTP consumer share " + share + " of " + shares + " is not valid");
        }
        this.share = share;
        this.shares = shares;
    }

    @Override
    public boolean accept(GenericFile<FTPFile> file) {
        if (file.isDirectory()) {
            return true;
        }
        if (Math.floorMod(file.getRelativeFilePath().hashCode(), shares) != share) {
            return false;
        }
        if (FileNames.bytes(file.getFileNameOnly()) > MAX_INPUT_NAME_BYTES) {
            if (tooLong.add(file.getRelativeFilePath())) {
                LOG.warn("FTP: {} is not taken: its name is {} bytes long, and inputs may have at most {} (UTF-8). "
                        + "Rename it shorter.", file.getRelativeFilePath(), FileNames.bytes(file.getFileNameOnly()),
                        MAX_INPUT_NAME_BYTES);
            }
            return false;
        }
        return uploads.accept(file);
    }

    public FtpUploadsInProgress getUploads() {
        return uploads;
    }

    /** The uploads the embedded FTP server is receiving (none for an external server). */
    public void setUploads(FtpUploadsInProgress uploads) {
        this.uploads = uploads;
    }
}
