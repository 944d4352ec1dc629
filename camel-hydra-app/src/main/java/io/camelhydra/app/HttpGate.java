package io.camelhydra.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.camelhydra.component.hydra.ByteSize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.OnCamelContextStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the HTTP server, in front of every route: answers what must be answered before a body is read, and
 * what no route answers.
 * <ul>
 * <li>authentication, when configured (HTTP basic or an API key header), on every path but /observe/ (health);</li>
 * <li>413 when Content-Length is over the input limit (FunctionRequests also checks the spooled size, for uploads
 * without a length);</li>
 * <li>415 for multipart/form-data: functions take the document as the raw body;</li>
 * <li>curl's application/x-www-form-urlencoded label on {@code --data-binary} bodies is replaced by plain bytes, or
 * platform-http would parse the document as a form and lose it;</li>
 * <li>404 and 405 for paths and methods no route serves, as problem details like every other error.</li>
 * </ul>
 */
public class HttpGate implements OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGate.class);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data";

    private long maxInputBytes = 100L << 20;
    private String apiKey = "";
    private String user = "";
    private String password = "";
    private String host = "127.0.0.1";
    private Set<HttpEndpointModel> endpoints = Set.of();

    @Override
    public void onContextStarted(CamelContext context) {
        PlatformHttpComponent http = context.getComponent("platform-http", PlatformHttpComponent.class);
        endpoints = http.getHttpEndpoints();
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                router.route().order(-100).handler(this::admit);
                router.route().last().handler(this::noRoute);
            }
        }
        if (!apiKey.isEmpty() || !user.isEmpty()) {
            LOG.info("HTTP authentication is on ({}); /observe/ stays open for health checks",
                    !apiKey.isEmpty() ? "X-API-Key header" : "basic, user " + user);
        }
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            LOG.warn("HTTP listens on {}: other hosts can call the functions{}", host, apiKey.isEmpty()
                    && user.isEmpty() ? ". AUTHENTICATION IS OFF: set HYDRA_API_KEY or HYDRA_HTTP_USER and "
                    + "HYDRA_HTTP_PASSWORD." : " (authentication is on)");
        }
    }

    private void admit(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/observe/") && !authenticated(ctx)) {
            refuse(ctx, 401, "urn:camel-hydra:problem:unauthenticated", "Authentication required",
                    !apiKey.isEmpty() ? "Send the API key in the X-API-Key header."
                            : "Send a user and password (HTTP basic authentication).");
            return;
        }
        if (ctx.request().method() == HttpMethod.POST) {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith(MULTIPART)) {
                refuse(ctx, 415, "urn:camel-hydra:problem:input-rejected", "Unsupported input type",
                        "Send the document itself as the request body (curl --data-binary @file), not as a "
                        + "multipart form.");
                return;
            }
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                refuse(ctx, 413, "urn:camel-hydra:problem:input-rejected", "Input too large",
                        "The request body has " + length + " bytes; the limit is " + maxInputBytes
                        + " (HYDRA_HTTP_MAX_INPUT).");
                return;
            }
            if (lower.startsWith(FORM)) {
                ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
        }
        ctx.next();
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.strip()) > maxInputBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed length itself
        }
    }

    private boolean authenticated(RoutingContext ctx) {
        if (!apiKey.isEmpty()) {
            return sameSecret(ctx.request().getHeader("X-API-Key"), apiKey);
        }
        if (!user.isEmpty()) {
            String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return false;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            return colon > 0 && sameSecret(decoded.substring(0, colon), user)
                    & sameSecret(decoded.substring(colon + 1), password);
        }
        return true;
    }

    /** Compares in constant time, so timing does not reveal how much of a secret was right. */
    private static boolean sameSecret(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** No route took the request: 405 when the path is served with other methods, else 404. */
    private void noRoute(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        Set<String> allowed = new TreeSet<>();
        for (HttpEndpointModel endpoint : endpoints) {
            if (matches(endpoint.getUri(), path) && endpoint.getVerbs() != null) {
                for (String verb : endpoint.getVerbs().split(",")) {
                    allowed.add(verb.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        if (!allowed.isEmpty()) {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            refuse(ctx, 405, "urn:camel-hydra:problem:method-not-allowed", "Method not allowed",
                    ctx.request().method() + " is not served on " + path + "; use " + String.join(" or ", allowed)
                    + ".");
        } else {
            refuse(ctx, 404, "urn:camel-hydra:problem:not-found", "Not found", "Nothing is served at " + path
                    + ". Functions: POST /functions/{name}; the catalog: GET /functions; the upload page: GET /.");
        }
    }

    /** Whether a route path ({@code /functions/{name}}) matches a request path. */
    static boolean matches(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] r = path.split("/", -1);
        if (p.length != r.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!(p[i].startsWith("{") && p[i].endsWith("}") && !r[i].isEmpty()) && !p[i].equals(r[i])) {
                return false;
            }
        }
        return true;
    }

    private static void refuse(RoutingContext ctx, int status, String type, String title, String detail) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", ctx.request().method() + " " + ctx.normalizedPath());
        problem.put("requestId", id);
        if (status == 401 && ctx.request().getHeader("X-API-Key") == null) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"camel-hydra\", charset=\"UTF-8\"");
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader("X-Request-Id", id)
                .putHeader(HttpHeaders.CONNECTION, status == 413 ? "close" : "keep-alive")
                .end(ProblemDetails.toJson(problem));
        AccessLog.line(ctx.request().method() + " " + ctx.normalizedPath(), status, 0, null,
                ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH), null, id);
    }

    /** Largest request body taken, e.g. 100m (HYDRA_HTTP_MAX_INPUT). */
    public void setMaxInputSize(String size) {
        this.maxInputBytes = ByteSize.parse("hydra.http.maxInputSize", size);
    }

    public long getMaxInputBytes() {
        return maxInputBytes;
    }

    /** When set, every request must carry it in the X-API-Key header. */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null ? "" : apiKey.strip();
    }

    /** With {@link #setPassword(String)}: HTTP basic authentication on every request. */
    public void setUser(String user) {
        this.user = user == null ? "" : user.strip();
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    /** The interface the server listens on, to warn when it is not loopback. */
    public void setHost(String host) {
        this.host = host == null ? "" : host.strip();
    }
}
