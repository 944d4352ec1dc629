package io.camelhydra.app;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.OnCamelContextStarted;

/**
 * Makes {@code curl --data-binary @file URL} work as users expect. curl labels such a body
 * application/x-www-form-urlencoded, and platform-http then parses the document as a form and loses it. No route of
 * this app takes forms, so this handler, placed in front of every POST route, relabels such bodies as plain bytes.
 */
public class HttpUploads implements OnCamelContextStarted {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public void onContextStarted(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                relabelFormBodies(router);
            }
        }
    }

    private static void relabelFormBodies(VertxPlatformHttpRouter router) {
        router.route().method(HttpMethod.POST).order(-100).handler(ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(FORM)) {
                ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
            ctx.next();
        });
    }
}
