package io.camelhydra.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the drop-folder consumer take a file only when nobody is still writing it:
 * <ul>
 * <li>its inode change time (ctime) is older than a quiet period. Unlike the modification time, a writer cannot set
 * ctime back, so appending and then restoring an old mtime still counts as a change; and</li>
 * <li>no process on this host has it open for writing (read from /proc), which covers writers that pause longer than
 * the quiet period while keeping the file open.</li>
 * </ul>
 * Temporary names (dot files, .part, .tmp ...) are excluded by the route itself: writers that write under such a name
 * and rename when done are always safe, also from other hosts.
 */
public class StableFileFilter implements GenericFileFilter<java.io.File> {

    private static final Logger LOG = LoggerFactory.getLogger(StableFileFilter.class);
    private static final Path PROC = Path.of("/proc");

    private Duration quietPeriod = Duration.ofSeconds(2);
    private volatile OpenFiles openFiles = new OpenFiles(0, Set.of());

    @Override
    public boolean accept(GenericFile<java.io.File> file) {
        if (file.isDirectory()) {
            return true;
        }
        Path path = file.getFile().toPath();
        try {
            FileTime changed = (FileTime) Files.getAttribute(path, "unix:ctime");
            long ageMillis = System.currentTimeMillis() - changed.toMillis();
            if (ageMillis < quietPeriod.toMillis()) {
                LOG.debug("Not taking {} yet: changed {} ms ago", path, ageMillis);
                return false;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no ctime on this platform: fall back on the modification time
            if (System.currentTimeMillis() - file.getLastModified() < quietPeriod.toMillis()) {
                return false;
            }
        } catch (IOException e) {
            return false; // vanished or unreadable: the next poll will see
        }
        if (openForWriting().contains(path.toAbsolutePath().normalize().toString())) {
            LOG.debug("Not taking {} yet: a process has it open for writing", path);
            return false;
        }
        // The listing this poll works from is older than the checks above (reading /proc takes a while): if an
        // exchange converting this file finished and moved it meanwhile, Camel no longer counts it as in progress
        // and would take it a second time, fail to read it and file a bogus failure report.
        return Files.exists(path);
    }

    /** Paths that processes on this host have open for writing; read at most once per second. */
    private Set<String> openForWriting() {
        OpenFiles current = openFiles;
        long now = System.nanoTime();
        if (now - current.readAt() < 1_000_000_000L && current.readAt() != 0) {
            return current.paths();
        }
        Set<String> paths = new HashSet<>();
        if (Files.isDirectory(PROC)) {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumeric(p))) {
                for (Path process : processes) {
                    collectWriters(process, paths);
                }
            } catch (IOException e) {
                LOG.debug("Cannot list /proc: {}", e.getMessage());
            }
        }
        openFiles = new OpenFiles(now, paths);
        return paths;
    }

    private static void collectWriters(Path process, Set<String> paths) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.isAbsolute()) {
                        continue; // sockets, pipes
                    }
                    if (isWriteMode(process.resolve("fdinfo").resolve(fd.getFileName()))) {
                        paths.add(target.toString());
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            // the process ended, or is not ours to look at
        }
    }

    /** fdinfo's "flags:" are octal open flags; O_WRONLY is 1 and O_RDWR is 2. */
    private static boolean isWriteMode(Path fdinfo) throws IOException {
        for (String line : Files.readAllLines(fdinfo)) {
            if (line.startsWith("flags:")) {
                int flags = Integer.parseInt(line.substring(6).strip(), 8);
                return (flags & 3) != 0;
            }
        }
        return false;
    }

    private static boolean isNumeric(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    public Duration getQuietPeriod() {
        return quietPeriod;
    }

    /** How long a file must have gone unchanged before it is taken. */
    public void setQuietPeriod(Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    private record OpenFiles(long readAt, Set<String> paths) {
    }
}
