package io.camelhydra.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import io.camelhydra.component.hydra.runtime.ContainerExit;
import io.camelhydra.component.hydra.runtime.ContainerRuntime;
import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.ContainerSpec;
import io.camelhydra.component.hydra.runtime.EngineInfo;
import io.camelhydra.component.hydra.runtime.Outcome;

/**
 * A container runtime without containers, for unit tests of routing logic only (never as proof that conversion
 * works). It reads the whole stdin like a process would and answers with what the test scripted.
 */
public class FakeContainerRuntime implements ContainerRuntime {

    /** What the fake process does with its input. */
    public record Behaviour(Outcome outcome, int exitCode, byte[] stdout, String stderr) {

        public static Behaviour exit(int code, String stdout, String stderr) {
            return new Behaviour(Outcome.EXITED, code, stdout.getBytes(), stderr);
        }
    }

    /** What the fake saw for one call. */
    public record Call(ContainerSpec spec, byte[] stdin) {
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Call, Behaviour> behaviour = call -> new Behaviour(Outcome.EXITED, 0, call.stdin(), "");
    private volatile ContainerRuntimeException failure;

    public FakeContainerRuntime answer(Function<Call, Behaviour> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    public FakeContainerRuntime failWith(ContainerRuntimeException failure) {
        this.failure = failure;
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public ContainerExit run(ContainerSpec spec, InputStream stdin, OutputStream stdout) {
        if (failure != null) {
            throw failure;
        }
        try {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            stdin.transferTo(in);
            Call call = new Call(spec, in.toByteArray());
            calls.add(call);
            Behaviour b = behaviour.apply(call);
            stdout.write(b.stdout());
            return new ContainerExit("fake-" + calls.size(), b.outcome(), b.exitCode(), b.stderr(),
                    Duration.ofMillis(5), in.size(), b.stdout().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EngineInfo ping() {
        return new EngineInfo("fake://", "0", "0", "fake");
    }

    @Override
    public int removeLeftovers(String owner) {
        return 0;
    }

    @Override
    public int countContainers(String owner) {
        return 0;
    }

    @Override
    public void close() {
    }
}
