#!/usr/bin/env bash
# Builds the function images listed in functions/catalog.yaml (all of them, or the named ones):
#
#   scripts/build-images.sh            every function of the catalog
#   scripts/build-images.sh pdf txt    only these (catalog names)
#   scripts/build-images.sh --list     prints the catalog as name, image, build, memory, command (TSV)
#
# Each catalog entry gives the image tag (image:) and the folder under functions/ with its
# Dockerfile (build:). The base images come from scripts/build-bases.sh, which runs first.
# A Dockerfile starts with `ARG BASE=<official image>` then `FROM ${BASE}`; this script passes
# BASE according to that default:
#   debian:*   -> $HYDRA_BASE_DEBIAN, else camel-hydra/base-debian:bookworm-1
#   busybox:*  -> $HYDRA_BASE_BUSYBOX, else camel-hydra/base-busybox:1
#   other      -> the default itself (it must be present locally)
#
# Incremental: the hash of the function folder's files, the base image ID and the build
# arguments is stored in the image label org.camel-hydra.build-hash; an image whose label
# matches is not rebuilt. HYDRA_FORCE_BUILD=1 rebuilds anyway; HYDRA_BUILD_VERBOSE=1 shows the
# docker build output as it runs (otherwise it is shown only when the build fails).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly CATALOG=$ROOT/functions/catalog.yaml
# Bump when this script changes how images are built (labels, arguments): forces rebuilds.
readonly RECIPE_VERSION=1

log() { echo "[hydra] $*" >&2; }
die() { echo "[hydra] ERROR: $*" >&2; exit 1; }

# Prints "name<TAB>image<TAB>build<TAB>memory<TAB>command" for each catalog entry (fields may be
# quoted; comments ignored; command is the flow sequence's items joined by spaces).
catalog_entries() {
  awk '
    function value(line) {
      sub(/^[^:]*:[ \t]*/, "", line)
      sub(/[ \t]+#.*$/, "", line)
      sub(/[ \t]+$/, "", line)
      if (line ~ /^".*"$/ || line ~ /^'\''.*'\''$/) line = substr(line, 2, length(line) - 2)
      return line
    }
    function items(seq,   n, i, parts, out, item) {
      gsub(/^\[[ \t]*|[ \t]*\]$/, "", seq)
      n = split(seq, parts, /[ \t]*,[ \t]*/)
      out = ""
      for (i = 1; i <= n; i++) {
        item = parts[i]
        if (item ~ /^".*"$/ || item ~ /^'\''.*'\''$/) item = substr(item, 2, length(item) - 2)
        if (item != "") out = out (out == "" ? "" : " ") item
      }
      return out
    }
    function flush() {
      if (name != "") print name "\t" image "\t" build "\t" memory "\t" command
      name = image = build = memory = command = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*-[ \t]+name:/ { flush(); name = value($0); next }
    /^[ \t]+image:/ { image = value($0); next }
    /^[ \t]+build:/ { build = value($0); next }
    /^[ \t]+memory:/ { memory = value($0); next }
    /^[ \t]+command:/ { command = items(value($0)); next }
    END { flush() }
  ' "$CATALOG"
}

# The default of `ARG BASE=` in a Dockerfile (empty if none).
dockerfile_base_default() {
  sed -n 's/^[[:space:]]*ARG[[:space:]][[:space:]]*BASE=\([^[:space:]]*\).*/\1/p' "$1" | head -n 1 | tr -d '"'\'
}

# The BASE build argument for a Dockerfile whose default is $1.
base_for() {
  case "$1" in
    debian:* | */debian:*) echo "${HYDRA_BASE_DEBIAN:-camel-hydra/base-debian:bookworm-1}" ;;
    busybox:* | */busybox:*) echo "${HYDRA_BASE_BUSYBOX:-camel-hydra/base-busybox:1}" ;;
    *) echo "$1" ;;
  esac
}

# Hash of everything that goes into an image: the folder's files (paths, modes, contents),
# the base image ID, the build arguments, the tag and this script's recipe version.
build_hash() {
  local dir=$1 base_id=$2 name=$3 image=$4 base=$5
  {
    echo "recipe $RECIPE_VERSION"
    echo "function $name image $image"
    echo "arg BASE=$base base-id $base_id"
    (cd "$dir" && find . -type f -printf '%m %p\n' | LC_ALL=C sort)
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
  } | sha256sum | cut -c1-64
}

build_one() {
  local name=$1 image=$2 folder=$3
  local dir=$ROOT/functions/$folder start=$SECONDS
  [ -n "$image" ] || die "catalog entry '$name' has no image: field ($CATALOG)"
  [ -n "$folder" ] || die "catalog entry '$name' has no build: field ($CATALOG)"
  [ -f "$dir/Dockerfile" ] || die "function '$name': no Dockerfile at functions/$folder/Dockerfile"

  local default base base_id hash current
  default=$(dockerfile_base_default "$dir/Dockerfile")
  [ -n "$default" ] || die "functions/$folder/Dockerfile must declare 'ARG BASE=<official image>' before 'FROM \${BASE}'"
  base=$(base_for "$default")
  base_id=$(docker image inspect -f '{{.Id}}' "$base" 2>/dev/null) \
    || die "function '$name': base image $base is not present (run scripts/build-bases.sh, or set HYDRA_BASE_DEBIAN / HYDRA_BASE_BUSYBOX)"
  hash=$(build_hash "$dir" "$base_id" "$name" "$image" "$base")
  current=$(docker image inspect -f '{{index .Config.Labels "org.camel-hydra.build-hash"}}' "$image" 2>/dev/null || true)
  if [ "$current" = "$hash" ] && [ "${HYDRA_FORCE_BUILD:-0}" != 1 ]; then
    printf '%-28s %-10s up to date   %3d s\n' "$image" "$name" "$((SECONDS - start))"
    return
  fi

  local old_id log_file rc=0
  old_id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  log_file=$(mktemp "${TMPDIR:-/tmp}/hydra-build-$name.XXXXXX")
  local args=(build --force-rm --tag "$image" --build-arg "BASE=$base"
    --label "org.camel-hydra.function=$name"
    --label "org.camel-hydra.build-hash=$hash"
    --file "$dir/Dockerfile" "$dir")
  if [ "${HYDRA_BUILD_VERBOSE:-0}" = 1 ]; then
    docker "${args[@]}" </dev/null 2>&1 | tee "$log_file" >&2 || rc=$?
  else
    docker "${args[@]}" </dev/null >"$log_file" 2>&1 || rc=$?
  fi
  if [ "$rc" != 0 ]; then
    tail -n 40 "$log_file" >&2
    rm -f "$log_file"
    die "docker build of function '$name' ($image from functions/$folder, BASE=$base) failed with exit code $rc; the end of its output is above"
  fi
  rm -f "$log_file"
  # The replaced image is now untagged: remove it unless something still uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
  printf '%-28s %-10s built        %3d s\n' "$image" "$name" "$((SECONDS - start))"
}

main() {
  [ -f "$CATALOG" ] || die "no function catalog at $CATALOG"
  if [ "${1:-}" = --list ]; then catalog_entries; return; fi
  command -v docker >/dev/null 2>&1 || die "the docker command is missing: run scripts/ensure-docker.sh"
  docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/ensure-docker.sh first"

  local entries
  entries=$(catalog_entries)
  [ -n "$entries" ] || die "no functions found in $CATALOG"

  # Names asked for must all be in the catalog.
  local wanted
  for wanted in "$@"; do
    awk -F '\t' -v n="$wanted" '$1 == n { found = 1 } END { exit !found }' <<<"$entries" \
      || die "no function named '$wanted' in $CATALOG (known: $(cut -f1 <<<"$entries" | tr '\n' ' '))"
  done

  local total=$SECONDS
  "$ROOT/scripts/build-bases.sh"

  local name image folder
  while IFS=$'\t' read -r name image folder _; do
    if [ "$#" -gt 0 ]; then
      case " $* " in *" $name "*) ;; *) continue ;; esac
    fi
    build_one "$name" "$image" "$folder"
  done <<<"$entries"
  log "images ready in $((SECONDS - total)) s"
}

main "$@"
