package io.camelhydra.examples.javadsl;

import io.camelhydra.component.hydra.FunctionFailedException;
import io.camelhydra.component.hydra.FunctionUnavailableException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Two ways to call a function with the {@code hydra:} component.
 * <ul>
 * <li>{@code hydra:pdf} comes from the function catalog ({@code camel.component.hydra.catalog}): the route names the
 * function and the catalog pins its image, command and limits. An option on the URI overrides the catalog.</li>
 * <li>{@code hydra:wordcount} is defined on the URI alone, with {@code image=} and {@code command=}: any image that
 * reads standard input and writes standard output is a function.</li>
 * </ul>
 */
public class ExampleRoutes extends RouteBuilder {

    /** Takes a file once it has stopped changing; moves it aside afterwards so it is converted once. */
    private static final String DROP_FOLDER_OPTIONS = "?readLock=changed&move=.done&moveFailed=.failed";

    /**
     * Counts the words on standard input with busybox {@code wc -w}. The command is an argument list, never given to
     * a shell. The container gets no network, a read-only root and, here, tighter limits than the defaults.
     */
    private static final String WORD_COUNT = "hydra:wordcount?image=camel-hydra/fn-toupper:1&command=wc -w"
                                     + "&timeout=10s&memoryLimit=32m";

    @Override
    public void configure() {
        // The function ran and failed (rejected the document, timed out): its message says why, e.g. "Function pdf
        // (camel-hydra/fn-pdf:1) exited with code 65 after 321 ms: hydra-pdf: document is password-protected". One
        // WARN line is enough; the file consumer then moves the input to .failed/.
        onException(FunctionFailedException.class)
                .retriesExhaustedLogLevel(LoggingLevel.WARN).logStackTrace(false).logExhaustedMessageHistory(false);
        // The function could not run at all (engine unreachable, image missing): not the document's fault, and often
        // brief. Retry a few times first; the message says what to fix (DOCKER_HOST, ./hydra images ...). If it still
        // fails, the input goes to .failed/ too: move it back into the inbox once the engine answers.
        onException(FunctionUnavailableException.class)
                .maximumRedeliveries(3).redeliveryDelay(1000).useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN).logRetryStackTrace(false).logStackTrace(false);

        // Office documents to PDF. The catalog allows the pdf function 120 s; this route wants an answer within 90 s.
        // The result is written under a temporary name (.part-*) and renamed when complete.
        from("file:{{example.inbox}}/pdf" + DROP_FOLDER_OPTIONS).routeId("documents-to-pdf")
                .to("hydra:pdf?timeout=90s")
                .to("file:{{example.outbox}}?fileName=${file:onlyname.noext.single}.pdf&tempPrefix=.part-");

        // Text files to their word count, written as <name>.words.txt.
        from("file:{{example.inbox}}/wordcount" + DROP_FOLDER_OPTIONS).routeId("files-to-word-count")
                .to("direct:word-count")
                .transform(body().append("\n"))
                .to("file:{{example.outbox}}?fileName=${file:onlyname.noext.single}.words.txt&tempPrefix=.part-");

        // The function's stdout is a stream ("42\n"); turn it into a plain number for whoever called.
        from("direct:word-count").routeId("word-count")
                .to(WORD_COUNT)
                .transform().body(String.class, String::strip);
    }
}
