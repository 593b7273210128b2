#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (-Dfuzzing=true:
# libFuzzer + AddressSanitizer + UBSan) and runs each for a bounded time.
#
# Usage: build-aux/fuzz.sh [SECONDS-PER-TARGET]   (default 60)
# Environment: FUZZ_BUILDDIR (default _build-fuzz), FUZZ_JOBS (default 1).
#
# Each target starts from a temporary copy of its seed corpus
# (tests/fuzz/corpus/<name>/), so the inputs libFuzzer adds never land in
# the source tree. A crash, leak, sanitizer report or hang (over 10 s for
# one input) fails the run; the input that caused it is kept in
# $FUZZ_BUILDDIR/fuzz-artifacts/ and should be added to the seed corpus once
# fixed. Ends with one line: "fuzz: N targets, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
builddir=${FUZZ_BUILDDIR:-_build-fuzz}
jobs=${FUZZ_JOBS:-1}

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz.sh: SECONDS must be a positive whole number, not '$seconds'" >&2
  exit 2
fi
if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang is needed (Debian: clang-14 and libclang-rt-14-dev)" >&2
  exit 1
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dui_tests=false --werror || exit 1
else
  meson configure "$builddir" -Dfuzzing=true >/dev/null || exit 1
fi

# Every tests/fuzz/fuzz-*.c is a target; its corpus folder is the first
# word after "fuzz-" (fuzz-irc-codec -> irc, fuzz-medusa-json -> medusa).
targets=()
for source in tests/fuzz/fuzz-*.c; do
  [ -e "$source" ] || continue
  name=$(basename "$source" .c)
  targets+=("$name")
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz.sh: no targets in tests/fuzz" >&2
  exit 1
fi

meson compile -C "$builddir" "${targets[@]}" || exit 1

top=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/dropdeck-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
artifacts="$builddir/fuzz-artifacts"
mkdir -p "$artifacts"

failed=0
for name in "${targets[@]}"; do
  short=${name#fuzz-}
  short=${short%%-*}
  corpus="$work/$name"
  mkdir -p "$corpus"
  if [ -d "tests/fuzz/corpus/$short" ]; then
    cp -r "tests/fuzz/corpus/$short/." "$corpus/"
  fi
  dict=()
  if [ -f "tests/fuzz/$short.dict" ]; then
    dict=(-dict="$PWD/tests/fuzz/$short.dict")
  fi
  parallel=()
  if [ "$jobs" -gt 1 ]; then
    parallel=(-jobs="$jobs" -workers="$jobs")
  fi

  echo "== $name for ${seconds}s ($(ls "$corpus" | wc -l) seed inputs)"
  log="$work/$name.log"
  # From the work folder: with -jobs, libFuzzer writes fuzz-N.log there.
  if (cd "$work" &&
      ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
      UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      "$top/$builddir/tests/fuzz/$name" -max_total_time="$seconds" -timeout=10 \
        -max_len=12000 "${parallel[@]}" -print_final_stats=1 \
        -artifact_prefix="$top/$artifacts/$name-" "${dict[@]}" "$corpus") >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" | sed 's/^/   /'
  else
    failed=$((failed + 1))
    echo "   FAILED: the input that broke it is in $artifacts/"
    tail -n 40 "$log" | sed 's/^/   /'
  fi
done

echo "fuzz: ${#targets[@]} targets, $failed failed"
[ "$failed" -eq 0 ]
