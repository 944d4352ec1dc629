package io.camelhydra.app;

import java.time.OffsetDateTime;

import io.camelhydra.component.hydra.FunctionDefinition;
import io.camelhydra.component.hydra.FunctionFailedException;
import org.apache.camel.Exchange;

/**
 * Shared by the file inputs (drop folders and FTP), whose layout is {@code inbox/<function>/<file>}: picks the function
 * from the folder, names the result, and writes the reason when a document is rejected.
 */
public class FileRouting {

    /** Exchange property naming where the input goes when the route is done: "done" or "failed". */
    public static final String OUTCOME = "hydraOutcome";
    /** Route header: the result's usual name, the input's base name with the function's extension. */
    public static final String OUTPUT_NAME = "hydraOutputName";
    /**
     * Route header: the result's name when another input already produced {@link #OUTPUT_NAME} ({@code report.odt}
     * after {@code report.docx}): the input's full name plus the extension, so neither result is lost.
     */
    public static final String OUTPUT_NAME_KEEPING_EXTENSION = "hydraOutputNameLong";
    /** Route header: the input's name relative to the inbox ({@code <function>/<file>}), kept for messages. */
    public static final String INPUT_NAME = "hydraInputName";

    /**
     * Picks the function from the file's folder ({@code <function>/<file>} relative to the inbox); the catalog must
     * declare it. Sets the route headers and the default outcome.
     */
    public void route(Exchange exchange) {
        exchange.setProperty(OUTCOME, "done");
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        exchange.getIn().setHeader(INPUT_NAME, relative);
        int slash = relative.indexOf('/');
        String name = slash > 0 ? relative.substring(0, slash) : "";
        FunctionDefinition function = Catalogs.require(exchange.getContext(), name);
        String inputName = relative.substring(slash + 1);
        if (!function.acceptsFileName(inputName)) {
            throw new RejectedInputException(415, "Function " + name + " does not take ."
                    + FunctionDefinition.extensionOf(inputName) + " files. It takes: "
                    + String.join(", ", function.accepts()) + ". Put the file in the inbox of a function that does.");
        }
        int dot = inputName.lastIndexOf('.');
        String base = dot > 0 ? inputName.substring(0, dot) : inputName;
        exchange.getIn().setHeader(FunctionRequests.FUNCTION, function.name());
        exchange.getIn().setHeader(OUTPUT_NAME, base + "." + function.extension());
        exchange.getIn().setHeader(OUTPUT_NAME_KEEPING_EXTENSION, inputName + "." + function.extension());
    }

    /**
     * The document was rejected (or its folder names no function): sends the input to failed/ and returns the text
     * of its {@code .error.txt}.
     */
    public String failureReport(Exchange exchange) {
        exchange.setProperty(OUTCOME, "failed");
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        StringBuilder text = new StringBuilder();
        String input = exchange.getIn().getHeader(INPUT_NAME, String.class);
        if (input == null) {
            // failed before route(): name it here, the failure report is filed under it
            input = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
            exchange.getIn().setHeader(INPUT_NAME, input);
        }
        text.append("file: ").append(input).append('\n');
        text.append("time: ").append(OffsetDateTime.now()).append('\n');
        text.append("error: ").append(cause == null ? "unknown" : cause.getMessage()).append('\n');
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
