#!/usr/bin/env bash
# Regenerates the ODS-derived references in docs/generated/ from a build tree
# (the `doc-is-current` test fails when they are stale).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
ninja -C "$build_dir" mlir-doc >/dev/null
mkdir -p docs/generated
cp "$build_dir/docs/Dialects/BaracudaDialect.md" docs/generated/BaracudaDialect.md
cp "$build_dir/docs/BaracudaPasses.md" docs/generated/BaracudaPasses.md
echo "updated docs/generated/"
