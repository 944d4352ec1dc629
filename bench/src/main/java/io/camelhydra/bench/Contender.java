package io.camelhydra.bench;

import java.time.Instant;

/** One way a user could run a scenario's conversion: hydra, docker run, or a local process. */
interface Contender {

    /** Short name for the report, e.g. {@code docker run --rm -i}. */
    String name();

    /**
     * Runs the conversion once on the scenario's input and reads its whole output.
     *
     * @param  callId             unique in this run; lets engine events be matched to the call
     * @throws CallFailedException when the call did not succeed (non-zero exit, timeout, engine error)
     */
    Call call(String callId) throws CallFailedException;

    /**
     * One timed call.
     *
     * @param nanos        elapsed time of the call, output read to the end
     * @param startEpochNs wall clock at the start (to align with the engine's event timestamps)
     * @param endEpochNs   wall clock at the end
     * @param containerKey the container id (hydra) or call label (docker run) the engine's events carry; {@code null}
     *                     for a local process
     * @param output       what the call wrote
     */
    record Call(long nanos, long startEpochNs, long endEpochNs, String containerKey, DrainedOutput output) {
    }

    /** The wall clock in nanoseconds since the epoch, the scale of {@code docker events}' TimeNano. */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
