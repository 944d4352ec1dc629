package io.camelhydra.component.hydra;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/** Frees a spooled body's file when its exchange is done, successfully or not. */
final class SpoolRelease extends SynchronizationAdapter {

    private final SpooledBody body;

    SpoolRelease(SpooledBody body) {
        this.body = body;
    }

    @Override
    public void onDone(Exchange exchange) {
        body.release();
    }
}
