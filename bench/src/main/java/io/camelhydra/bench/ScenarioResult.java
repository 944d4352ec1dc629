package io.camelhydra.bench;

import java.util.ArrayList;
import java.util.List;

/** What one scenario measured: per alternative its successful measured calls and its failures. */
record ScenarioResult(Scenario scenario, List<Alternative> alternatives, long heapMaxUsed, String loadAtStart,
                      double seconds) {

    /** One alternative's calls; {@code missing} when the host lacks the tool (nothing was run). */
    static final class Alternative {

        final String name;
        final boolean missing;
        final List<Contender.Call> measured = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        Alternative(String name, boolean missing) {
            this.name = name;
            this.missing = missing;
        }

        Stats stats() {
            return Stats.ofNanos(measured.stream().map(Contender.Call::nanos).toList());
        }
    }

    Alternative hydra() {
        return alternatives.get(0);
    }
}
