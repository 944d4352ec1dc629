package io.camelhydra.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.camelhydra.component.hydra.FunctionDefinition;
import io.camelhydra.component.hydra.FunctionFailedException;
import io.camelhydra.component.hydra.HydraConstants;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared by the file inputs (drop folders and FTP), whose layout is {@code inbox/<function>/<file>}: picks the function
 * from the folder, names the result and the archived input so that nothing already there is replaced, and writes the
 * reason when a document is rejected.
 * <p>
 * Names never replace an existing file: the result of {@code report.docx} is {@code report.pdf}, or
 * {@code report.docx.pdf} when another input made that already, or {@code report.docx.<time>.pdf}; the input is
 * archived as {@code done/<function>/report.docx}, or {@code report.<time>.docx} when that name is taken. Every name
 * fits in 255 bytes with the temporary prefix (see {@link FileNames}). The file name headers Camel set for the input
 * are left alone, so the consumer's move and idempotent key always see the input.
 */
public class FileRouting {

    /** Exchange property naming where the input goes when the route is done: "done" or "failed". */
    public static final String OUTCOME = "hydraOutcome";
    /** Route header: {@code <function>/<name>} of the result in the outbox (the fileName of the outbox write). */
    public static final String OUTPUT_NAME = "hydraOutputName";
    /** Route header: the input's name relative to the inbox ({@code <function>/<file>}), kept for messages. */
    public static final String INPUT_NAME = "hydraInputName";
    /** Exchange property: {@code <function>/<name>} the input is archived under in done/ or failed/. */
    public static final String ARCHIVE_NAME = "hydraArchiveName";
    /** Route header: {@code <function>/<name>.error.txt} of the failure report in failed/. */
    public static final String ERROR_REPORT_NAME = "hydraErrorReportName";
    /** Route header: the temporary name the result is written under before its rename (tempFileName). */
    public static final String OUTPUT_TEMP_NAME = "hydraOutputTempName";
    /** Route header: the temporary name the failure report is written under before its rename (tempFileName). */
    public static final String ERROR_REPORT_TEMP_NAME = "hydraErrorReportTempName";
    /** Route header: why the input was rejected (kept: later steps of the error handler may catch other errors). */
    public static final String REJECTION = "hydraRejection";
    /** Route header: a note the function gave about a successful conversion ("the PDF has no text layer"). */
    public static final String NOTE = "hydraNote";

    private static final Logger LOG = LoggerFactory.getLogger(FileRouting.class);
    private static final String OUTPUT_CANDIDATES = "hydraOutputCandidates";
    private static final String STAMP = "hydraStamp";
    private static final DateTimeFormatter STAMP_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /**
     * Picks the function from the file's folder ({@code <function>/<file>} relative to the inbox); the catalog must
     * declare it. Sets the route headers and the default outcome.
     */
    public void route(Exchange exchange) {
        exchange.setProperty(OUTCOME, "done");
        String relative = inputName(exchange);
        archiveUnder(exchange, relative);
        int slash = relative.indexOf('/');
        String name = slash > 0 ? relative.substring(0, slash) : "";
        FunctionDefinition function = Catalogs.require(exchange.getContext(), name);
        String inputName = relative.substring(slash + 1);
        if (!function.acceptsFileName(inputName)) {
            throw new RejectedInputException(415, "Function " + name + " does not take ."
                    + FunctionDefinition.extensionOf(inputName) + " files. It takes: "
                    + String.join(", ", function.accepts()) + ". Put the file in the inbox of a function that does.");
        }
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null && length == 0) {
            throw new RejectedInputException(400, "The file is empty: there is nothing to convert. Put the whole "
                    + "document in the inbox (write it under a name ending in .part and rename it when done).");
        }
        String extension = "." + function.extension();
        String stem = FileNames.stem(inputName);
        String inputExtension = FileNames.extension(inputName);
        List<String> candidates = List.of(
                function.name() + "/" + FileNames.fit(stem, extension),
                function.name() + "/" + FileNames.fit(stem, inputExtension + extension),
                function.name() + "/" + FileNames.fit(stem, inputExtension + "." + stamp(exchange) + extension));
        exchange.setProperty(OUTPUT_CANDIDATES, candidates);
        exchange.getIn().setHeader(FunctionRequests.FUNCTION, function.name());
        setOutputName(exchange, candidates.get(0));
        if (localArchiveTaken(exchange, relative)) {
            archiveUnderUniqueName(exchange);
        }
    }

    /**
     * The outbox already holds a file of the result's name: moves on to the next name, and archives the input under
     * a unique name too (an earlier input of the same name may be archived already).
     *
     * @throws IllegalStateException when every name is taken
     */
    public void outputNameTaken(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<String> candidates = exchange.getProperty(OUTPUT_CANDIDATES, List.class);
        String taken = exchange.getIn().getHeader(OUTPUT_NAME, String.class);
        int next = candidates.indexOf(taken) + 1;
        while (next < candidates.size() && candidates.get(next).equals(taken)) {
            next++; // never try the same name twice
        }
        if (next >= candidates.size()) {
            throw new IllegalStateException("The outbox already holds " + String.join(", ", candidates)
                    + ": move them away and put the input back in the inbox.");
        }
        setOutputName(exchange, candidates.get(next));
        if (remoteArchiveTaken(exchange, inputName(exchange))) {
            archiveUnderUniqueName(exchange); // the same name was uploaded and converted before
        }
    }

    private static void setOutputName(Exchange exchange, String name) {
        exchange.getIn().setHeader(OUTPUT_NAME, name);
        exchange.getIn().setHeader(OUTPUT_TEMP_NAME, tempName(exchange, ".result"));
    }

    /**
     * The temporary name a file is written under in its folder before the rename: short and unique to the exchange
     * (Camel's tempPrefix would prefix the input's name, too long for a name near the limit).
     */
    private static String tempName(Exchange exchange, String kind) {
        return DropFolders.TEMP_PREFIX + exchange.getExchangeId() + kind;
    }

    /** failed/ already holds a report of that name (an earlier input of the same name failed): use a unique one. */
    public void errorReportNameTaken(Exchange exchange) {
        String archive = exchange.getProperty(ARCHIVE_NAME, String.class);
        archiveUnderUniqueName(exchange);
        if (archive.equals(exchange.getProperty(ARCHIVE_NAME, String.class))) {
            throw new IllegalStateException("failed/ already holds " + archive + ".error.txt and its unique variant");
        }
    }

    /** The note a function left on stderr about a successful conversion, if any (for the log line). */
    public void noteOf(Exchange exchange) {
        String note = FunctionNotes.of(exchange.getIn().getHeader(HydraConstants.STDERR, String.class));
        exchange.getIn().setHeader(NOTE, note == null ? "" : " (note: " + note + ")");
    }

    private static String inputName(Exchange exchange) {
        String relative = exchange.getIn().getHeader(INPUT_NAME, String.class);
        if (relative == null) {
            relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
            exchange.getIn().setHeader(INPUT_NAME, relative);
        }
        return relative;
    }

    /** Archives the input under its own name, its report beside it. */
    private static void archiveUnder(Exchange exchange, String relative) {
        archiveUnder(exchange, relative, null);
    }

    /** Archives the input under a name made unique by the exchange's time stamp, its report beside it. */
    private static void archiveUnderUniqueName(Exchange exchange) {
        String relative = inputName(exchange);
        archiveUnder(exchange, relative, "." + stamp(exchange));
    }

    private static void archiveUnder(Exchange exchange, String relative, String stamp) {
        int slash = relative.lastIndexOf('/');
        String folder = relative.substring(0, slash + 1);
        String name = relative.substring(slash + 1);
        String suffix = (stamp == null ? "" : stamp) + FileNames.extension(name);
        String stem = FileNames.stem(name);
        // the input's own name is on the disk already, so it fits; a stamped one may need cutting
        exchange.setProperty(ARCHIVE_NAME, stamp == null ? relative : folder + FileNames.fit(stem, suffix));
        exchange.getIn().setHeader(ERROR_REPORT_NAME, folder + FileNames.fit(stem, suffix + ".error.txt"));
        exchange.getIn().setHeader(ERROR_REPORT_TEMP_NAME, tempName(exchange, ".error"));
    }

    /** For the drop folders: whether done/ or failed/ already holds an input of this name. */
    private static boolean localArchiveTaken(Exchange exchange, String relative) {
        if (!(exchange.getFromEndpoint() instanceof FileEndpoint local)) {
            return false; // FTP: found out when writing (outputNameTaken, errorReportNameTaken)
        }
        Path root = local.getFile().toPath().toAbsolutePath().getParent();
        return Files.exists(root.resolve("done").resolve(relative))
                || Files.exists(root.resolve("failed").resolve(relative));
    }

    /**
     * For FTP, asked only once a result's name turned out to be taken: whether done/ or failed/ on the server already
     * holds an input of this name (then it was uploaded and converted before). Uses a connection of its own: the
     * consumer's is busy with this very file. When the server cannot tell, the answer is yes: a unique name loses
     * nothing.
     */
    private static boolean remoteArchiveTaken(Exchange exchange, String relative) {
        if (!(exchange.getFromEndpoint() instanceof RemoteFileEndpoint<?> remote)) {
            return false; // drop folders: checked on the disk in route()
        }
        String inbox = remote.getConfiguration().getDirectory().replace('\\', '/');
        String root = inbox.contains("/") ? inbox.substring(0, inbox.lastIndexOf('/') + 1) : "";
        RemoteFileOperations<?> ftp = null;
        try {
            ftp = remote.createRemoteFileOperations();
            ftp.connect(remote.getConfiguration(), exchange);
            return ftp.existsFile(root + "done/" + relative) || ftp.existsFile(root + "failed/" + relative);
        } catch (Exception e) {
            LOG.debug("Could not look for {} in done/ on the FTP server ({}); archiving under a unique name", relative,
                    e.getMessage());
            return true;
        } finally {
            if (ftp != null) {
                try {
                    ftp.disconnect();
                } catch (RuntimeException e) {
                    LOG.debug("Closing the FTP connection failed: {}", e.getMessage());
                }
            }
        }
    }

    /** One time stamp per exchange, so a result and its archived input carry the same one. */
    private static String stamp(Exchange exchange) {
        String stamp = exchange.getProperty(STAMP, String.class);
        if (stamp == null) {
            stamp = LocalDateTime.now().format(STAMP_FORMAT);
            exchange.setProperty(STAMP, stamp);
        }
        return stamp;
    }

    /**
     * The document was rejected (or its folder names no function): sends the input to failed/ and returns the text
     * of its {@code .error.txt}.
     */
    public String failureReport(Exchange exchange) {
        exchange.setProperty(OUTCOME, "failed");
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8"); // the report names the file, in any script
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        StringBuilder text = new StringBuilder();
        String input = inputName(exchange);
        if (exchange.getProperty(ARCHIVE_NAME) == null) {
            archiveUnder(exchange, input); // failed before route()
        }
        text.append("file: ").append(input).append('\n');
        text.append("time: ").append(OffsetDateTime.now()).append('\n');
        String reason = cause == null ? "unknown" : cause.getMessage();
        exchange.getIn().setHeader(REJECTION, reason);
        text.append("error: ").append(reason).append('\n');
        if (cause instanceof FunctionFailedException failed) {
            text.append("function: ").append(failed.getFunction()).append(" (").append(failed.getImage()).append(")\n");
            text.append("exit code: ").append(failed.getExitCode()).append('\n');
            text.append("reason: ").append(failed.getReason()).append('\n');
            text.append("\n--- the function's stderr (last ").append(failed.getStderrTail().length())
                    .append(" characters) ---\n").append(failed.getStderrTail());
        }
        return text.toString();
    }
}
