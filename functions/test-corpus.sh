#!/usr/bin/env bash
# Runs the pdf and txt function images on the shared corpus, in the product's sandbox, and
# checks each file against MANIFEST.tsv:
#   - 'libreoffice->pdf' rows go through camel-hydra/fn-pdf:1, 'pdftotext' rows through
#     camel-hydra/fn-txt:1 (other rows are for functions not built here and are skipped);
#   - a row whose expected_result says the call "must FAIL" expects exit 65, an empty stdout and
#     a last stderr line; any other row expects exit 0 and, when expected_text is set, that text
#     in the output (a PDF's text is extracted with the txt image);
#   - the pdf rows run twice: with HYDRA_INPUT_EXT set from the file's extension, and without it
#     (type sniffed from the content).
#
#   functions/test-corpus.sh [CORPUS_DIR]     default: $HYDRA_CORPUS, else ../shared/corpus next to the repo
#
# Prints a TSV table (file, ext passed, exit code, seconds, expected text found, verdict, reason)
# and fails when any row fails or a container is left behind.
set -euo pipefail
set -f

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
CORPUS=${1:-${HYDRA_CORPUS:-$ROOT/../shared/corpus}}
readonly CORPUS
readonly PDF_IMAGE=camel-hydra/fn-pdf:1 TXT_IMAGE=camel-hydra/fn-txt:1
readonly TEST_LABEL=org.camel-hydra.test=corpus

die() { echo "[hydra] ERROR: $*" >&2; exit 1; }

sandbox() { # memory
  echo --network none --read-only --tmpfs /tmp:rw,size=256m,mode=1777 --cap-drop ALL \
    --security-opt no-new-privileges --user 65534:65534 --memory "$1" --memory-swap "$1" \
    --pids-limit 256 --init --label "$TEST_LABEL"
}

[ -f "$CORPUS/MANIFEST.tsv" ] || die "no corpus at $CORPUS (MANIFEST.tsv missing): pass its folder or set HYDRA_CORPUS"
for image in "$PDF_IMAGE" "$TXT_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing: run scripts/build-images.sh"
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/hydra-corpus.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failures=0

check() { # file image memory ext expected_text must_fail
  local file=$1 image=$2 memory=$3 ext=$4 expected=$5 must_fail=$6
  local env=() rc=0 start end secs reason found=- verdict=ok text
  [ "$ext" = - ] || env=(-e "HYDRA_INPUT_EXT=$ext")
  start=$(date +%s.%N)
  # shellcheck disable=SC2046
  docker run --rm -i $(sandbox "$memory") "${env[@]}" "$image" \
    <"$CORPUS/$file" >"$scratch/out" 2>"$scratch/err" || rc=$?
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  reason=$(grep -v '^[[:space:]]*$' "$scratch/err" | tail -n 1 || true)
  if [ "$must_fail" = yes ]; then
    [ "$rc" = 65 ] && [ ! -s "$scratch/out" ] || verdict=FAIL
  else
    [ "$rc" = 0 ] && [ -s "$scratch/out" ] || verdict=FAIL
    if [ -n "$expected" ]; then
      if [ "$(head -c 5 "$scratch/out")" = '%PDF-' ]; then
        # shellcheck disable=SC2046
        text=$(docker run --rm -i $(sandbox 256m) "$TXT_IMAGE" <"$scratch/out" 2>/dev/null || true)
      else
        text=$(cat "$scratch/out")
      fi
      case "$text" in *"$expected"*) found=yes ;; *) found=no; verdict=FAIL ;; esac
    fi
  fi
  [ "$verdict" = ok ] || failures=$((failures + 1))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$ext" "$rc" "$secs" "$found" "$verdict" "$reason"
}

printf 'file\text\texit\tseconds\texpected_text\tverdict\tlast stderr line\n'
# Tabs are white space to `read` (empty fields would collapse): re-separate with \037.
while IFS=$'\037' read -r file function expected_result expected_text; do
  must_fail=no
  case "$expected_result" in *"must FAIL"*) must_fail=yes ;; esac
  case "$function" in
    'libreoffice->pdf')
      check "$file" "$PDF_IMAGE" 768m "${file##*.}" "$expected_text" "$must_fail" </dev/null
      check "$file" "$PDF_IMAGE" 768m - "$expected_text" "$must_fail" </dev/null
      ;;
    pdftotext)
      check "$file" "$TXT_IMAGE" 256m - "$expected_text" "$must_fail" </dev/null
      ;;
  esac
done < <(awk -F '\t' 'NR > 1 { print $1 "\037" $3 "\037" $12 "\037" $13 }' "$CORPUS/MANIFEST.tsv")

left=$(docker ps -aq --filter "label=$TEST_LABEL")
if [ -n "$left" ]; then
  echo "containers left behind: $left" >&2
  failures=$((failures + 1))
fi
echo "failures: $failures" >&2
[ "$failures" -eq 0 ]
