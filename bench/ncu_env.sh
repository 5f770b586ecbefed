# Sourced by the Nsight Compute scripts of bench/ (ncu_sass_stalls.sh,
# ncu_vs_inductor.sh) with their arguments: takes BUNDLE_DIR off them and
# sets `here`, `lib` (the bundle's runtime library), `out` (${OUT:-/tmp})
# and `ncu`, and prints ncu's version.
# shellcheck shell=bash disable=SC2034 # set for the script that sources this
set -uo pipefail
here=$(dirname "$0")
bundle=${1:?usage: $(basename "$0") BUNDLE_DIR CASE...}
lib="$bundle/lib/libbaracuda_runtime.so"
out=${OUT:-/tmp}
ncu=$(command -v ncu || echo /usr/local/cuda/bin/ncu)
"$ncu" --version | tail -1
