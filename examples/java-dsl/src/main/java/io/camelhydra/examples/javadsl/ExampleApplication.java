package io.camelhydra.examples.javadsl;

import org.apache.camel.main.Main;

/**
 * Runs the example: camel-main reads application.properties and picks up {@link ExampleRoutes} from this package.
 */
public final class ExampleApplication {

    private ExampleApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(ExampleApplication.class).run(args);
    }
}
