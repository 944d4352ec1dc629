package io.camelhydra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.camelhydra.component.hydra.HydraComponent;
import io.camelhydra.component.hydra.HydraEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Measures each scenario three ways in the same run — the hydra component, {@code docker run --rm -i} with the same
 * image and sandbox, and the local tool — interleaved call by call so that machine noise hits all of them alike, and
 * prints the result as Markdown on stdout. Progress and logs go to stderr.
 *
 * <p>Exit codes: 0 done; 1 some calls failed; 2 containers were left behind; 64 bad arguments; 69 no Docker engine.
 */
public final class Bench {

    private static final String RUN_LABEL = "io.camelhydra.bench.run";
    private static final String OWNER_LABEL = "io.camelhydra.owner";

    private final BenchOptions options;
    private final String instanceId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private int callCount;

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv(), System.getProperty("hydra.project.dir"));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(64);
            return;
        }
        System.exit(new Bench(options).run());
    }

    private int run() {
        String engine = command("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})");
        if (engine == null) {
            System.err.println("bench: no Docker engine answers `docker version`. Start one with ./hydra engine.");
            return 69;
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("camel-hydra-bench-");
        } catch (IOException e) {
            System.err.println("bench: cannot create a temporary folder: " + e.getMessage());
            return 74;
        }
        Thread cleanup = new Thread(() -> deleteRecursively(workDir), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        String loadAtStart = loadAverage();
        List<ScenarioResult> results = new ArrayList<>();
        HeapSampler heap = new HeapSampler();
        EngineEvents events = EngineEvents.start(instanceId, callPrefix());
        long runStart = System.nanoTime();
        int status = 0;
        try {
            List<Scenario> scenarios = new ArrayList<>();
            for (String name : options.scenarios()) {
                scenarios.add(Scenario.create(name, options, workDir));
            }
            try (CamelContext camel = startCamel(scenarios)) {
                ProducerTemplate template = camel.createProducerTemplate();
                Thread.sleep(500); // lets docker events connect before the first call
                for (Scenario scenario : scenarios) {
                    results.add(measure(scenario, camel, template, workDir, heap));
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 64;
        } catch (Exception e) {
            System.err.println("bench: the run stopped: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            if (events != null) {
                events.close();
            }
            heap.close();
        }
        if (status != 0) {
            return noContainersLeft(new Report(System.err)) ? status : 2;
        }
        double minutes = (System.nanoTime() - runStart) / 60e9;

        Report report = new Report(System.out);
        report.header(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        + String.format(" — run took %.1f min", minutes),
                "host: " + Runtime.getRuntime().availableProcessors() + " CPUs; load average (1/5/15 min) at start "
                        + loadAtStart + ", at end " + loadAverage(),
                "engine: Docker " + engine + "; JVM " + System.getProperty("java.version") + ", -Xmx "
                        + Report.mib(heap.maxHeap()),
                "each alternative: " + options.warmup() + " warm-up + " + options.iterations()
                        + " measured calls per scenario, interleaved round-robin (the starting alternative rotates "
                        + "each iteration); every call's output is read to the end and checked",
                "hydra ÷ alternative = median(hydra) / median(alternative): above 1 means hydra is slower"));
        report.timings(results);
        if (events != null) {
            report.breakdown(results, events);
        }
        report.memory(results, heap.maxUsed(), heap.maxHeap());
        report.failures(results);
        boolean anyFailure = results.stream().flatMap(r -> r.alternatives().stream()).anyMatch(
                a -> !a.failures.isEmpty());
        if (anyFailure) {
            status = 1;
        }
        if (!noContainersLeft(report)) {
            status = 2;
        }
        System.out.flush();
        return status;
    }

    private CamelContext startCamel(List<Scenario> scenarios) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        HydraComponent hydra = new HydraComponent();
        hydra.setCatalog("file:" + options.projectDir().resolve("functions/catalog.yaml"));
        hydra.setInstanceId(instanceId);
        camel.addComponent("hydra", hydra);
        for (Scenario scenario : scenarios) {
            camel.addRoutes(HydraContender.route(scenario.name(), scenario.hydraUri()));
        }
        camel.start();
        return camel;
    }

    private ScenarioResult measure(Scenario scenario, CamelContext camel, ProducerTemplate template, Path workDir,
                                   HeapSampler heap) {
        HydraEndpoint endpoint = camel.getEndpoint(scenario.hydraUri(), HydraEndpoint.class);
        Duration timeout = Duration.ofMillis(endpoint.getConfiguration().getTimeout()).plusSeconds(30);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RUN_LABEL, instanceId);
        List<String> dockerRun = DockerRunCommand.of(endpoint, labels);

        List<Contender> contenders = new ArrayList<>();
        List<ScenarioResult.Alternative> alternatives = new ArrayList<>();
        contenders.add(new HydraContender(template, scenario.name(), scenario.input()));
        contenders.add(new ProcessContender("docker run --rm -i", callId -> withCallLabel(dockerRun, callId), true,
                scenario.input(), workDir.resolve(scenario.name() + "-docker.stderr"), null, timeout));
        Scenario.LocalTool local = scenario.local();
        if (local.installed()) {
            contenders.add(new ProcessContender(local.label(), callId -> local.command(), false, scenario.input(),
                    workDir.resolve(scenario.name() + "-local.stderr"), local.outputFile(), timeout));
        }
        for (Contender c : contenders) {
            alternatives.add(new ScenarioResult.Alternative(c.name(), false));
        }
        if (!local.installed()) {
            alternatives.add(new ScenarioResult.Alternative(local.label(), true));
        }

        String loadAtStart = loadAverage();
        heap.takeWindowMax();
        long start = System.nanoTime();
        int total = options.warmup() + options.iterations();
        log(scenario.name() + ": " + scenario.description() + "; docker run: " + String.join(" ", dockerRun));
        for (int i = 0; i < total; i++) {
            boolean measured = i >= options.warmup();
            StringBuilder progress = new StringBuilder();
            for (int k = 0; k < contenders.size(); k++) {
                int index = (i + k) % contenders.size();
                Contender contender = contenders.get(index);
                ScenarioResult.Alternative alternative = alternatives.get(index);
                String callId = callPrefix() + (++callCount);
                try {
                    Contender.Call call = contender.call(callId);
                    String problem = scenario.check().problem(call.output());
                    if (problem != null) {
                        throw new CallFailedException(problem);
                    }
                    if (measured) {
                        alternative.measured.add(call);
                    }
                    progress.append(String.format("  %s %.0f ms", contender.name(), call.nanos() / 1e6));
                } catch (CallFailedException e) {
                    alternative.failures.add("call " + (i + 1) + (measured ? "" : " (warm-up)") + ": "
                            + e.getMessage());
                    progress.append("  ").append(contender.name()).append(" FAILED");
                    log(scenario.name() + " / " + contender.name() + " failed: " + e.getMessage());
                }
            }
            log(scenario.name() + " " + (i + 1) + "/" + total + (measured ? "" : " (warm-up)") + ":" + progress);
        }
        return new ScenarioResult(scenario, alternatives, heap.takeWindowMax(), loadAtStart,
                (System.nanoTime() - start) / 1e9);
    }

    private static List<String> withCallLabel(List<String> dockerRun, String callId) {
        List<String> command = new ArrayList<>(dockerRun);
        command.addAll(4, List.of("--label", EngineEvents.CALL_LABEL + "=" + callId));
        return command;
    }

    private String callPrefix() {
        return instanceId + "-call-";
    }

    /** Checks that neither hydra nor docker run left a container; removes any it finds (and reports the failure). */
    private boolean noContainersLeft(Report report) {
        List<String> left = new ArrayList<>();
        for (String filter : List.of(OWNER_LABEL + "=" + instanceId, RUN_LABEL + "=" + instanceId)) {
            String ids = command("docker", "ps", "-aq", "--filter", "label=" + filter);
            if (ids == null) {
                report.line("Leftover check FAILED: `docker ps` did not answer.");
                return false;
            }
            ids.lines().filter(s -> !s.isBlank()).forEach(left::add);
        }
        if (left.isEmpty()) {
            report.line("Containers left behind: none (`docker ps -aq --filter label=" + OWNER_LABEL + "="
                    + instanceId + "` and `label=" + RUN_LABEL + "=" + instanceId + "` are empty).");
            return true;
        }
        List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
        rm.addAll(left);
        command(rm.toArray(String[]::new));
        report.line("Containers left behind: FAILED — " + left.size() + " found (" + String.join(", ", left)
                + "); removed them now.");
        return false;
    }

    /** Runs a short command and returns its stdout, or {@code null} when it fails. */
    private static String command(String... args) {
        try {
            Process process = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            return process.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is under the temporary folder
        }
    }
}
