#!/usr/bin/env python3
"""Mutation testing: does the CPU suite catch small, deliberate bugs?

Each mutant below is one small source change in one layer (rules, verifier,
element builders, lowerings, kernel-library build, runtime plan, C ABI, the
test reference). For
each, in a scratch git worktree of HEAD (built once, then rebuilt
incrementally; set CMAKE_CXX_COMPILER_LAUNCHER=ccache to share a compiler
cache), the script applies the change, rebuilds, runs the CPU suite (ctest,
which includes lit; the `exhaustive` label only with --exhaustive), reverts,
and prints caught / survived per mutant and the mutation score. A mutant
that does not build counts as an error, not as caught. Not part of CI (a
rebuild per mutant).

GPU-only mutants change code that only the GPU runs; the CPU suite cannot
see them, so they are not run here. With --gpu-bundles DIR the script
builds, for each, a runtime-only bundle (like scripts/device_bundle.sh)
under DIR/<mutant>/, and scripts/device_mutants.sh DIR runs the GPU tests
against each bundle on a GPU machine and prints caught / survived.

Usage (from the repository root):
  scripts/mutate.py [--list] [--only NAME ...] [--exhaustive]
                    [--scratch DIR] [--gpu-bundles DIR] [-j N]
(--scratch defaults to <repository>-mutants, a git worktree of HEAD.)
Exit status: 0 when every CPU mutant run was caught, 1 otherwise.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

# Where a mutant runs: the CPU suite only; the GPU only (the CPU suite
# cannot reach the code: no CPU run, a device bundle with --gpu-bundles);
# both (GPU code that lit checks on the CPU too: CPU run and a bundle).
CPU, GPU, BOTH = "cpu", "gpu", "both"

# name, layer, file, old text, new text, where.
# `old` must occur exactly once in `file`.
MUTANTS = [
    # --- Rules (lib/Rules, shared by the verifier and the runtime) ---------
    ("rules-axis-multiple", "rules", "lib/Rules/QuantizePerGroupRules.cpp",
     "*p.axis_size % p.group_size != 0", "*p.axis_size % p.group_size > 1",
     CPU),
    ("rules-range-order", "rules", "lib/Rules/QuantizePerGroupRules.cpp",
     "if (p.q_max < p.q_min)", "if (p.q_max < p.q_min - 1)", CPU),
    ("rules-q-min-in-range", "rules", "lib/Rules/QuantizePerGroupRules.cpp",
     "if (p.q_min < lo || p.q_min > hi)", "if (p.q_min < lo - 1 || p.q_min > hi)",
     CPU),
    ("rules-zero-point-shape", "rules", "lib/Rules/QuantizePerGroupRules.cpp",
     "if (!compatible(zeroPoint, sg))", "if (!compatible(zeroPoint, io))",
     CPU),
    ("rules-negative-sizes", "rules", "lib/Rules/QuantizePerGroupRules.cpp",
     "if (p.outer_size && *p.outer_size < 0)",
     "if (p.outer_size && *p.outer_size < -1)", CPU),
    # --- Verifier (lib/Dialect) -------------------------------------------
    ("verifier-size-from-first-operand-only", "verifier",
     "lib/Dialect/Baracuda/IR/BaracudaOps.cpp",
     "      if (!data[d])\n        data[d] = dim;", "", CPU),
    ("verifier-scale-zero-point-agree", "verifier",
     "lib/Dialect/Baracuda/IR/BaracudaOps.cpp",
     "    if (scaleType && type.getShape() != scaleType.getShape()) {",
     "    if (false) {", CPU),
    ("verifier-quantized-kind", "verifier",
     "lib/Dialect/Baracuda/IR/BaracudaOps.cpp",
     "if (!kind || !::baracuda::isFamilyQuantizedElement(*kind)) {",
     "if (!kind) {", CPU),
    ("family-rules-group-divides", "rules",
     "lib/Rules/QuantizeFamilyRules.cpp",
     "*data[1] % layout.groupSize != 0", "*data[1] % layout.groupSize > 1",
     CPU),
    ("family-rules-channel-axis", "rules",
     "lib/Rules/QuantizeFamilyRules.cpp",
     "layout.axis < 0 || layout.axis >= rank",
     "layout.axis < 0 || layout.axis > rank", CPU),
    # --- Element builders (lib/Conversion/QuantizeCommon) -----------------
    ("element-exact-tie-rounding", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  Value rounded = math::RoundEvenOp::create(b, loc, v);\n  Value limit",
     "  Value rounded = math::RoundOp::create(b, loc, v);\n  Value limit",
     CPU),
    ("element-exact-nan-kept", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  v = replaceNaN(b, loc, v, zero);\n\n  // Round half",
     "\n  // Round half", CPU),
    ("element-exact-no-upper-saturation", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  rounded = arith::MinimumFOp::create(b, loc, rounded, limit);\n", "",
     CPU),
    ("element-exact-no-q-max-clamp", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  return arith::MinSIOp::create(b, loc, clamped,\n"
     "                                broadcastTo(b, loc, i64Shape, params.qMax));\n",
     "  return clamped;\n", CPU),
    ("element-fast-f32-nan-kept", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  v = replaceNaN(b, loc, v, zero);\n  return math::RoundEvenOp",
     "  return math::RoundEvenOp", CPU),
    ("element-fast-f32-no-lower-clamp", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "Value clamped = maxOfNonNaN(b, loc, rounded, splat(params.lowerBound));",
     "Value clamped = rounded;", CPU),
    ("element-no-markstein-correction", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "Value quotient = replaceNaN(b, loc, q, q0);", "Value quotient = q0;",
     CPU),
    ("element-f16-residual-min-dropped", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "arith::MinNumFOp::create(b, loc, residual, one)", "residual", CPU),
    ("element-saturating-range-unchecked", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "equals(params.qMax, storageMax)", "equals(params.qMin, storageMin)",
     BOTH),
    ("gpu-saturating-pack-halves-swapped", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "packPair(elements[i + 1], elements[i],",
     "packPair(elements[i], elements[i + 1],", GPU),
    ("abi-ring-min-threads-dropped", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h", "  return 1280;", "  return 0;",
     BOTH),
    ("element-backward-zero-sign-dropped", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "buildQuotientFast(b, loc, dyc, params, QuotientUse::Returned)",
     "buildQuotientFast(b, loc, dyc, params, QuotientUse::Rounded)", CPU),
    ("element-one-correction-rounded", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "params.roundedQuotientCorrections =\n      getRoundedQuotientCorrections(inputType);",
     "params.roundedQuotientCorrections = 1;", CPU),
    ("element-reciprocal-bf16-f32-scale", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "return inputType.isF16() || scaleType == inputType;", "return true;",
     CPU),
    ("element-reciprocal-wide-types", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "  if (inputType.getWidth() != 16)\n    return false;\n", "", CPU),
    ("element-zero-scale-divides-by-zero", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "    if (lowering.opaqueDivisor)\n",
     "    params.divisor = params.scale;\n"
     "    if (lowering.opaqueDivisor)\n", CPU),
    ("element-f32-fast-path-limit", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "kFastPathF32IntegerLimit = int64_t{1} << 23;",
     "kFastPathF32IntegerLimit = int64_t{1} << 30;", CPU),
    ("element-reciprocal-min-scale", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "return everyResidualExact ? 0x1p-126 : 0x1p-100;",
     "return everyResidualExact ? 0x1p-140 : 0x1p-100;", CPU),
    ("element-two-correction-min-scale", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "return everyResidualExact ? 0x1p-126 : 0x1p-100;",
     "return everyResidualExact ? 0x1p-126 : 0x1p-126;", CPU),
    # --- Lowerings (lib/Conversion/BaracudaToSCF, BaracudaToGPU) ----------
    ("scf-group-base", "lowering (CPU)",
     "lib/Conversion/BaracudaToSCF/BaracudaToSCF.cpp",
     "Value base = arith::MulIOp::create(b, loc, j, block);",
     "Value base = arith::MulIOp::create(b, loc, p, block);", CPU),
    ("scf-no-scalar-tail", "lowering (CPU)",
     "lib/Conversion/BaracudaToSCF/BaracudaToSCF.cpp",
     "  Value vectorEnd = vectorLoops.back().end;",
     "  Value vectorEnd = vectorLoops.back().end;\n  length = vectorEnd;", CPU),
    ("scf-no-narrow-vector-loop", "lowering (CPU)",
     "lib/Conversion/BaracudaToSCF/BaracudaToSCF.cpp",
     "      begin = loop.end;", "      begin = loop.end;\n      break;", CPU),
    # The parameter-vector paths (block 1: a parameter per element).
    ("element-vector-path-any-lane", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "vector::CombiningKind::AND,", "vector::CombiningKind::OR,", CPU),
    ("scf-parameter-vector-index-stuck", "lowering (CPU)",
     "lib/Conversion/BaracudaToSCF/BaracudaToSCF.cpp",
     "  Value next = arith::AddIOp::create(b, loc, p, width);",
     "  Value next = arith::AddIOp::create(b, loc, p, zero);", CPU),
    ("gpu-parameter-vector-always-invariant", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "arith::RemUIOp::create(b, loc, strideElements, period), c(b, loc, 0));",
     "c(b, loc, 0), c(b, loc, 0));", BOTH),
    ("gpu-block-divisor-args-swapped", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "      body.setBlockDivisor(arg(spec.getBlockMagicArg()),\n"
     "                           arg(spec.getBlockShiftArg()));\n",
     "      body.setBlockDivisor(arg(spec.getBlockShiftArg()),\n"
     "                           arg(spec.getBlockMagicArg()));\n", BOTH),
    ("host-block-divisor-rounded-down", "lowering (host)",
     "lib/Conversion/QuantizeCommon/FamilyKernelAbi.cpp",
     "      arith::AddIOp::create(b, loc, dividend,\n"
     "                            arith::SubIOp::create(b, loc, divisor, c(1))),\n",
     "      arith::AddIOp::create(b, loc, dividend, c(0)),\n", CPU),
    ("host-block-divisor-for-block-one", "lowering (host)",
     "lib/Conversion/QuantizeCommon/FamilyKernelAbi.cpp",
     "      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, block, c(2)),\n",
     "      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, block, c(1)),\n",
     CPU),
    ("gpu-repeats-test-inverted", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, n,",
     "arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, n,", BOTH),
    ("runtime-new-context-probes-others", "runtime plan",
     "runtime/lib/KernelLibrary.cpp",
     "      slot = std::make_shared<Impl::ModuleSlot>();",
     "      for (auto it = impl_->slots.begin(); it != impl_->slots.end();)\n"
     "        it = contextAlive(*driver, it->second->context, it->first)\n"
     "                 ? std::next(it)\n"
     "                 : impl_->slots.erase(it);\n"
     "      slot = std::make_shared<Impl::ModuleSlot>();", CPU),
    # The staged wide kernels (dequantize with parameters in memory).
    ("gpu-staged-pieces-share-a-slot", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "b, loc, arith::MulIOp::create(b, loc, grid.threadId, c(factor)),\n"
     "              c(k)),",
     "b, loc, arith::MulIOp::create(b, loc, grid.threadId, c(factor)),\n"
     "              c(0)),", BOTH),
    ("gpu-staged-reads-own-slots", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "          b, loc, warpNarrow,\n"
     "          arith::AddIOp::create(b, loc, lane, c(int64_t{kWarpSize} * k)));",
     "          b, loc, arith::MulIOp::create(b, loc, grid.threadId, c(factor)),\n"
     "          c(k));", BOTH),
    ("gpu-staged-warp-reads-next-lanes", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "arith::AddIOp::create(b, loc, lane, c(int64_t{kWarpSize} * k)));",
     "arith::AddIOp::create(b, loc, lane, c(k)));", BOTH),
    ("gpu-staged-warp-reads-block-slots", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "          b, loc, warpNarrow,\n"
     "          arith::AddIOp::create(b, loc, lane, c(int64_t{kWarpSize} * k)));",
     "          b, loc, grid.threadId,\n"
     "          arith::MulIOp::create(b, loc, grid.blockDim, c(k)));", BOTH),
    ("gpu-staged-no-barrier-before-stores", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "    buildWarpBarrier(b, loc);\n    // The tile's first narrow vector",
     "    // The tile's first narrow vector", BOTH),
    ("gpu-staged-slots-element-aligned", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "                       ::baracuda::kVectorAccessBytes));",
     "                       4));", BOTH),
    ("gpu-staged-remainder-skips-tile", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "b, loc, arith::MulIOp::create(b, loc, fullTiles, grid.blockDim),\n"
     "      grid.start);",
     "b, loc, arith::MulIOp::create(b, loc, fullTiles, grid.stride),\n"
     "      grid.start);", BOTH),
    ("gpu-block-tile-items-grid-stride-apart", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "                    grid.threadId),\n                grid.blockDim);\n",
     "                    grid.threadId),\n                grid.stride);\n", BOTH),
    ("gpu-block-tile-remainder-ignores-block", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "arith::MulIOp::create(b, loc, fullTiles, tileSize), start);",
     "arith::MulIOp::create(b, loc, fullTiles, tileSize), grid.threadId);",
     BOTH),
    ("gpu-rare-path-reloads-items", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "          computeAll(pb, l, QuantizePath::Exact);",
     "          for (const WorkItemLoads &loads : items)\n"
     "            computeAndStore(pb, l, loadAt(pb, l, loads.index, vectorWidth),"
     " std::nullopt);", BOTH),
    ("gpu-zero-scale-divisor-visible", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "    /*opaqueDivisor=*/buildNVVMOpaqueValue,",
     "    /*opaqueDivisor=*/nullptr,",
     CPU),
    ("check-host-memory-spaces-accepts-all", "lowering (CPU)",
     "lib/Conversion/CheckHostMemorySpaces/CheckHostMemorySpaces.cpp",
     "  if (!space || isa<IntegerAttr>(space))", "  if (true)", CPU),
    ("gpu-vector-group-index", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "      return arith::ShRUIOp::create(b, loc, high, blockShift);\n",
     "      return arith::ShRUIOp::create(b, loc, arith::DivUIOp::create(b, loc,"
     " high, indexConstant(b, loc, high.getType(), vectorWidth)),"
     " blockShift);\n",
     BOTH),
    ("gpu-group-shift-plus-one", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "    body.setBlockShift(\n"
     "        fromI64(math::CountTrailingZerosOp::create(b, loc, block64)));",
     "    body.setBlockShift(arith::AddIOp::create(\n"
     "        b, loc,\n"
     "        fromI64(math::CountTrailingZerosOp::create(b, loc, block64)),\n"
     "        c(b, loc, 1)));", BOTH),
    # The 32-bit loops (buildFitsIndex32): a bound past 2^31, a size left
    # out of the test, the two paths swapped.
    ("gpu-index32-bound-past-2-31", "lowering (GPU)",
     "include/baracuda/Support/KernelAbi.h",
     "inline constexpr int64_t kIndex32Limit = (int64_t{1} << 30) - 1;",
     "inline constexpr int64_t kIndex32Limit = (int64_t{1} << 32) - 1;", BOTH),
    ("gpu-index32-test-ignores-num-elements", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "  SmallVector<unsigned> sizes{spec.getNumElementsArg()};",
     "  SmallVector<unsigned> sizes;", BOTH),
    ("gpu-index32-parameter-vectors-too", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "  } else if (parameterVectors) {\n    buildLoops(b, loc, indexType);",
     "  } else if (false) {\n    buildLoops(b, loc, indexType);", BOTH),
    # The parameter-vector kernels' 32-bit variants: the variant without
    # its fits test, for the 16-bit ops with a range too, listed after the
    # 64-bit kernel; the plan's fit and knob ignored; the host bound
    # without the grid stride.
    ("gpu-pv-index32-variant-without-fits-test", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "        b, loc, buildFitsIndex32(b, loc, func, spec, ids, vectorWidth),\n"
     "        /*withElseRegion=*/false);",
     "        b, loc, arith::ConstantIntOp::create(b, loc, 1, 1),\n"
     "        /*withElseRegion=*/false);", BOTH),
    ("abi-pv-index32-for-16-bit-range-ops", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return !familyOpHasRange(op) || elementKindSize(t) > 2;",
     "  return !familyOpHasRange(op) || elementKindSize(t) > 1;", BOTH),
    ("catalog-index32-after-64-bit", "runtime plan",
     "runtime/lib/KernelCatalog.cpp",
     "      variants.push_back({width, true, false, /*index32=*/true});\n"
     "    variants.push_back({width, true});",
     "      variants.push_back({width, true});\n"
     "    variants.push_back({width, true, false, /*index32=*/true});", CPU),
    ("plan-index32-variant-ignores-fit", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "    if (present && entry.index32 &&\n"
     "        !launchFitsIndex32(kernel, *module, problem))",
     "    if (present && entry.index32 && false)", CPU),
    ("plan-index32-knob-ignored", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "        (entry.index32 && !(module && module->launchesIndex32Variants)) ||",
     "        (entry.index32 && !module) ||", CPU),
    ("abi-fits-index32-ignores-stride", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "         (numElements | block | period | strideElements) <= kIndex32Limit;",
     "         (numElements | block | period) <= kIndex32Limit;", CPU),
    ("abi-dividing-waves-for-16-bit", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "      familyDividesPerElement(op) && elementKindSize(t) >= 4",
     "      familyDividesPerElement(op) && elementKindSize(t) >= 2", CPU),
    ("gpu-index32-paths-swapped", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "          buildLoops(pb, l, pb.getI32Type());\n"
     "          scf::YieldOp::create(pb, l);\n"
     "        },\n"
     "        [&](OpBuilder &pb, Location l) {\n"
     "          buildLoops(pb, l, indexType);",
     "          buildLoops(pb, l, indexType);\n"
     "          scf::YieldOp::create(pb, l);\n"
     "        },\n"
     "        [&](OpBuilder &pb, Location l) {\n"
     "          buildLoops(pb, l, pb.getI32Type());", BOTH),
    # --- Kernel-library build (kernels/CMakeLists.txt) -------------------
    # (--enable-no-infs-fp-math here gives the same machine code: an
    # equivalent mutant, left out.)
    ("kernels-baseline-no-nans", "kernel-library build",
     "kernels/CMakeLists.txt",
     "  COMMAND ${LLVM_TOOLS_BINARY_DIR}/opt -O3 -mcpu=${BARACUDA_CPU_KERNEL_MCPU}",
     "  COMMAND ${LLVM_TOOLS_BINARY_DIR}/opt -O3 -mcpu=${BARACUDA_CPU_KERNEL_MCPU}"
     " --enable-no-nans-fp-math", CPU),
    ("kernels-levels-no-nans", "kernel-library build", "kernels/CMakeLists.txt",
     "    COMMAND ${LLVM_TOOLS_BINARY_DIR}/opt -O3 -mcpu=${level}",
     "    COMMAND ${LLVM_TOOLS_BINARY_DIR}/opt -O3 -mcpu=${level}"
     " --enable-no-nans-fp-math", CPU),
    ("kernels-set-override-ignored", "kernel-library build",
     "runtime/lib/BuiltinCpuKernels.cpp",
     "  if (!wanted || !*wanted) {", "  if (true) {", CPU),
    # --- Runtime plan (runtime/lib) --------------------------------------
    # The C ABI's one plan cache (every stem) and the plan core
    # (QuantizeFamilyPlan, which quantize_per_group's plan is a face of).
    # numel, block and period: the sizes as passed fix numel, and numel =
    # block * period, so dropping one comparison alone is an equivalent
    # mutant (measured: both survived); dropping block and period is not.
    ("plan-cache-key-block-period", "runtime plan",
     "runtime/lib/QuantizeFamilyCApi.cpp",
     "         a.numel == b.numel && a.block == b.block && a.period == b.period &&",
     "         a.numel == b.numel &&", CPU),
    ("plan-cache-key-input-element", "runtime plan",
     "runtime/lib/QuantizeFamilyCApi.cpp",
     "return a.op == b.op && a.layout == b.layout && a.t == b.t && a.q == b.q &&",
     "return a.op == b.op && a.layout == b.layout && a.q == b.q &&", CPU),
    ("plan-null-pointer-check", "runtime plan",
     "runtime/lib/QuantizeFamilyChecks.cpp",
     "    if (!pointer)\n", "    if (false)\n", CPU),
    ("plan-alignment-check", "runtime plan",
     "runtime/lib/QuantizeFamilyChecks.cpp",
     "    if (past != 0)\n", "    if (past > 1)\n", CPU),
    ("plan-shape-check", "runtime plan",
     "runtime/lib/QuantizePerGroupPlan.cpp",
     "  if (!shapes.ok())\n    return Status(shapes.code(), kPrefix + shapes.message());",
     "  if (false)\n    return Status(shapes.code(), kPrefix + shapes.message());",
     CPU),
    ("plan-cpu-block", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "    call.block = perTensor ? call.numel : problem_.block;",
     "    call.block = perTensor ? call.numel\n"
     "                 : problem_.block == 1 ? 1 : problem_.block / 2;", CPU),
    ("plan-cpu-chunk-parameter-offset", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "        call.data[i] = wraps ? base : base + first * bytes;",
     "        call.data[i] = base;", CPU),
    # --- Kernel ABI rules (include/baracuda/Support/KernelAbi.h) and the
    # catalog that follows them: which kernels exist, their widths, vectors
    # per step and grids.
    ("abi-output-store-split-again", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return perAccess < kQuantizeMinVectorElements && minimumFitsOneStore\n",
     "  return perAccess < kQuantizeMinVectorElements && (minimumFitsOneStore || true)\n",
     CPU),
    ("abi-grid-one-wave-for-all", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "             ? kQuantizeUnlimitedWaves\n             : limitedWaves;\n}",
     "             ? 1\n             : 1;\n}", CPU),
    ("abi-pv-waves-ignore-range", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    if (familyOpHasRange(op))\n      return 1;\n    if (!fastMemory)\n",
     "    if (false)\n      return 1;\n    if (!fastMemory)\n", CPU),
    ("abi-pv-waves-ignore-resident-blocks", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    return residentThreadsPerMultiprocessor <\n                   kParameterVectorWavesMinResidentThreads\n",
     "    return 2048 <\n                   kParameterVectorWavesMinResidentThreads\n", CPU),
    ("abi-steps-ignore-few-data-bytes", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "                 familyVectorReadsFewDataBytes(op, t, q)\n             ? kFewDataBytesParameterVectorSteps\n",
     "                 true\n             ? kFewDataBytesParameterVectorSteps\n", CPU),
    ("abi-steps-ignore-fast-memory", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return parameterVectors && !familyOpHasRange(op) && fastMemory &&\n",
     "  return parameterVectors && !familyOpHasRange(op) &&\n", CPU),
    ("abi-grid-ignores-least-steps", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (minStepsPerThread > 1) {\n    int64_t bySteps",
     "  if (false) {\n    int64_t bySteps", CPU),
    ("abi-grid-least-steps-below-a-wave", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "std::max(bySteps, std::min(needed, wave)));",
     "std::max(bySteps, int64_t{1}));", CPU),
    ("plan-grid-without-least-steps", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "                              entry.parameterVectors, residentThreads,\n                              module.fastMemory),\n",
     "                              entry.parameterVectors, residentThreads,\n                              false),\n", CPU),
    ("abi-vector-width-fits-powers-of-two-only", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return block > 0 && block % vectorWidth == 0;\n",
     "  return block > 0 && (block & (block - 1)) == 0 &&\n         block % vectorWidth == 0;\n",
     CPU),
    ("abi-block-divisor-magic-rounded-down", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  uint64_t magic = (dividend + static_cast<uint64_t>(block) - 1) /\n",
     "  uint64_t magic = (dividend + 0) /\n", CPU),
    ("abi-block-divisor-args-for-block-one", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (block < 2 || block > kIndex32Limit)\n    return {0, 0};\n",
     "  if (block < 1 || block > kIndex32Limit)\n    return {0, 0};\n", CPU),
    ("plan-block-shift-off-by-one", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "  int32_t blockShift = divisor.shift;\n",
     "  int32_t blockShift = divisor.shift + 1;\n", CPU),
    ("abi-block-never-needs-index32", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return !(block > 0 && (block & (block - 1)) == 0);\n",
     "  return false;\n", CPU),
    ("plan-other-blocks-past-index32", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "        familyBlockNeedsIndex32(problem.block) &&\n",
     "        false &&\n", CPU),
    ("abi-pv-grid-past-its-waves", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (rounded > maxBlocks && below > 0)\n    return below;\n",
     "  if (false)\n    return below;\n", CPU),
    ("plan-pv-grid-without-its-waves", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "        familyWaveBlocks(maxWaves, module.multiprocessorCount,\n",
     "        familyWaveBlocks(kQuantizeUnlimitedWaves, module.multiprocessorCount,\n",
     CPU),
    ("abi-pv-one-tile-ignore-fast-memory", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    if (familyOpHasRange(op))\n      return 1;\n    if (!fastMemory)\n",
     "    if (familyOpHasRange(op))\n      return 1;\n    if (true)\n", CPU),
    ("abi-pv-one-tile-ignore-resident-blocks", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "      return residentThreadsPerMultiprocessor >=\n                     kParameterVectorOneTileMinResidentThreads\n",
     "      return 2048 >=\n                     kParameterVectorOneTileMinResidentThreads\n", CPU),
    ("device-check-shard-case-numbers", "device check",
     "scripts/device_check.sh",
     '" " ((n - 1) * k + s + 1) ":")',
     '" " (n) ":")', CPU),
    ("device-check-shard-status-lost", "device check",
     "scripts/device_check.sh",
     '        [ "$status" = 0 ] && status=$shard_status\n',
     '        true\n', CPU),
    ("family-ab-lib-passed-on", "bench",
     "bench/family_ab.sh",
     "      LIB=*) lib=${a#LIB=} ;;\n",
     "", CPU),
    ("family-ab-lib-ignored", "bench",
     "bench/family_ab.sh",
     "      LIB=*) lib=${a#LIB=} ;;\n",
     "      LIB=*) ;;\n", CPU),
    # --- CudaBuffer's transfers (tests' and tools' helpers) ---------------
    ("buffer-transfer-no-wait-before", "runtime helpers",
     "runtime/lib/CudaDevice.cpp",
     "  CUresult result = cu.cuCtxSynchronize();\n",
     "  CUresult result = CUDA_SUCCESS;\n", CPU),
    ("buffer-transfer-no-wait-after", "runtime helpers",
     "runtime/lib/CudaDevice.cpp",
     "    result = cu.cuCtxSynchronize();\n", "", CPU),
    ("buffer-transfer-current-context", "runtime helpers",
     "runtime/lib/CudaDevice.cpp",
     "  if (CUresult result = cu.cuCtxPushCurrent(context))\n",
     "  CUcontext current = nullptr;\n  (void)cu.cuCtxGetCurrent(&current);\n"
     "  if (CUresult result = cu.cuCtxPushCurrent(current))\n", CPU),
    ("abi-per-tensor-waves-ignore-range", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    return !familyOpHasRange(op) || !fastMemory || familyResultSelectsData(op)\n",
     "    return true || !fastMemory || familyResultSelectsData(op)\n", CPU),
    ("abi-per-tensor-waves-ignore-fast-memory", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    return !familyOpHasRange(op) || !fastMemory || familyResultSelectsData(op)\n",
     "    return !familyOpHasRange(op) || false || familyResultSelectsData(op)\n", CPU),
    ("abi-per-tensor-waves-ignore-selected-result", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    return !familyOpHasRange(op) || !fastMemory || familyResultSelectsData(op)\n",
     "    return !familyOpHasRange(op) || !fastMemory || false\n", CPU),
    ("abi-memory-parameter-waves-ignore-fast-memory", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "                 (!fastMemory && familyAsyncRingStages(op, t, q) == 0)\n",
     "                 (familyAsyncRingStages(op, t, q) == 0)\n", CPU),
    ("abi-memory-parameter-waves-ignore-ring-kernels", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "                 (!fastMemory && familyAsyncRingStages(op, t, q) == 0)\n",
     "                 (!fastMemory)\n", CPU),
    ("abi-memory-parameter-waves-ignore-range", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return !familyOpHasRange(op) ||\n"
     "                 (!fastMemory && familyAsyncRingStages(op, t, q) == 0)\n",
     "  return (!fastMemory && familyAsyncRingStages(op, t, q) == 0)\n", CPU),
    ("plan-grid-ignores-fast-memory", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "                                    entry.asyncRing, module.fastMemory);\n",
     "                                    entry.asyncRing, false);\n", CPU),
    ("abi-unlimited-waves-overflow", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return waves > kQuantizeMaxGridBlocks / wave ? kQuantizeMaxGridBlocks\n",
     "  return false ? kQuantizeMaxGridBlocks\n", CPU),
    ("abi-vectors-per-thread-rule-ignored", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (parameterVectors)\n    return elementKindSize(t) == 2\n",
     "  if (false && parameterVectors)\n    return elementKindSize(t) == 2\n",
     CPU),
    ("abi-few-data-bytes-ignores-layout", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (!perTensor && familyVectorReadsFewDataBytes(op, t, q) &&\n",
     "  if (familyVectorReadsFewDataBytes(op, t, q) &&\n", CPU),
    ("abi-few-data-bytes-ignores-width", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "      vectorWidth == familyNarrowVectorWidth(op, t, q))\n",
     "      vectorWidth > 0)\n", CPU),
    ("abi-few-data-bytes-strict", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "         kFewDataBytesPerVector;\n",
     "         kFewDataBytesPerVector - 1;\n", CPU),
    ("abi-staged-wide-ignores-layout", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (perTensor)\n    return familyVectorReadsFewDataBytes(op, t, q);\n",
     "", CPU),
    ("abi-staged-wide-never-per-tensor", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "    return familyVectorReadsFewDataBytes(op, t, q);\n  return",
     "    return false;\n  return", CPU),
    ("abi-staged-wide-always", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return familyNarrowVectorWidth(op, t, q) * familyDataElementBytes(op, t, q) <\n         kVectorAccessBytes;",
     "  return familyNarrowVectorWidth(op, t, q) * familyDataElementBytes(op, t, q) <=\n         kVectorAccessBytes;",
     CPU),
    ("abi-staged-kernels-uncapped", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return elementKindSize(t) == 2 && q == ElementKind::U8 ? 1536 : 2048;",
     "  return 0;", CPU),
    ("abi-staged-u8-kernels-at-eight-blocks", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return elementKindSize(t) == 2 && q == ElementKind::U8 ? 1536 : 2048;",
     "  return 2048;", CPU),
    ("abi-grid-blocks-of-256", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  int64_t itemsPerBlock = itemsPerThread * threadsPerBlock;",
     "  int64_t itemsPerBlock = itemsPerThread * 256;", CPU),
    ("gpu-threads-per-block-option-ignored", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "  int threadsPerBlock = threadsPerBlockOption != 0 ? threadsPerBlockOption",
     "  int threadsPerBlock = false && threadsPerBlockOption ? threadsPerBlockOption",
     CPU),
    ("gpu-launch-block-of-256", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "  int64_t threadsPerBlock = (*kernel.getKnownBlockSize())[0];",
     "  int64_t threadsPerBlock = 256;", CPU),
    ("abi-block-divisor-steps-ignore-vectors", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  int vectors = vectorsPerThread > 1 ? vectorsPerThread : 1;",
     "  int vectors = 1;", CPU),
    ("plan-block-divisor-steps-ignored", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "      familyBlockDivisorMinSteps(entry.vectorWidth, vectorsPerThread, perTensor,",
     "      0 * familyBlockDivisorMinSteps(entry.vectorWidth, vectorsPerThread, perTensor,",
     CPU),
    ("runtime-block-size-check-one-sided", "runtime plan",
     "runtime/lib/KernelLibrary.cpp",
     "    if (maxThreads != catalog[id].threadsPerBlock) {",
     "    if (maxThreads > catalog[id].threadsPerBlock) {", CPU),
    ("element-wide-quotient-uncorrected", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "arith::SelectOp::create(b, loc, isZero, q0, q));",
     "arith::SelectOp::create(b, loc, isZero, q, q0));", BOTH),
    ("element-wide-quotient-parameter-vectors", "element builders",
     "lib/Conversion/QuantizeCommon/QuantizeElement.cpp",
     "      computeType.isF32() && !isa<VectorType>(scale.getType())) {",
     "      computeType.isF32()) {", CPU),
    ("gpu-first-step-always-skipped", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "            grid.start);\n        buildGridStrideLoops(pb, l, body, rest,",
     "            arith::AddIOp::create(pb, l, grid.start, step));\n"
     "        buildGridStrideLoops(pb, l, body, rest,", BOTH),
    ("gpu-ring-waits-one-group-late", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "b.getI32IntegerAttr(stages - 2));",
     "b.getI32IntegerAttr(stages - 1));", BOTH),
    ("gpu-ring-refills-the-slot-it-reads", "lowering (GPU)",
     "lib/Conversion/BaracudaToGPU/BaracudaToGPU.cpp",
     "copyItem(b, loc, arith::AddIOp::create(b, loc, item, ahead), previous);",
     "copyItem(b, loc, arith::AddIOp::create(b, loc, item, ahead), slot);",
     GPU),
    ("abi-no-rings", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  bool oneInput = familyDataInputCount(op) == 1;\n  switch",
     "  bool oneInput = familyDataInputCount(op) == 1;\n  return 0;\n  switch",
     CPU),
    ("abi-rings-on-every-device", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  return multiprocessors > 0 &&\n         memoryBytesPerSecond / multiprocessors >=",
     "  return multiprocessors >= 0 ||\n         memoryBytesPerSecond / multiprocessors >=",
     CPU),
    ("plan-ring-variant-on-every-device", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "        (entry.asyncRing && !(module && module->launchesAsyncRings)) ||",
     "        (entry.asyncRing && !module) ||", CPU),
    ("plan-size-class-drops-one-wide-kernel", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "                          plan.kernels_.begin() + wideKernels);",
     "                          plan.kernels_.begin() + 1);", CPU),
    ("abi-wide-kernel-always", "kernel ABI",
     "include/baracuda/Support/KernelAbi.h",
     "  if (familyUsesWideKernel(op, t, q, perTensor))\n    widths.push_back",
     "  if (true)\n    widths.push_back", CPU),
    ("plan-sku-for-ignores-args", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "  sku.variant = kernelCatalog()[kernelFor(operands)].variant;",
     "  (void)operands;", GPU),
    ("plan-gpu-q-min-q-max-swapped", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "static_cast<void *>(&qMin),\n        static_cast<void *>(&qMax),",
     "static_cast<void *>(&qMax),\n        static_cast<void *>(&qMin),",
     BOTH),
    ("plan-gpu-alignment-fallback", "runtime plan",
     "runtime/lib/QuantizeFamilyPlan.cpp",
     "    if (kernel == kernels_.back() ||\n"
     "        isAlignedForWidth(problem_, operands,",
     "    if (kernel == kernels_.back() || true ||\n"
     "        isAlignedForWidth(problem_, operands,", GPU),
    # --- C ABI (runtime/lib/CApi.cpp, QuantizeFamilyCApi.cpp) -------------
    ("capi-error-not-cleared", "C ABI", "runtime/lib/CApi.cpp",
     "    if (status.ok())\n      lastErrorMessage.clear();",
     "    if (status.ok())\n      ;", CPU),
    # --- Test reference (lib/Testing: the judge of every kernel test) -----
    ("reference-zero-point-before-rounding", "reference",
     "lib/Testing/QuantizeReference.cpp",
     "return addZeroPoint(roundHalfToEven(v), zeroPoint);",
     "return addZeroPoint(roundHalfToEven(v + zeroPoint), 0);", CPU),
    ("reference-strict-mask", "reference", "lib/Testing/QuantizeReference.cpp",
     "return qMin <= sum && sum <= qMax;", "return qMin < sum && sum < qMax;",
     CPU),
    ("reference-backward-multiplies-mask", "reference",
     "lib/Testing/QuantizeReference.cpp",
     "zeroPoint, qMin, qMax, input))\n    return +0.0;\n  if (isF64(input))",
     "zeroPoint, qMin, qMax, input))\n    return dy * 0.0;\n  if (isF64(input))",
     CPU),
    ("reference-dequantize-i32-difference", "reference",
     "lib/Testing/QuantizeReference.cpp",
     "int64_t centered = q - static_cast<int64_t>(zeroPoint);",
     "int64_t centered = static_cast<int32_t>(static_cast<uint32_t>(q) - "
     "static_cast<uint32_t>(zeroPoint));", CPU),
    ("reference-dequantize-difference-unrounded", "reference",
     "lib/Testing/QuantizeReference.cpp",
     "multiplyInC(integerInC<float>(centered), static_cast<float>(scale)),",
     "static_cast<float>(double(centered) * scale),", CPU),
    ("reference-f64-in-f32", "reference", "lib/Testing/QuantizeReference.cpp",
     "isF64(input) ? quotient<double>(x, scale) : quotient<float>(x, scale);",
     "quotient<float>(x, scale);", CPU),
    ("reference-mask-sum-wraps", "reference",
     "lib/Testing/QuantizeReference.cpp",
     "return static_cast<int64_t>(r) + static_cast<int64_t>(zeroPoint);",
     "return static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(r))"
     " + static_cast<uint32_t>(zeroPoint));", CPU),
    ("reference-per-channel-axis", "reference",
     "lib/Testing/FamilyReference.cpp",
     "return at[static_cast<size_t>(layout.axis)];",
     "return at[problem.shape.size() - 1];", CPU),
    ("reference-per-tensor-scale-rounded-to-t", "reference",
     "lib/Testing/FamilyReference.cpp",
     "perTensor ? buffers.scalarScale",
     "perTensor ? (t == ElementKind::F16 ? halfToFloat(floatToHalf(float("
     "buffers.scalarScale))) : buffers.scalarScale)", CPU),
    ("reference-dy-bits-not-copied", "reference",
     "lib/Testing/FamilyReference.cpp",
     "copyFloat(buffers.dy, buffers.out, i, t);",
     "storeFloat(buffers.out, i, loadFloat(buffers.dy, i, t), t);", CPU),
]


def run(cmd, cwd, log, timeout=None):
    with open(log, "a") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=out,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            out.write("timed out\n")
            return 124


def apply(scratch, mutant):
    name, _, path, old, new, _ = mutant
    full = os.path.join(scratch, path)
    with open(full) as f:
        text = f.read()
    if text.count(old) != 1:
        raise SystemExit(f"mutant {name}: the text to replace occurs "
                         f"{text.count(old)} times in {path} (want 1)")
    with open(full, "w") as f:
        f.write(text.replace(old, new))


def revert(scratch, mutant):
    subprocess.run(["git", "checkout", "--", mutant[2]], cwd=scratch,
                   check=True)


def build_bundle(scratch, build, log, out):
    """A runtime-only build of the mutated tree (scripts/device_bundle.sh)
    reduced to what scripts/device_mutants.sh runs: the runtime tests and
    the runtime library, stripped (bundles travel to the device)."""
    out = os.path.abspath(out)
    work = out + ".build"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ, BUILD_DIR=build)
    with open(log, "a") as f:
        if subprocess.run([os.path.join(scratch, "scripts/device_bundle.sh"),
                           work], cwd=scratch, env=env, stdout=f,
                          stderr=f).returncode != 0:
            return False
    os.makedirs(os.path.join(out, "bin"))
    os.makedirs(os.path.join(out, "lib"))
    for part in ("bin/BaracudaRuntimeTests", "lib/libbaracuda_runtime.so"):
        shutil.copy2(os.path.join(work, part), os.path.join(out, part))
        subprocess.run(["strip", "--strip-unneeded",
                        os.path.join(out, part)], check=False)
    shutil.rmtree(work, ignore_errors=True)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--exhaustive", action="store_true",
                        help="also run the tests labelled exhaustive")
    # Next to the repository by default: the same directory depth keeps
    # ccache (CCACHE_BASEDIR) hitting for the scratch build.
    parser.add_argument("--scratch", default=None)
    parser.add_argument("--gpu-bundles", default=None)
    parser.add_argument("-j", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    by_name = {m[0]: m for m in MUTANTS}
    unknown = [n for n in (args.only or []) if n not in by_name]
    if unknown:
        raise SystemExit("unknown mutants: " + " ".join(unknown))
    # --only runs the named mutants in the order given.
    mutants = MUTANTS if args.only is None else [by_name[n] for n in args.only]
    if args.list:
        for name, layer, path, _, _, where in mutants:
            print(f"{name:40} {layer:22} {where:5} {path}")
        return 0

    repo = subprocess.run(["git", "rev-parse", "--show-toplevel"],
                          capture_output=True, text=True,
                          check=True).stdout.strip()
    scratch = os.path.abspath(args.scratch or repo + "-mutants")
    log = os.path.join(scratch + ".log")
    if not os.path.isdir(scratch):
        subprocess.run(["git", "worktree", "add", "--detach", scratch, "HEAD"],
                       cwd=repo, check=True)
    else:
        subprocess.run(["git", "checkout", "--detach", "--force",
                        subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo,
                                       capture_output=True, text=True,
                                       check=True).stdout.strip()],
                       cwd=scratch, check=True)
    os.environ.setdefault("CMAKE_CXX_COMPILER_LAUNCHER",
                          "ccache" if shutil.which("ccache") else "")
    build = os.path.join(scratch, "build")
    print(f"scratch worktree {scratch}, log {log}", flush=True)
    if run(["cmake", "-G", "Ninja", "-S", ".", "-B", "build",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DCUDAToolkit_ROOT=" + os.environ.get("CUDA_HOME",
                                                   "/usr/local/cuda")],
           scratch, log) != 0 or run(["ninja", "-C", "build", f"-j{args.j}"],
                                     scratch, log) != 0:
        raise SystemExit(f"the unmutated tree does not build (see {log})")
    ctest = ["ctest", "--test-dir", "build", f"-j{args.j}",
             "--timeout", "900"]
    if not args.exhaustive:
        ctest += ["-LE", "exhaustive"]
    if run(ctest, scratch, log) != 0:
        raise SystemExit(f"the unmutated tree fails its tests (see {log})")
    if args.gpu_bundles and not build_bundle(
            scratch, build, log, os.path.join(args.gpu_bundles, "unmutated")):
        raise SystemExit(f"the unmutated device bundle failed (see {log})")

    results = []
    for mutant in mutants:
        name, layer, path, _, _, where = mutant
        start = time.time()
        apply(scratch, mutant)
        try:
            if run(["ninja", "-C", "build", f"-j{args.j}"], scratch, log):
                verdict = "ERROR (does not build)"
            else:
                if where == GPU:
                    verdict = "GPU-only"
                else:
                    verdict = ("caught" if run(ctest, scratch, log) != 0
                               else "SURVIVED")
                if where != CPU and args.gpu_bundles:
                    ok = build_bundle(scratch, build, log,
                                      os.path.join(args.gpu_bundles, name))
                    verdict += " +bundle" if ok else " +bundle FAILED"
        finally:
            revert(scratch, mutant)
        results.append((name, layer, verdict))
        print(f"{name:40} {layer:22} {verdict:24} "
              f"{time.time() - start:6.0f} s", flush=True)
    # Leave the scratch build matching HEAD again.
    run(["ninja", "-C", "build", f"-j{args.j}"], scratch, log)

    cpu = [r for r in results if r[2].split()[0] in ("caught", "SURVIVED")]
    caught = sum(r[2].startswith("caught") for r in cpu)
    print(f"\nmutation score (CPU suite): {caught}/{len(cpu)} caught"
          + (f" = {100.0 * caught / len(cpu):.0f} %" if cpu else ""))
    survivors = [r[0] for r in cpu if r[2].startswith("SURVIVED")]
    errors = [r[0] for r in results if r[2].startswith("ERROR")]
    gpu_only = [r[0] for r in results if r[2].startswith("GPU-only")]
    if survivors:
        print("survived: " + " ".join(survivors))
    if errors:
        print("did not build: " + " ".join(errors))
    if gpu_only:
        print("GPU-only (run them with scripts/device_mutants.sh): "
              + " ".join(gpu_only))
    return 0 if not survivors and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
