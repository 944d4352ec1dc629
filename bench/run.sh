#!/usr/bin/env bash
# Runs the camel-hydra benchmark (see bench/README.md):
#
#   bench/run.sh [ITERATIONS] [WARMUP] [SCENARIOS]
#     ITERATIONS  measured calls per alternative and scenario (default 10)
#     WARMUP      calls per alternative and scenario left out of the statistics (default 1)
#     SCENARIOS   comma-separated, from toupper,pdf,txt,cat (default all)
#
# Needs: a Docker engine with the function images (./hydra images), and the component in the local
# Maven repository (mvn install -DskipTests at the root). ./hydra bench does both, then calls this.
# The Markdown report goes to stdout, progress to stderr:  bench/run.sh > bench-result.md
# BENCH_JAVA_OPTS adds JVM options (the heap is capped at 128 MiB by default to show the component
# streams: 256 MiB pass through it per call). HYDRA_CORPUS_DIR points at the document corpus.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly BENCH_DIR
readonly ROOT=${BENCH_DIR%/bench}

log() { echo "[bench] $*" >&2; }

command -v java >/dev/null || { log "Java 17+ is required (apt-get install openjdk-17-jdk)."; exit 1; }
command -v mvn >/dev/null || { log "Maven is required (apt-get install maven)."; exit 1; }
command -v docker >/dev/null || { log "The docker client is required; start an engine with ./hydra engine."; exit 1; }

log "Building the benchmark (Maven)..."
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! mvn -B -q -Dstyle.color=never -f "$BENCH_DIR/pom.xml" package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >"$build_log" 2>&1; then
  cat "$build_log" >&2
  log "Build failed. Is the component installed? Run 'mvn install -DskipTests' at $ROOT (./hydra bench does)."
  exit 1
fi
rm -f "$build_log"

exec java -Xmx128m ${BENCH_JAVA_OPTS:-} \
  -cp "$BENCH_DIR/target/camel-hydra-bench.jar:$(cat "$BENCH_DIR/target/classpath.txt")" \
  -Dhydra.project.dir="$ROOT" \
  io.camelhydra.bench.Bench "$@"
