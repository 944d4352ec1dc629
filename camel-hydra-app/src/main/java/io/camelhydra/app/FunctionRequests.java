package io.camelhydra.app;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelhydra.component.hydra.FunctionDefinition;
import io.camelhydra.component.hydra.FunctionFailedException;
import io.camelhydra.component.hydra.HydraConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * HTTP glue of the function routes: checks a request against the catalog before any container runs, and shapes the
 * response (content type, download name, a few X-Hydra headers, nothing echoed from the request).
 */
public class FunctionRequests {

    /** Route header holding the checked function name. */
    public static final String FUNCTION = "hydraFunction";
    private static final String DOWNLOAD_NAME = "hydraDownloadName";
    private static final ObjectMapper JSON = new ObjectMapper();

    private long maxInputBytes = 100L << 20;

    /** Largest request body taken, e.g. 100m (also checked at the door from Content-Length). */
    public void setMaxInputSize(String size) {
        this.maxInputBytes = io.camelhydra.component.hydra.ByteSize.parse("hydra.http.maxInputSize", size);
    }

    /**
     * Accepts a request for a function: the name must be in the catalog (404), the declared media type and file
     * name must be ones the function takes (415). Sets the checked name for the route to call, the file name (an
     * extension hint for the function) and the caller's lower timeout, if any.
     */
    public void accept(Exchange exchange) {
        AccessLog.begin(exchange);
        Message in = exchange.getIn();
        String name = in.getHeader("name", String.class);
        FunctionDefinition function = Catalogs.require(exchange.getContext(), name);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && !isUnspecific(contentType) && !function.acceptsMediaType(contentType)) {
            throw new RejectedInputException(415, "Function " + name + " does not take " + contentType
                    + ". It takes: " + String.join(", ", function.accepts()) + ".");
        }
        String fileName = safeFileName(in.getHeader("filename", String.class));
        if (fileName != null) {
            if (!function.acceptsFileName(fileName)) {
                throw new RejectedInputException(415, "Function " + name + " does not take ." 
                        + FunctionDefinition.extensionOf(fileName) + " files. It takes: "
                        + String.join(", ", function.accepts()) + ".");
            }
            in.setHeader(Exchange.FILE_NAME, fileName);
            exchange.setProperty(DOWNLOAD_NAME, baseName(fileName) + "." + function.extension());
        }
        String timeout = in.getHeader("X-Hydra-Timeout", String.class);
        if (timeout != null) {
            long millis;
            try {
                millis = timeout.strip().matches("[0-9hms. ]+")
                        ? org.apache.camel.util.TimeUtils.toMilliSeconds(timeout.strip()) : -1;
            } catch (RuntimeException e) {
                millis = -1;
            }
            if (millis <= 0) {
                throw new RejectedInputException(400, "Header X-Hydra-Timeout must be a duration such as 5s or 1500ms;"
                        + " got '" + timeout + "'.");
            }
            in.setHeader(HydraConstants.TIMEOUT, timeout.strip()); // the component only lets it lower the limit
        }
        checkBodySize(exchange);
        in.setHeader(FUNCTION, function.name());
    }

    /** An empty body is a malformed request (400); one over the limit is refused before any function runs (413). */
    private void checkBodySize(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        long length = body == null ? 0 : body instanceof org.apache.camel.StreamCache cache ? cache.length()
                : body instanceof byte[] bytes ? bytes.length : body instanceof String text ? text.length() : -1;
        if (length == 0) {
            throw new RejectedInputException(400, "The request has no body: send the document as the request body "
                    + "(curl --data-binary @file URL).");
        }
        if (length > maxInputBytes) {
            throw new RejectedInputException(413, "The request body has " + length + " bytes; the limit is "
                    + maxInputBytes + " (HYDRA_HTTP_MAX_INPUT).");
        }
    }

    /** Shapes a successful response: status 200 with the function's output as a download. Never an empty 200. */
    public void respond(Exchange exchange) {
        Message out = exchange.getMessage();
        String function = out.getHeader(HydraConstants.FUNCTION, String.class);
        if (Long.valueOf(0).equals(out.getHeader(HydraConstants.OUTPUT_SIZE, Long.class))) {
            throw new FunctionFailedException("Function " + function + " (" + out.getHeader(HydraConstants.IMAGE)
                    + ") exited with code 0 but wrote nothing: there is no result to send.", function,
                    out.getHeader(HydraConstants.IMAGE, String.class), 0,
                    java.time.Duration.ofMillis(out.getHeader(HydraConstants.DURATION, 0L, Long.class)),
                    out.getHeader(HydraConstants.STDERR, "", String.class), "the function produced no output");
        }
        Object duration = out.getHeader(HydraConstants.DURATION);
        Object size = out.getHeader(HydraConstants.OUTPUT_SIZE);
        String contentType = out.getHeader(Exchange.CONTENT_TYPE, "application/octet-stream", String.class);
        String note = FunctionNotes.of(out.getHeader(HydraConstants.STDERR, String.class));
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        if (size != null) {
            out.setHeader(Exchange.CONTENT_LENGTH, size);
        }
        String download = exchange.getProperty(DOWNLOAD_NAME, String.class);
        if (download != null) {
            out.setHeader("Content-Disposition", contentDisposition(download));
        }
        out.setHeader("X-Hydra-Function", function);
        out.setHeader("X-Hydra-Duration-Ms", duration);
        if (note != null) {
            out.setHeader("X-Hydra-Note", note); // e.g. a scanned PDF: the text is empty, and this says why
        }
        out.setHeader("X-Request-Id", exchange.getProperty(AccessLog.REQUEST_ID));
        AccessLog.end(exchange, 200, function, size);
    }

    /** GET /functions: the catalog as JSON, for clients and the upload page. */
    public void listCatalog(Exchange exchange) throws JsonProcessingException {
        AccessLog.begin(exchange);
        List<Map<String, Object>> functions = new ArrayList<>();
        for (FunctionDefinition f : Catalogs.of(exchange.getContext()).functions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", f.name());
            entry.put("description", f.description());
            entry.put("url", "/functions/" + f.name());
            entry.put("contentType", f.contentType());
            entry.put("extension", f.extension());
            entry.put("accepts", f.accepts());
            functions.add(entry);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("functions", functions)));
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader("X-Request-Id", exchange.getProperty(AccessLog.REQUEST_ID));
        AccessLog.end(exchange, 200, null, null);
    }

    /** GET /: a small page to pick a file and a function and download the result. */
    public void uploadPage(Exchange exchange) throws java.io.IOException {
        AccessLog.begin(exchange);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        try (java.io.InputStream page = FunctionRequests.class.getResourceAsStream("/upload.html")) {
            out.setBody(new String(page.readAllBytes(), StandardCharsets.UTF_8));
        }
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader("X-Request-Id", exchange.getProperty(AccessLog.REQUEST_ID));
        AccessLog.end(exchange, 200, null, null);
    }

    /** curl's default for --data-binary, and "I don't know": let the function's own checks decide. */
    private static boolean isUnspecific(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/octet-stream");
    }

    /**
     * The last path segment of a client-given name, without control characters: it names the download and hints
     * the format, and can never point anywhere else.
     */
    static String safeFileName(String given) {
        if (given == null) {
            return null;
        }
        given = repairUtf8(given);
        String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return null;
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    /**
     * curl sends non-ASCII in a URL as raw UTF-8 bytes, which the server decodes one byte per character: when the text
     * only holds such characters and re-reads as valid UTF-8, read it so ({@code StraÃ\u009Fe -> Straße}).
     */
    static String repairUtf8(String text) {
        if (text.chars().allMatch(c -> c < 0x100) && text.chars().anyMatch(c -> c >= 0x80)) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
            try {
                return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return text; // really Latin-1
            }
        }
        return text;
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** RFC 6266: an ASCII fallback and the exact UTF-8 name. */
    private static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ ()-]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
