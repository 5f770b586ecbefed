#!/usr/bin/env bash
# A stand-in for baracuda-run on a machine without a GPU, for the tests of
# scripts/device_check.sh: `--batch FILE` prints one case block per line of
# FILE as the real tool does; the case with `--seed 5007` mismatches and the
# one with `--seed 5010` ends the process (exit 5) before its result. Any
# other call passes as a CUDA run. It is not a gtest binary.
[ "${1:-}" = --gtest_list_tests ] && exit 1
if [ "${1:-}" = --batch ]; then
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    echo "=== case $n: $line"
    echo "device: cuda: fake"
    echo "time: 1.5 us per run (mean of 2), 100 bytes moved, 0.07 GB/s"
    case "$line" in
    *"--seed 5007 "*) echo "check: FAIL: 1 of 2 elements differ" && echo "=== end $n: exit 1" ;;
    *"--seed 5010 "*) exit 5 ;;
    *) echo "check: PASS: all bit-exact" && echo "=== end $n: exit 0" ;;
    esac
  done <"$2"
  exit 0
fi
echo "device: cuda: fake"
echo "time: 1.0 us per run (mean of 1), 10 bytes moved, 0.01 GB/s"
echo "check: PASS"
