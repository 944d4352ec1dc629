package io.camelhydra.app;

import org.apache.camel.main.Main;

/**
 * Starts camel-hydra: camel-main with application.properties and the YAML routes under routes/ (HTTP, drop folders,
 * FTP). Everything else is configuration.
 */
public final class HydraApplication {

    private HydraApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(HydraApplication.class).run(args);
    }
}
