package io.camelhydra.app;

import io.camelhydra.component.hydra.FunctionCatalog;
import io.camelhydra.component.hydra.FunctionDefinition;
import io.camelhydra.component.hydra.HydraComponent;
import org.apache.camel.CamelContext;

/** Looks names up in the hydra component's catalog: the only functions inputs from outside may call. */
final class Catalogs {

    private Catalogs() {
    }

    static FunctionCatalog of(CamelContext context) {
        return context.getComponent("hydra", HydraComponent.class).getFunctionCatalog();
    }

    /** @throws UnknownFunctionException when the catalog does not declare the name */
    static FunctionDefinition require(CamelContext context, String name) {
        FunctionCatalog catalog = of(context);
        return catalog.find(name).orElseThrow(() -> new UnknownFunctionException(name, catalog.names()));
    }
}
