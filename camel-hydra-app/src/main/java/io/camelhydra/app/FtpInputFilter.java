package io.camelhydra.app;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.commons.net.ftp.FTPFile;

/**
 * What one FTP consumer takes: files no upload is still writing, and of those only its share. Several consumers, each
 * with its own connection and a disjoint share (by a hash of the path), convert files in parallel without two ever
 * taking the same file; one FTP connection cannot be shared between threads.
 */
public class FtpInputFilter implements GenericFileFilter<FTPFile> {

    private final int share;
    private final int shares;
    private FtpUploadsInProgress uploads = new FtpUploadsInProgress();

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
