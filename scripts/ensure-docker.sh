#!/usr/bin/env bash
# Makes sure a Docker engine answers. Starts an installed dockerd when none runs;
# on Debian as root installs docker.io when it is missing; elsewhere says what to install.
# Honours DOCKER_HOST: a remote or non-default engine is only checked, never started.
set -euo pipefail

log() { echo "[hydra] $*" >&2; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if engine_answers; then exit 0; fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
  log "DOCKER_HOST=${DOCKER_HOST} does not answer 'docker info'. Start that engine or unset DOCKER_HOST to use the local one."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "No Docker engine installed: installing Debian's docker.io (about 30 s)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq docker.io >/dev/null
  else
    log "No Docker engine found. Install Docker Engine (https://docs.docker.com/engine/install/) and start it, or point DOCKER_HOST at a running engine."
    exit 1
  fi
fi

log "Starting dockerd in the background (log: /var/log/hydra-dockerd.log)..."
if [ "$(id -u)" != 0 ]; then
  log "dockerd must be started as root: run 'sudo dockerd &' (or start the docker service), then try again."
  exit 1
fi
nohup dockerd >/var/log/hydra-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if engine_answers; then log "Docker engine is up."; exit 0; fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/hydra-dockerd.log"
tail -n 20 /var/log/hydra-dockerd.log >&2 || true
exit 1
