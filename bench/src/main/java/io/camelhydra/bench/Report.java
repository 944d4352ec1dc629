package io.camelhydra.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result as Markdown on stdout. */
final class Report {

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void header(List<String> facts) {
        out.println("## camel-hydra benchmark");
        out.println();
        facts.forEach(f -> out.println("- " + f));
        out.println();
    }

    void timings(List<ScenarioResult> results) {
        out.println("### Time per call (ms; warm-up excluded)");
        out.println();
        out.println("| scenario | alternative | n | failed | median | p90 | min | hydra ÷ alternative (median) | MB/s (median) |");
        out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        for (ScenarioResult r : results) {
            Stats hydra = r.hydra().stats();
            boolean first = true;
            for (ScenarioResult.Alternative a : r.alternatives()) {
                String scenario = first ? r.scenario().name() + " (" + r.scenario().description() + ")" : "";
                first = false;
                if (a.missing) {
                    out.printf("| %s | %s | – | – | not installed | | | | |%n", scenario, a.name);
                    continue;
                }
                Stats s = a.stats();
                String ratio = ratio(hydra.median(), s.median());
                String rate = r.scenario().throughput() && s.n() > 0
                        ? fmt(r.scenario().inputBytes() / 1e6 / (s.median() / 1000)) : "";
                out.printf("| %s | %s | %d | %d | %s | %s | %s | %s | %s |%n", scenario, a.name, s.n(),
                        a.failures.size(), fmt(s.median()), fmt(s.p90()), fmt(s.min()), ratio, rate);
            }
        }
        out.println();
    }

    /** Medians of the gaps between the call's own timestamps and the engine's events for its container. */
    void breakdown(List<ScenarioResult> results, EngineEvents events) {
        out.println("### Where the time goes (ms, medians; from `docker events` timestamps)");
        out.println();
        out.println("| scenario | alternative | n | call → create | create → start (incl. attach) | start → die "
                + "(process runs) | die → destroy (exit + remove) | destroy → call returns | total |");
        out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        for (ScenarioResult r : results) {
            for (ScenarioResult.Alternative a : r.alternatives()) {
                List<List<Long>> gaps = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    gaps.add(new ArrayList<>());
                }
                for (Contender.Call call : a.measured) {
                    Map<String, Long> e = events.of(call.containerKey());
                    Long create = e.get("create");
                    Long start = e.get("start");
                    Long die = e.get("die");
                    Long destroy = e.get("destroy");
                    if (create == null || start == null || die == null || destroy == null) {
                        continue;
                    }
                    gaps.get(0).add(create - call.startEpochNs());
                    gaps.get(1).add(start - create);
                    gaps.get(2).add(die - start);
                    gaps.get(3).add(destroy - die);
                    gaps.get(4).add(call.endEpochNs() - destroy);
                    gaps.get(5).add(call.nanos());
                }
                if (gaps.get(0).isEmpty()) {
                    continue;
                }
                StringBuilder row = new StringBuilder("| " + r.scenario().name() + " | " + a.name + " | "
                        + gaps.get(0).size() + " |");
                for (List<Long> gap : gaps) {
                    row.append(' ').append(fmt(Stats.ofNanos(gap).median())).append(" |");
                }
                out.println(row);
            }
        }
        out.println();
        out.println("Each column is a median on its own, so the columns need not add up to the total.");
        out.println();
    }

    void memory(List<ScenarioResult> results, long maxUsed, long maxHeap) {
        out.println("### Load and JVM heap per scenario");
        out.println();
        out.printf("Used heap is sampled every %d ms (uncollected garbage included), so its maximum is an upper bound"
                + " of what the run needed. Max over the run: %s of %s allowed (-Xmx).%n%n", HeapSampler.INTERVAL_MS,
                mib(maxUsed), mib(maxHeap));
        out.println("| scenario | wall time (s, all alternatives) | load average at start (1/5/15 min) | max heap used |");
        out.println("|---|--:|---|--:|");
        for (ScenarioResult r : results) {
            out.printf("| %s | %s | %s | %s |%n", r.scenario().name(), fmt(r.seconds()), r.loadAtStart(),
                    mib(r.heapMaxUsed()));
        }
        out.println();
    }

    void failures(List<ScenarioResult> results) {
        boolean any = false;
        for (ScenarioResult r : results) {
            for (ScenarioResult.Alternative a : r.alternatives()) {
                for (String failure : a.failures) {
                    if (!any) {
                        out.println("### Failed calls (left out of the statistics)");
                        out.println();
                        any = true;
                    }
                    out.println("- " + r.scenario().name() + " / " + a.name + ": " + failure);
                }
            }
        }
        if (any) {
            out.println();
        }
    }

    void line(String text) {
        out.println(text);
    }

    static String ratio(double hydra, double other) {
        if (Double.isNaN(hydra) || Double.isNaN(other) || other <= 0) {
            return "–";
        }
        double r = hydra / other;
        String format = r >= 100 ? "%.0f" : r >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, r);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
