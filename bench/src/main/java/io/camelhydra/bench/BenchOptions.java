package io.camelhydra.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to run, from the command line ({@code ITERATIONS WARMUP SCENARIOS}) and the environment. One pure function with
 * defaults and messages that say how to fix a wrong value.
 *
 * @param iterations measured calls per alternative and scenario
 * @param warmup     calls per alternative and scenario run first and left out of the statistics
 * @param scenarios  scenario names, in the order they run
 * @param projectDir the camel-hydra checkout (its functions/catalog.yaml is the catalog)
 * @param corpusDir  the shared corpus of real documents
 */
record BenchOptions(int iterations, int warmup, List<String> scenarios, Path projectDir, Path corpusDir) {

    static final List<String> ALL_SCENARIOS = List.of("toupper", "pdf", "txt", "cat");
    static final int DEFAULT_ITERATIONS = 10;
    static final int DEFAULT_WARMUP = 1;

    static final String USAGE = "usage: bench/run.sh [ITERATIONS (default " + DEFAULT_ITERATIONS + ")] [WARMUP (default "
            + DEFAULT_WARMUP + ")] [SCENARIOS, comma-separated, from " + String.join(",", ALL_SCENARIOS)
            + " (default all)]";

    /**
     * @param args       ITERATIONS WARMUP SCENARIOS, each optional
     * @param env        the environment ({@code HYDRA_CORPUS_DIR})
     * @param projectDir the checkout, as passed by run.sh ({@code -Dhydra.project.dir}); {@code null} means ".."
     */
    static BenchOptions parse(String[] args, Map<String, String> env, String projectDir) {
        if (args.length > 3) {
            throw new IllegalArgumentException("too many arguments. " + USAGE);
        }
        int iterations = args.length > 0 ? number(args[0], "ITERATIONS", 1) : DEFAULT_ITERATIONS;
        int warmup = args.length > 1 ? number(args[1], "WARMUP", 0) : DEFAULT_WARMUP;
        List<String> scenarios = args.length > 2 ? scenarios(args[2]) : ALL_SCENARIOS;

        Path project = Path.of(projectDir == null || projectDir.isBlank() ? ".." : projectDir).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(project.resolve("functions/catalog.yaml"))) {
            throw new IllegalArgumentException("no functions/catalog.yaml under " + project
                    + ": run bench/run.sh from a camel-hydra checkout, or pass -Dhydra.project.dir=<checkout>.");
        }
        String corpusEnv = env.get("HYDRA_CORPUS_DIR");
        Path corpus = (corpusEnv == null || corpusEnv.isBlank() ? project.resolve("../shared/corpus")
                : Path.of(corpusEnv)).toAbsolutePath().normalize();
        if (!Files.isDirectory(corpus)) {
            throw new IllegalArgumentException("the document corpus " + corpus + " does not exist: set "
                    + "HYDRA_CORPUS_DIR to the folder that holds MANIFEST.tsv (../shared/corpus by default).");
        }
        return new BenchOptions(iterations, warmup, scenarios, project, corpus);
    }

    private static int number(String value, String name, int min) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + "; got '" + value
                + "'. " + USAGE);
    }

    private static List<String> scenarios(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                return ALL_SCENARIOS;
            }
            if (!ALL_SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'. " + USAGE);
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no scenario given. " + USAGE);
        }
        return List.copyOf(names);
    }
}
