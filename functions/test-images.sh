#!/usr/bin/env bash
# Runs each function image on the inputs in its functions/<build>/test/cases.tsv, in the same
# sandbox the product uses, and checks exit code, output and reason:
#
#   functions/test-images.sh            every function of the catalog
#   functions/test-images.sh pdf        only these
#
# The images must be built (scripts/build-images.sh). cases.tsv has one case a line, tab-separated:
#   input    file under test/, or '-' for an empty input
#   ext      the HYDRA_INPUT_EXT to pass, or '-' for none (the function sniffs the type)
#   exit     the expected exit code
#   stdout   '=FILE' stdout equals test/FILE; '~TEXT' the output contains TEXT (a PDF output is
#            turned into text with the txt function's image first); '-' stdout must be empty
#   reason   text the last stderr line must contain, or '-'
# Lines starting with # are comments.
set -euo pipefail
set -f # no file-name globbing: catalog commands are split into words as they are

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly TEXT_IMAGE=${HYDRA_TEST_TEXT_IMAGE:-camel-hydra/fn-txt:1}
readonly TEST_LABEL=org.camel-hydra.test=functions

die() { echo "[hydra] ERROR: $*" >&2; exit 1; }

sandbox() { # memory
  echo --network none --read-only --tmpfs /tmp:rw,size=256m,mode=1777 --cap-drop ALL \
    --security-opt no-new-privileges --user 65534:65534 --memory "$1" --memory-swap "$1" \
    --pids-limit 256 --init --label "$TEST_LABEL"
}

failures=0
cases=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hydra-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

run_case() { # name image memory command dir input ext exit stdout reason
  local name=$1 image=$2 memory=$3 command=$4 dir=$5 input=$6 ext=$7 want_exit=$8 want_out=$9 want_reason=${10}
  local src=/dev/null env=() rc=0 problems=() reason text
  [ "$input" = - ] || src=$dir/$input
  [ -f "$src" ] || [ "$src" = /dev/null ] || die "$name: test input $src is missing"
  [ "$ext" = - ] || env=(-e "HYDRA_INPUT_EXT=$ext")
  # shellcheck disable=SC2046,SC2086 # the sandbox flags and the catalog command are word lists
  docker run --rm -i $(sandbox "$memory") "${env[@]}" "$image" $command \
    <"$src" >"$scratch/out" 2>"$scratch/err" || rc=$?
  reason=$(grep -v '^[[:space:]]*$' "$scratch/err" | tail -n 1 || true)

  [ "$rc" = "$want_exit" ] || problems+=("exit code $rc, expected $want_exit")
  case "$want_out" in
    -) [ ! -s "$scratch/out" ] || problems+=("stdout not empty ($(wc -c <"$scratch/out") bytes)") ;;
    =*) cmp -s "$scratch/out" "$dir/${want_out#=}" || problems+=("stdout differs from ${want_out#=}") ;;
    ~*)
      if [ "$(head -c 5 "$scratch/out")" = '%PDF-' ]; then
        # shellcheck disable=SC2046
        text=$(docker run --rm -i $(sandbox 256m) "$TEXT_IMAGE" <"$scratch/out" 2>/dev/null) \
          || problems+=("the output PDF could not be read by $TEXT_IMAGE")
      else
        text=$(cat "$scratch/out")
      fi
      case "$text" in *"${want_out#\~}"*) ;; *) problems+=("output does not contain '${want_out#\~}'") ;; esac
      ;;
    *) die "$name: bad stdout column '$want_out' in cases.tsv" ;;
  esac
  if [ "$want_reason" != - ]; then
    case "$reason" in *"$want_reason"*) ;; *) problems+=("last stderr line '$reason' lacks '$want_reason'") ;; esac
  fi

  cases=$((cases + 1))
  if [ "${#problems[@]}" -eq 0 ]; then
    printf 'ok    %-8s %-28s ext=%-5s exit=%s\n' "$name" "$input" "$ext" "$rc"
  else
    failures=$((failures + 1))
    printf 'FAIL  %-8s %-28s ext=%-5s exit=%s: %s\n' "$name" "$input" "$ext" "$rc" "$(IFS=';'; echo "${problems[*]}")"
    sed 's/^/      stderr: /' "$scratch/err" | tail -n 5
  fi
}

main() {
  docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/ensure-docker.sh first"
  local entries name image folder memory command dir
  entries=$("$ROOT/scripts/build-images.sh" --list)
  while IFS=$'\t' read -r name image folder memory command; do
    if [ "$#" -gt 0 ]; then case " $* " in *" $name "*) ;; *) continue ;; esac; fi
    dir=$ROOT/functions/$folder/test
    [ -f "$dir/cases.tsv" ] || die "function '$name' has no test/cases.tsv"
    docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing: run scripts/build-images.sh $name"
    while IFS=$'\t' read -r input ext want_exit want_out want_reason; do
      case "$input" in '' | '#'*) continue ;; esac
      run_case "$name" "$image" "${memory:-256m}" "$command" "$dir" "$input" "$ext" "$want_exit" "$want_out" "$want_reason" </dev/null
    done <"$dir/cases.tsv"
  done <<<"$entries"

  local left
  left=$(docker ps -aq --filter "label=$TEST_LABEL")
  if [ -n "$left" ]; then
    echo "FAIL  containers left behind: $left"
    failures=$((failures + 1))
  fi
  echo "$cases cases, $failures failed"
  [ "$failures" -eq 0 ]
}

main "$@"
