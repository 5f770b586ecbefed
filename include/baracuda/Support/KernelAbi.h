//===- KernelAbi.h - Contract between generated kernels and runtime -------===//
//
// MLIR-free. The conversion passes emit kernels under these names with this
// signature; the runtime looks them up by the same names. Keeping both sides
// on one header is what lets the runtime stay free of MLIR.
//
// The kernels of the quantization family (quantize, dequantize, their
// backward ops and fake_quantize with its backward; docs/Semantics.md) are
// GPU `gpu.func ... kernel`s and CPU `func.func`s with
// `llvm.emit_c_interface`, named by familyKernelName / familyCpuKernelName.
// Their arguments, in order:
//   1. one memref<?xE> per tensor operand of the op, ins then out, in the
//      op's operand order (flattened row-major, contiguous), e.g. for
//      quantize: x (T), scale (T), zero_point (i32), q (i8 storage); a
//      per-tensor kernel ("_per_tensor_" in its name) takes its scale and
//      zero_point by value instead: `C scale` (f64 for f64 T, else f32),
//      `i32 zero_point`;
//   2. i64 num_elements, i64 block, i64 period, i32 q_min, i32 q_max,
//      i32 block_magic, i32 block_shift.
// Element i (of the flattened data) uses parameter p(i) = (i / block) %
// period of the memref parameters; block, period >= 1. q_min / q_max are
// ignored by the ops without a range (pass 0). block_magic / block_shift
// are block's divisor (familyBlockDivisorArgs), by which the vectorized
// GPU kernels' 32-bit loops find a vector's parameter; the other kernels
// (CPU ones included) ignore them.
// Every GPU kernel has variants with the same arguments (familyKernelName):
// the generic one, the vectorized "_v<w>" ones (familyVectorWidthFits) and,
// for memory parameters, the parameter-vector "_pv<w>" one
// (familyParameterVectorWidthFits) and, for some, the wide kernel's ring
// variant "_v<w>_ring" (familyAsyncRingStages) and, for some parameter-vector
// kernels, a 32-bit variant "_pv<w>_i32" (familyHasParameterVectorIndex32).
// Memrefs use MLIR's default calling convention: on the GPU each memref
// expands to (allocated ptr, aligned ptr, offset, size, stride); on the CPU
// the C interface passes a pointer to that descriptor.
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_KERNELABI_H
#define BARACUDA_SUPPORT_KERNELABI_H

#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Support/ElementKind.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace baracuda {

/// Name of the gpu.module holding all generated GPU kernels.
inline constexpr const char *kGpuKernelModuleName = "baracuda_kernels";

/// Bytes one thread moves per vector access in the vectorized GPU kernels.
inline constexpr int kVectorAccessBytes = 16;

/// Vectors a thread of a vectorized GPU kernel handles per loop step (all
/// loaded before any is computed), unless familyVectorsPerThread says
/// otherwise. One: on H100 (docs/performance.md, 2026-11-25) more cost
/// registers, hence occupancy, and won no bandwidth for any input type; on
/// an H200 two or four lost up to 55 % on the family's vectorized kernels
/// (docs/bench/2026-11-26-h200-sweep-output-stores.log).
inline constexpr int kQuantizeVectorsPerThread = 1;

/// Data loads per loop step of the parameter-vector kernels of 16-bit T:
/// their per-lane parameters are prepared once per thread, so a step is
/// one vector load per data input and a multiply-and-correct per element,
/// and several steps in flight hide more of the loads' latency. Four loads:
/// four vectors per step for the ops with one data input, two for those
/// with two (quantize_backward: dy and x), whose registers four vectors
/// exhausted. H200, 8192x8192, per_channel on the last axis, four vectors
/// against one: quantize f16 0.67 -> 0.85 of a copy, dequantize 0.85 ->
/// 0.90; f32 and f64, which divide per element there, lost (quantize f32
/// 0.59 -> 0.35) (docs/bench/2026-11-26-h200-sweep-output-stores.log).
/// H100, quantize_backward with four, two and one vector: f16 0.84, 0.95,
/// 0.94, bf16 0.83, 0.95, 0.93; quantize 0.92, 0.80, 0.77; dequantize 0.92,
/// 0.92, 0.90 (docs/bench/2026-11-26-h100-sweep-pv-vectors-per-thread.log).
/// Since f32/f64 quantize stopped dividing (its rounded quotient takes the
/// reciprocal), two and four vectors were tried for them again and still
/// lost: f32 0.84 -> 0.78, 0.62 of a copy
/// (docs/bench/2026-11-26-h200-sweep-pv-vectors-wide-types.log). Since the
/// kernels of the ops with a range take their data through a ring of
/// asynchronous copies instead (familyParameterVectorAsyncStages), this
/// holds for dequantize and dequantize_backward.
inline constexpr int kParameterVectorLoadsPerStep16 = 4;

/// Data inputs of `op`: its T and 8-bit operands before the output.
inline int familyDataInputCount(FamilyOp op) {
  const std::vector<FamilyOperand> &operands = familyOperands(op);
  int count = 0;
  for (size_t i = 0; i + 1 < operands.size(); ++i)
    count += operands[i].role == OperandRole::Float ||
             operands[i].role == OperandRole::Quantized;
  return count;
}

/// Resident blocks per multiprocessor the vectorized GPU kernels are
/// compiled for (ptxas caps their registers to fit; 0: no cap).
inline constexpr int kQuantizeMinBlocksPerMultiprocessor = 0;

/// Fewest elements a narrow vectorized kernel's vector holds: narrow types
/// fill a 16-byte access with more; f64 takes two accesses per vector, so the
/// per-vector work (scale and zero point loads, the group's parameters) and
/// the output store are shared by four elements (H100: f64 0.91 -> 0.96 of
/// copy on 8192x28672 against two elements per vector).
inline constexpr int kQuantizeMinVectorElements = 4;

/// The wide vectorized kernel's vector holds this many narrow vectors
/// (f16/bf16: 16 elements, f32: 8, f64: 8): one thread's scale and zero-point
/// loads and group parameters serve twice the elements, and the 8-bit output
/// leaves in 16-byte (f16/bf16) or 8-byte stores. H100, 8192x28672, group
/// 128 (docs/performance.md, 2026-11-25): f16 253 -> 240 us, f32 415 -> 391,
/// f64 734 -> 698; four narrow vectors gained nothing more on f16 and f32
/// and lost 13 % on f64 (docs/bench/2026-11-25-h100-sweep-widths.log).
inline constexpr int kQuantizeWideVectorFactor = 2;

/// Bytes per element of the input that sets a family kernel's vector
/// widths: T's, for every op. The widths are a choice per kernel (op, T,
/// q), made here for the compiler and the runtime alike. Widths from
/// dequantize's 8-bit input instead (16 and 32 elements, 16-byte loads of q)
/// were slower on an H200 at 8192x8192: f32 0.21-0.30 of a copy against
/// 0.62-0.69, f16 0.55-0.63 against 0.92-0.94
/// (docs/bench/2026-11-26-h200-family-bench-dequantize-q-widths.log); 8 and
/// 16 for every T were slower too (f32 0.41-0.54, f64 0.15-0.35;
/// docs/bench/2026-11-26-h200-sweep-dequantize-widths.log).
inline int familyVectorElementBytes(FamilyOp /*op*/, ElementKind t,
                                    ElementKind /*q*/) {
  return static_cast<int>(elementKindSize(t));
}

/// Bytes per element of a family kernel's output: q's where the op's output
/// operand is 8-bit (OutQ in its row of QuantizeFamily.def: quantize), T's
/// otherwise.
inline int familyOutputElementBytes(FamilyOp op, ElementKind t, ElementKind q) {
  bool quantized = familyOperands(op).back().role == OperandRole::Quantized;
  return static_cast<int>(elementKindSize(quantized ? q : t));
}

/// The narrow vector width of a family kernel: one 16-byte access of the
/// input familyVectorElementBytes names (f16/bf16: 8, f32: 4, f64: 2),
/// raised to kQuantizeMinVectorElements only where that many outputs still
/// leave in one 16-byte store (quantize f64: 4, a 4-byte store). A thread's
/// output vector is stored whole: four f64 outputs, stored in two 16-byte
/// pieces 32 bytes apart per thread, ran at 0.50 of a copy for dequantize
/// f64 against 0.85 for two (H200, 8192x8192, per_tensor; dequantize_backward
/// 0.77 -> 0.95, fake_quantize 0.89 -> 0.96, quantize_backward 0.93 -> 0.98;
/// docs/bench/2026-11-26-h200-sweep-output-stores.log).
inline int familyNarrowVectorWidth(FamilyOp op, ElementKind t, ElementKind q) {
  int perAccess = kVectorAccessBytes / familyVectorElementBytes(op, t, q);
  bool minimumFitsOneStore = kQuantizeMinVectorElements *
                                 familyOutputElementBytes(op, t, q) <=
                             kVectorAccessBytes;
  return perAccess < kQuantizeMinVectorElements && minimumFitsOneStore
             ? kQuantizeMinVectorElements
             : perAccess;
}

/// The wide vector width of a family kernel (kQuantizeWideVectorFactor
/// narrow vectors).
inline int familyWideVectorWidth(FamilyOp op, ElementKind t, ElementKind q) {
  return kQuantizeWideVectorFactor * familyNarrowVectorWidth(op, t, q);
}

/// The width of the parameter-vector kernel of a family op: the narrow
/// kernel's (its vector is one 16-byte access of T, two for quantize f64).
inline int familyParameterVectorWidth(FamilyOp op, ElementKind t,
                                      ElementKind q) {
  return familyNarrowVectorWidth(op, t, q);
}

/// Whether every data input's vector of `width` elements of a kernel of
/// `op` is a whole number of asynchronous copies (4, 8 or a multiple of 16
/// bytes).
inline bool familyVectorIsWholeCopies(FamilyOp op, ElementKind t, ElementKind q,
                                      int width) {
  const std::vector<FamilyOperand> &operands = familyOperands(op);
  for (size_t i = 0; i + 1 < operands.size(); ++i) {
    if (operands[i].role != OperandRole::Float &&
        operands[i].role != OperandRole::Quantized)
      continue;
    int bytes = width * static_cast<int>(elementKindSize(
                            operands[i].role == OperandRole::Float ? t : q));
    if (bytes != 4 && bytes != 8 && bytes % kVectorAccessBytes != 0)
      return false;
  }
  return true;
}

/// The slots of the per-thread ring in workgroup memory through which the
/// data of `op`'s parameter-vector kernel arrive by asynchronous copies
/// (cp.async; the kernel computes one item while the next stages - 1 are in
/// flight); 0: the kernel loads its data into registers, several vectors
/// per step (familyVectorsPerThread).
///
/// Only the ops with a range (quantize, fake_quantize and their backward
/// ops) take the ring. Their threads prepare a reciprocal per lane and then
/// run one wave (familyMaxWaves) on 47-118 registers, two to five blocks
/// per SM, so the loads a step of registers holds were all a
/// multiprocessor kept in flight; copies into the ring are in flight
/// without registers (the kernels fell to 48-93). H200, 8192x8192, s8,
/// per_channel on the last axis, two runs each in one call, registers
/// against a ring of 2, 3, 4 slots
/// (docs/bench/2026-11-27-h200-sweep-pv-async-stages.log):
///   quantize f16 / bf16     0.83-0.85 -> 0.73, 0.83-0.86, 0.91-0.93
///   quantize f32            0.84      -> 0.76, 0.93,      0.91
///   quantize f64            0.94      -> 0.60, 0.72,      0.95
///   quantize_backward f16/bf16 0.87-0.89 -> 0.80-0.81, 0.95-0.96, 0.93-0.94
///   quantize_backward f32   0.95      -> 0.97-0.98, 0.95-0.96, 0.93-0.94
///   quantize_backward f64   0.98      -> 0.98, 0.97, 0.95-0.96
/// hence the slots by T's size and data inputs below: the best of each row,
/// fitted to these rows (8 slots lost for quantize f16: 0.88). dequantize
/// and dequantize_backward, which only load their parameters and run 16
/// waves, lost with a ring (dequantize f16 0.90-0.91 -> 0.87-0.90, f32 0.93
/// -> 0.92-0.93) and keep registers. A vector that is not a whole number of
/// copies (4, 8 or multiples of 16 bytes) has no ring.
inline int familyParameterVectorAsyncStages(FamilyOp op, ElementKind t,
                                            ElementKind q) {
  if (!familyOpHasRange(op) ||
      !familyVectorIsWholeCopies(op, t, q,
                                 familyParameterVectorWidth(op, t, q)))
    return 0;
  bool oneInput = familyDataInputCount(op) == 1;
  switch (elementKindSize(t)) {
  case 2:
    return oneInput ? 4 : 3;
  case 4:
    return oneInput ? 3 : 2;
  default:
    return oneInput ? 4 : 2;
  }
}

/// quantize_per_group's narrow vector width for input `in` (quantize's:
/// f16/bf16: 8, f32: 4, f64: 4; the same for s8 and u8).
inline int quantizePerGroupVectorWidth(ElementKind in) {
  return familyNarrowVectorWidth(FamilyOp::Quantize, in, ElementKind::S8);
}

/// quantize_per_group's wide vector width (f16/bf16: 16, f32: 8, f64: 8).
inline int quantizePerGroupWideVectorWidth(ElementKind in) {
  return familyWideVectorWidth(FamilyOp::Quantize, in, ElementKind::S8);
}

/// Bytes per element of a family kernel's first data input: q's where it is
/// 8-bit (DataQ in the op's row of QuantizeFamily.def: dequantize), T's
/// otherwise.
inline int familyDataElementBytes(FamilyOp op, ElementKind t, ElementKind q) {
  bool quantized = familyOperands(op).front().role == OperandRole::Quantized;
  return static_cast<int>(elementKindSize(quantized ? q : t));
}

/// Most bytes of data a narrow vector of a kernel with parameters in memory
/// may read for the kernel to take kFewDataBytesVectorsPerStep vectors per
/// step (familyVectorsPerThread).
inline constexpr int kFewDataBytesPerVector = 4;

/// Vectors per loop step of the narrow kernels with parameters in memory
/// (not the parameter-vector ones) whose vector reads at most
/// kFewDataBytesPerVector bytes of data: dequantize of f32 (4 bytes of q for
/// a 16-byte store) and f64 (2 bytes). One vector per step leaves a thread
/// a few bytes of loads in flight per 16 bytes it stores; two, in block
/// tiles (the kernel skeleton's layout for these kernels), lift them. H200,
/// 8192x8192, s8 and u8, two runs each in one call, one vector against two
/// (docs/bench/2026-11-27-h200-sweep-dequantize-block-tiles.log): f32
/// per_channel_first, per_token, per_group 0.91-0.92 -> 0.93-0.95 of a copy,
/// f64 0.89-0.90 -> 0.90-0.91; four lost to two (f32 0.92-0.94). Not taken:
/// two for 16-bit dequantize on the narrow kernel (level with the wide
/// kernel, 0.89-0.96), for the per-tensor kernels (dequantize f32 0.96 ->
/// 0.95, one tile per block already), and for every other op's kernels with
/// parameters in memory, which read a vector of T per vector (quantize f32
/// 0.97 -> 0.91, f16 0.91 -> 0.84, quantize_backward f16 0.97 -> 0.91,
/// dequantize_backward f64 0.98 -> 0.95; the same log). Their wide kernels,
/// whose vector is two narrow ones and whose stores are staged through
/// shared memory (familyStagesWideStores), take one: one tile per block
/// where the grid allows. H200, against two, three runs each in one call,
/// per_channel_first, per_token and per_group, s8 and u8, 8192x8192: f32
/// 0.94-0.95 -> 0.95-0.97 of a copy, f64 0.92-0.93 -> 0.93-0.94, every row
/// ahead; 4096x14336 and 8192x11008, s8: per_group f32 +0.01-0.02, f64 0.92
/// -> 0.95, the others level
/// (docs/bench/2026-11-29-h200-ab-dequantize-one-wide-vector-per-step.log).
inline constexpr int kFewDataBytesVectorsPerStep = 2;

/// Whether a narrow vector of `op`'s kernels on T = `t`, q = `q` reads at
/// most kFewDataBytesPerVector bytes of data (dequantize of f32 and f64: 4
/// and 2 bytes of q for a 16-byte store).
inline bool familyVectorReadsFewDataBytes(FamilyOp op, ElementKind t,
                                          ElementKind q) {
  return familyNarrowVectorWidth(op, t, q) * familyDataElementBytes(op, t, q) <=
         kFewDataBytesPerVector;
}

/// Vectors a thread of a family GPU kernel of `op` (input type T,
/// quantized type q; `perTensor`: parameters by value; `parameterVectors`:
/// the parameter-vector variant; `vectorWidth`: its elements per vector)
/// handles per loop step: the compiler's kernels and the runtime's grids
/// follow it.
inline int familyVectorsPerThread(FamilyOp op, ElementKind t, ElementKind q,
                                  bool perTensor, bool parameterVectors,
                                  int vectorWidth) {
  if (parameterVectors && familyParameterVectorAsyncStages(op, t, q) > 0)
    return 1; // the ring keeps the loads in flight
  if (parameterVectors)
    return elementKindSize(t) == 2
               ? std::max(1, kParameterVectorLoadsPerStep16 /
                                 familyDataInputCount(op))
               : kQuantizeVectorsPerThread;
  if (!perTensor && familyVectorReadsFewDataBytes(op, t, q) &&
      vectorWidth == familyNarrowVectorWidth(op, t, q))
    return kFewDataBytesVectorsPerStep;
  return kQuantizeVectorsPerThread;
}

/// Whether the wide kernel of a family op stages its output through shared
/// memory: where a thread's wide vector exceeds one 16-byte access, the
/// thread writes its narrow pieces to workgroup memory and, after a warp
/// barrier, each warp stores the pieces its lanes wrote in coalesced 16-byte
/// accesses, lane l the narrow vectors l, l + 32, ... of the warp's part of
/// the tile (Triton's shape for dequantize,
/// docs/bench/2026-11-27-h200-ncu-dequantize-vs-triton.log). Stored from
/// registers in two to four pieces, such outputs ran slower than the narrow
/// kernel on every op but 16-bit dequantize
/// (docs/bench/2026-11-26-h200-sweep-wide-outputs.log).
inline bool familyStagesWideStores(FamilyOp op, ElementKind t, ElementKind q) {
  return familyWideVectorWidth(op, t, q) * familyOutputElementBytes(op, t, q) >
         kVectorAccessBytes;
}

/// Resident threads per multiprocessor a staged wide kernel
/// (familyStagesWideStores) is compiled for (nvvm.minctasm: this over the
/// op's threads per block, so ptxas caps its registers to fit). Its warps
/// wait on their loads and then on a warp barrier around the shared-memory
/// stage, so the multiprocessor needs many of them resident: all 2048
/// (eight blocks of 256, 32 registers a thread) where ptxas fits the kernel
/// in 32 registers without spilling, 1536 (six blocks, 40 registers) for
/// the 16-bit kernels from u8, which take 34 to 39 and at 32 spilled a
/// pointer in their loop. H200, 8192x8192 and 4096x14336, dequantize
/// per_channel_first, per_token and per_group, three runs each
/// (docs/bench/2026-11-29-h200-ab-warp-staging.log): the 16-bit u8 kernels
/// with warp barriers at eight blocks 0.94-0.97 -> 0.83-0.89 of a copy, at
/// six 0.94-0.97; the 16-bit s8 kernels at six 0.01-0.03 below eight; every
/// kernel with no cap (ptxas: 30 to 48 registers) level or lower.
inline int familyStagedMinThreadsPerMultiprocessor(FamilyOp op, ElementKind t,
                                                   ElementKind q) {
  (void)op;
  return elementKindSize(t) == 2 && q == ElementKind::U8 ? 1536 : 2048;
}

/// Whether a family kernel (`perTensor`: its parameters come by value) has
/// a wide vectorized variant, by how a thread stores a wide vector:
///  - in one 16-byte access (quantize's 8-bit output): always; its
///    per-vector work, the conversions and the reciprocal path, pays for
///    the wider vectors;
///  - staged (familyStagesWideStores): only where the narrow kernel reads
///    less than a 16-byte access of data, loading its parameters per vector
///    (dequantize with parameters in memory: 8 bytes of q per narrow vector
///    of 16-bit T, 4 of f32, 2 of f64) or reading at most
///    kFewDataBytesPerVector (per-tensor dequantize of f32 and f64). Every
///    other such kernel reads a 16-byte vector of T per narrow vector and
///    stores faster narrow.
/// H200, 8192x8192, s8/u8, two runs each in one call, unstaged against
/// staged (docs/bench/2026-11-27-h200-sweep-staged-stores.log): dequantize
/// with parameters in memory f16/bf16 s8 0.92-0.95 -> 0.95-0.98 of a copy,
/// u8 0.90-0.93 -> 0.93-0.95, f32 per_group 0.93-0.94 -> 0.95-0.96 (the
/// other f32 layouts level or +0.01), f64 0.90-0.91 -> 0.90-0.91; a staged
/// f32 per-tensor kernel lost then (0.96 -> 0.95). Since the staged kernels
/// take one tile per block and synchronize per warp, per-tensor staged
/// against narrow, three runs each in one call, s8 and u8 (H200,
/// docs/bench/2026-11-29-h200-ab-per-tensor-staged-and-f16-residual-min.log):
/// 8192x8192 f32 0.94-0.95 -> 0.95-0.96 of a copy, f64 0.93 -> 0.94-0.95,
/// 4096x14336 f32 level, f64 level to +0.01; 16-bit level (0.96-0.99 both),
/// so those keep the narrow kernel alone; a second A/B on another lease, f32
/// +0.00-0.01, f64 +0.01 (same log). Narrow against an unstaged wide
/// kernel (docs/bench/2026-11-27-h200-sweep-wide-16-bit.log):
/// dequantize_backward f16/bf16 0.92-0.94 -> 0.97-1.01 of a copy,
/// quantize_backward per channel/token/group 0.92-0.94 -> 0.95-0.97,
/// dequantize per_tensor 0.94-0.95 -> 0.97-0.99, fake_quantize_backward f16
/// 0.94 -> 1.00-1.01, fake_quantize f16 0.95 -> 0.98; fake_quantize bf16
/// per_tensor lost (0.98 -> 0.92), a cost the rule accepts: nothing in the
/// op's row sets it apart from fake_quantize f16, which gained. Where this
/// is false neither the compiler's host code nor the runtime launches the
/// wide kernel, and the kernel library does not contain it.
inline bool familyUsesWideKernel(FamilyOp op, ElementKind t, ElementKind q,
                                 bool perTensor) {
  if (!familyStagesWideStores(op, t, q))
    return true;
  if (perTensor)
    return familyVectorReadsFewDataBytes(op, t, q);
  return familyNarrowVectorWidth(op, t, q) * familyDataElementBytes(op, t, q) <
         kVectorAccessBytes;
}

/// The widths of a family kernel's vectorized GPU variants, wide before
/// narrow: the wide one only where familyUsesWideKernel. The compiler emits
/// and launches exactly these, and the runtime's catalog lists exactly
/// these (besides the parameter-vector variant, of the narrow width).
inline std::vector<int> familyVectorWidths(FamilyOp op, ElementKind t,
                                           ElementKind q, bool perTensor) {
  std::vector<int> widths;
  if (familyUsesWideKernel(op, t, q, perTensor))
    widths.push_back(familyWideVectorWidth(op, t, q));
  widths.push_back(familyNarrowVectorWidth(op, t, q));
  return widths;
}

/// The ring variant of the wide kernel with parameters in memory
/// (familyKernelName's "_ring"): the same kernel, its data arriving through
/// a ring of this many slots per thread in workgroup memory by asynchronous
/// copies (cp.async) instead of registers, one wave (familyMaxWaves). 0: the
/// kernel has no such variant. The runtime launches it instead of the
/// register kernel on GPUs whose memory outruns what registers keep in
/// flight (familyPrefersAsyncRings); the compiler's host code launches the
/// register kernel.
///
/// The kernels of the ops with a range and one data input (quantize,
/// fake_quantize) of 16-bit T: their wide kernel loads two 16-byte vectors
/// per step into registers at 46, five blocks per SM, and ran at 0.89-0.92
/// of a copy on an H200 against 0.97-0.99 on an H100, the same sm_90 code.
/// Two slots, one wave, H200, 8192x8192, s8, two runs each in one call
/// (docs/bench/2026-11-27-h200-sweep-memory-parameter-rings.log): quantize
/// f16/bf16 per_channel_first, per_token 0.89-0.92 -> 0.94-0.96 (three
/// slots 0.89-0.91, three with four waves 0.85-0.87), per_group level
/// (0.89-0.90 -> 0.88-0.91); on an H100 the same rows fell 0.97-0.98 ->
/// 0.93-0.95. Every other op and type lost on the H200 with every ring
/// (quantize_backward 16-bit 0.96-0.98 -> 0.88-0.95, quantize f32 0.98-0.99
/// -> 0.93-0.96, f64 1.00 -> 0.85-0.90).
inline constexpr int kMemoryParameterAsyncStages16 = 2;

inline int familyAsyncRingStages(FamilyOp op, ElementKind t, ElementKind q) {
  int wide = familyWideVectorWidth(op, t, q);
  if (!familyOpHasRange(op) || familyDataInputCount(op) != 1 ||
      elementKindSize(t) != 2 ||
      !familyUsesWideKernel(op, t, q, /*perTensor=*/false) ||
      !familyVectorIsWholeCopies(op, t, q, wide))
    return 0;
  return kMemoryParameterAsyncStages16;
}

/// Resident threads per multiprocessor a ring variant
/// (familyAsyncRingStages) is compiled for (nvvm.minctasm: this over the
/// op's threads per block, so ptxas caps its registers to fit): five blocks
/// of 256, 48 registers a thread, what ptxas gave quantize's ring kernels
/// on its own until their saturating path (QuantizeElement.h) took them to
/// 52, four blocks. H200, 8192x8192, s8/u8, three runs each, against the
/// kernels without that path
/// (docs/bench/2026-11-30-h200-ab-saturating-path.log): at 52 registers
/// quantize f16/bf16 per_group 0.91-0.94 -> 0.89-0.91 of a copy, at 48 (no
/// spills) 0.91-0.94 -> 0.94-0.97, per_token and per_channel_first
/// +0.00-0.02.
inline int familyRingMinThreadsPerMultiprocessor(FamilyOp op, ElementKind t,
                                                 ElementKind q) {
  (void)op;
  (void)t;
  (void)q;
  return 1280;
}

/// DRAM bandwidth per multiprocessor, in bytes per second, from which a GPU
/// has fast memory for the family's kernels (familyHasFastMemory): between
/// the H100 SXM's (3.35 TB/s over 132 SMs, 25 GB/s) and the H200's (4.8 TB/s
/// over 132, 36 GB/s), the same sm_90 multiprocessors. On the H200 the
/// kernels that compute per element (16-bit quantize) issue too little to
/// keep its memory busy: the ring variants won there and lost on the H100
/// (familyAsyncRingStages), and the per-tensor kernels of the ops with a
/// range and the kernels with parameters in memory lost one step per thread
/// there and won it on the H100 (familyMaxWaves).
inline constexpr double kFastMemoryMinBytesPerSecondPerMultiprocessor = 30e9;

/// Whether a GPU of `memoryBytesPerSecond` DRAM bandwidth (peak: memory
/// clock x 2 x bus width) and `multiprocessors` SMs has fast memory per
/// multiprocessor (kFastMemoryMinBytesPerSecondPerMultiprocessor).
inline bool familyHasFastMemory(double memoryBytesPerSecond,
                                int multiprocessors) {
  return multiprocessors > 0 &&
         memoryBytesPerSecond / multiprocessors >=
             kFastMemoryMinBytesPerSecondPerMultiprocessor;
}

/// Whether such a GPU runs the ring variants: where it has fast memory.
inline bool familyPrefersAsyncRings(double memoryBytesPerSecond,
                                    int multiprocessors) {
  return familyHasFastMemory(memoryBytesPerSecond, multiprocessors);
}

/// Whether a kernel with `vectorWidth`-element vectors and memory
/// parameters may run a problem with this block (elements per parameter):
/// 1 (the generic kernel) always; a vectorized kernel when the block is a
/// multiple of the width (no vector straddles two parameters; the kernel
/// finds a vector's parameter by familyBlockDivisor in its 32-bit loops and
/// by a shift in its 64-bit ones, which take powers of two only:
/// familyBlockNeedsIndex32). Until 2026-11-29 only power-of-two
/// blocks took the vectorized kernels, and per_token on the hidden sizes
/// of most LLMs (5120, 11008, 14336) ran the element-by-element one.
/// Per-tensor kernels load no parameters and fit any block.
constexpr bool familyVectorWidthFits(int vectorWidth, int64_t block) {
  if (vectorWidth == 1)
    return true;
  return block > 0 && block % vectorWidth == 0;
}

/// An unsigned division by a block of at least 2 and below 2^31 as a
/// multiply-high and a shift, exact for every index below 2^31 (the
/// kernels' 32-bit loops stay below kIndex32Limit):
/// index / block = mulhi(index, magic) >> shift, with l = ceil(log2 block),
/// magic = ceil(2^(31 + l) / block) (below 2^32) and shift = l - 1. Exact
/// because 2^(31 + l) <= magic * block < 2^(31 + l) + 2^l (Granlund and
/// Montgomery, "Division by invariant integers using multiplication",
/// PLDI 1994, theorem 4.2 with N = 31). A power of two gives magic 2^31.
/// The caller of a kernel passes it (familyBlockDivisorArgs); KernelAbiTest
/// checks it against the division.
struct FamilyBlockDivisor {
  uint32_t magic;
  int shift;
};

constexpr FamilyBlockDivisor familyBlockDivisor(int64_t block) {
  int ceilLog2 = 0;
  while ((int64_t{1} << ceilLog2) < block)
    ++ceilLog2;
  uint64_t dividend = uint64_t{1} << (31 + ceilLog2);
  uint64_t magic = (dividend + static_cast<uint64_t>(block) - 1) /
                   static_cast<uint64_t>(block);
  return {static_cast<uint32_t>(magic), ceilLog2 - 1};
}

constexpr uint32_t familyDivideByBlock(uint32_t index,
                                       FamilyBlockDivisor divisor) {
  return static_cast<uint32_t>((uint64_t{index} * divisor.magic) >> 32) >>
         divisor.shift;
}

/// Whether a parameter-vector kernel ("_pv<width>": each element its own
/// parameter, loaded `vectorWidth` at a time) may run a problem: block 1
/// (per_channel on the last axis, per_token with d = 1, groups of 1) and a
/// period and size that are multiples of the width, so that the parameters
/// of a vector are contiguous and never wrap past the period.
constexpr bool familyParameterVectorWidthFits(int vectorWidth, int64_t block,
                                              int64_t period,
                                              int64_t numElements) {
  return vectorWidth > 1 && block == 1 && period % vectorWidth == 0 &&
         numElements % vectorWidth == 0;
}

/// Bound on every size a kernel's 32-bit index loops see: num_elements,
/// block, period and the grid's stride in elements, each below 2^30, so an
/// index plus a few grid strides stays below 2^31 and the loops' signed
/// compares never wrap. The kernels with both loops pick by it per thread;
/// the runtime picks a 32-bit variant by it (familyFitsIndex32).
inline constexpr int64_t kIndex32Limit = (int64_t{1} << 30) - 1;

/// The block_magic and block_shift arguments of a kernel launch for
/// `block`: familyBlockDivisor where the 32-bit loops may run this block (2
/// to kIndex32Limit), else 0 and 0, which no kernel reads (block 1 runs the
/// parameter-vector or generic kernel; a larger one, the 64-bit loops).
/// Computed once per launch by the runtime and by the compiler's host code
/// (buildFamilyKernelOperands) rather than by every thread: the 64-bit
/// division of a block that is no power of two, per thread, cost the
/// kernels with parameters in memory 0.01-0.02 of a copy on an H200
/// (4096x14336; docs/performance.md, 2026-11-29).
constexpr FamilyBlockDivisor familyBlockDivisorArgs(int64_t block) {
  if (block < 2 || block > kIndex32Limit)
    return {0, 0};
  return familyBlockDivisor(block);
}

/// Whether a launch of `strideElements` elements per grid step over
/// `numElements` with this block and period fits the 32-bit loops
/// (kIndex32Limit; every size is non-negative). The compiler's kernels
/// compute the same predicate on the device (buildFitsIndex32).
constexpr bool familyFitsIndex32(int64_t numElements, int64_t block,
                                 int64_t period, int64_t strideElements) {
  return numElements >= 0 && block >= 0 && period >= 0 &&
         strideElements >= 0 &&
         (numElements | block | period | strideElements) <= kIndex32Limit;
}

/// Whether a vectorized kernel with parameters in memory (not a
/// parameter-vector one) runs `block` only in its 32-bit loops: a block
/// that is no power of two. Its 32-bit loops divide by any block
/// (familyBlockDivisor); its 64-bit ones shift and skip any other block,
/// writing nothing (a division there, even behind a uniform branch, cost
/// the staged kernels their registers: 8-76 bytes of spills in ptxas). The
/// runtime and the compiler's host code launch it for such a block only
/// where the launch fits (familyFitsIndex32), the generic kernel beyond.
constexpr bool familyBlockNeedsIndex32(int64_t block) {
  return !(block > 0 && (block & (block - 1)) == 0);
}

/// Whether the parameter-vector kernel of `op` on T = `t` has a 32-bit
/// variant ("_pv<w>_i32", familyKernelName): its loops count in i32 only,
/// and it writes nothing unless the launch fits (familyFitsIndex32), which
/// the runtime checks before it picks it. The parameter-vector kernels do
/// not hold both loops as the others do (buildFamilyKernelBody): both cost
/// the 16-bit dequantize ones 17 registers in ptxas (80 -> 97, three blocks
/// per SM -> two) and 1.5-4.5 % on an H200; a kernel of its own has the
/// 32-bit loops' gain without that cost, and fewer registers than the
/// 64-bit one (ptxas, sm_90: 16-bit dequantize 80/97 -> 64/62, four blocks
/// per SM; quantize f32 58 -> 48, quantize_backward 16-bit 95 -> 80).
/// Every op without a range and every T of 4 or 8 bytes has one; the 16-bit
/// kernels of the ops with a range, which run one wave through their ring
/// (familyMaxWaves), lost with it: the fewer registers put more blocks in
/// that wave (quantize_backward 2 -> 3 per SM). H200, 8192x8192,
/// per_channel on the last axis, s8 and u8, two runs each in one call,
/// 64-bit kernel against the 32-bit variant
/// (docs/bench/2026-11-28-h200-ab-parameter-vectors-index32.log):
/// dequantize f16/bf16 0.87-0.92 -> 0.93-0.95 of a copy, f32 0.93-0.94 ->
/// 0.94, quantize f32 0.92-0.93 -> 0.94, f64 0.94-0.95 -> 0.95-0.96,
/// quantize_backward f32 +0.005, dequantize f64 and dequantize_backward
/// level; quantize_backward f16/bf16 0.95-0.96 -> 0.93-0.94, quantize
/// f16/bf16 level to -0.01.
inline bool familyHasParameterVectorIndex32(FamilyOp op, ElementKind t,
                                            ElementKind /*q*/) {
  return !familyOpHasRange(op) || elementKindSize(t) > 2;
}

/// Threads resident at once on the machine that host code compiled without
/// a device assumes (the compiler's own launches): an H100 SXM's, 132
/// multiprocessors of 2048 threads. The runtime asks the device instead.
inline constexpr int64_t kQuantizeAssumedThreadsPerWave = int64_t{132} * 2048;

/// The size class of a problem: whether the wide kernel, rather than the
/// narrow one, should run `numElements` on a machine holding
/// `threadsPerWave` of its threads at once. Only when its threads fill at
/// least one wave: below that, the narrow kernel's twice as many threads
/// keep more loads in flight (H100, kernel time, 16x4096: f64 2.30 vs
/// 2.72 us, f32 2.11 vs 2.27, f16 1.95 vs 2.02; 2048x4096, a few waves of
/// the wide kernel: wide faster for every type;
/// docs/bench/2026-11-25-h100-sweep-small-shapes.log).
constexpr bool quantizePerGroupPrefersWideVectors(int64_t numElements,
                                                  int wideVectorWidth,
                                                  int64_t threadsPerWave) {
  return numElements / wideVectorWidth >= threadsPerWave;
}

/// Largest grid (blocks in x) the runtime launches; the kernels' grid-stride
/// loops cover any excess.
inline constexpr int64_t kQuantizeMaxGridBlocks = (int64_t{1} << 31) - 1;

/// A parameter-vector kernel prepares its parameters once per thread, out
/// of its loop, where the grid's stride in elements is a multiple of the
/// period (every step of a thread then meets the same parameters); it
/// computes them per vector otherwise. The grid for that: `blocks` of
/// `threadsPerBlock` threads rounded up to the next multiple that makes the
/// stride a multiple of the period, or left as it is where that would more
/// than double it (or pass kQuantizeMaxGridBlocks). H200,
/// per_channel on the last axis of 8192x8192: docs/performance.md.
///
/// Where the multiple above passes `maxBlocks` (the waves the kernel may
/// take, familyWaveBlocks), the grid is rounded down instead, to the
/// multiple below, where there is one: the blocks past the last wave would
/// run after it, nearly alone, for as long as the others ran. The one-wave
/// kernels of the ops with a range on an H200, per_channel on the last
/// axis, two runs each in one call, rounded up against down
/// (docs/bench/2026-11-29-h200-ab-parameter-vector-grid-within-waves.log):
/// 16384x16384 quantize f16 (396 blocks: 400 against 392) 0.77 -> 0.96 of a
/// copy, f32 0.77 -> 0.98, quantize_backward f64 0.73 -> 0.98; 8192x11008
/// and 4096x28672 quantize 0.69-0.91 -> 0.93-0.98, quantize_backward
/// 0.63-0.78 -> 0.97-0.99.
constexpr int64_t familyParameterVectorGridBlocks(
    int64_t blocks, int64_t threadsPerBlock, int vectorWidth, int64_t period,
    int64_t maxBlocks = kQuantizeMaxGridBlocks) {
  int64_t stride = threadsPerBlock * vectorWidth;
  int64_t a = period, b = stride; // gcd(period, stride)
  while (b != 0) {
    int64_t r = a % b;
    a = b;
    b = r;
  }
  int64_t multiple = period / a; // blocks must be a multiple of this
  int64_t rounded = (blocks + multiple - 1) / multiple * multiple;
  int64_t below = blocks / multiple * multiple;
  if (rounded > maxBlocks && below > 0)
    return below;
  return rounded <= 2 * blocks && rounded <= kQuantizeMaxGridBlocks ? rounded
                                                                    : blocks;
}

/// Waves of blocks (blocks resident at once on the whole machine) the runtime
/// launches a family kernel with at most (familyMaxWaves). Kernel time on
/// 8192x28672 / 8192x8192, group 128, with grids of 1 to 32 waves and one
/// thread per vector (docs/bench/*-sweep-grid-*.log): one wave costs the wide
/// kernel 4-5 % on the H100, one thread per vector costs it 6-14 % on the
/// H200 for f16 and f64; 16 waves is within 2 % of the best grid of every
/// swept row on both but H200 f16 8192x8192 (3.6 %), the best on several
/// (more waves gain ~1 % on the H100 and lose up to 8 % on the H200). The
/// narrow kernels, once run with one wave, are as fast or faster with 16 on
/// every op and type (H200, 8192x8192: f32 dequantize 0.87 -> 0.94 of a
/// copy, f64 0.84 -> 0.90, f32/f64 dequantize_backward 0.94-0.96 ->
/// 0.97-0.99; docs/bench/2026-11-26-h200-sweep-output-stores.log); one
/// thread per vector lost up to 10 % there.
inline constexpr int64_t kQuantizeMaxWaves = 16;

/// Whether the element function of `op` divides by the scale, per element:
/// quantize_backward, whose result dy / s needs every bit of the quotient
/// (docs/Semantics.md), the one op with a range, two data inputs and a
/// result that does not select one of them (familyResultSelectsData).
inline bool familyDividesPerElement(FamilyOp op) {
  return familyOpHasRange(op) && familyDataInputCount(op) == 2 &&
         !familyResultSelectsData(op);
}

/// The most waves of the kernels that divide per element
/// (familyDividesPerElement) on T of 4 or 8 bytes, per tensor and with
/// parameters in memory (not the parameter-vector ones), on a GPU with fast
/// memory (familyMaxWaves): 64, two or three steps per thread at 8192x8192
/// where 16 waves gave five (f32) or eleven (f64). H200, 8192x8192, two
/// runs each in one call, 16 waves against 64
/// (docs/bench/2026-11-28-h200-ab-waves-index32.log): quantize_backward
/// f32 0.99-1.00 -> 1.01-1.02 of a copy, f64 0.99-1.00 -> 1.01-1.02
/// (per_tensor, per_channel_first, per_token, per_group); the 16-bit ones,
/// with twice the elements per vector, lost (0.98-0.99 -> 0.90-0.92). The
/// same with two and three steps per thread, next lease
/// (docs/bench/2026-11-28-h200-ab-steps-per-thread.log): f32 0.99-1.00 ->
/// 1.01-1.02 and 1.00-1.01, f64 0.99-1.00 -> 1.00-1.02 and 1.00-1.02;
/// quantize, fake_quantize and its backward level or lost.
inline constexpr int64_t kDividingWideTypeWaves = 64;

/// familyMaxWaves' answer for "no limit": as many blocks as the problem
/// has tiles of one block's work, up to
/// kQuantizeMaxGridBlocks (Triton's grid: one step per thread).
inline constexpr int64_t kQuantizeUnlimitedWaves =
    std::numeric_limits<int64_t>::max();

/// Fewest resident threads per multiprocessor (of all its resident blocks)
/// at which a parameter-vector kernel of an op without a range gets more
/// than one wave (familyMaxWaves) on a GPU with fast memory: fitted with
/// blocks of 256 threads, four of them.
inline constexpr int kParameterVectorWavesMinResidentThreads = 4 * 256;

/// The same on a GPU without fast memory, where such a kernel gets one tile
/// per block (kQuantizeUnlimitedWaves) rather than one wave: each thread
/// then has one step's loads in flight, which two blocks of 256 threads per
/// SM (ptxas gives the 16-bit u8 dequantize kernels 97 registers) do not
/// cover, three do (familyMaxWaves).
inline constexpr int kParameterVectorOneTileMinResidentThreads = 3 * 256;

/// Loop steps a thread of a parameter-vector kernel whose vector reads a
/// few bytes of data (familyVectorReadsFewDataBytes: dequantize f32 and f64,
/// 4 and 2 bytes of q per 16-byte store) takes at least on a GPU with fast
/// memory (familyMinStepsPerThread): its one load of q per step leaves a
/// thread little in flight, and a few steps overlap it with the stores
/// before. H200, 8192x8192, per_channel on the last axis, s8, two runs each
/// in one call, one to eight steps per thread against 16 waves (~4 steps
/// for f32, ~8 for f64 at this size)
/// (docs/bench/2026-11-28-h200-ab-dequantize-steps-per-thread.log): f32
/// 0.88 of a copy at one step, 0.93 at two to four (16 waves: 0.93), 0.90-0.91
/// at eight; f64 0.84-0.85 at one, 0.91 at two, 0.91-0.92 at three, 0.91 at
/// four, 0.89 at eight (16 waves: 0.89). Every other kernel of the ops
/// without a range was best or level at one step (one tile per block) in
/// the same call.
inline constexpr int kFewDataBytesParameterVectorSteps = 3;

/// The most waves familyGridBlocks gives a kernel of `op` on T = `t` and
/// q = `q` (`perTensor`: its parameters come by value; `parameterVectors`:
/// its parameter-vector variant, whose resident blocks on an SM hold
/// `residentThreadsPerMultiprocessor` threads; `asyncRing`: its ring variant,
/// familyAsyncRingStages) on a GPU with or without `fastMemory`
/// (familyHasFastMemory), by what a thread prepares before its first step:
///  - the parameter-vector kernels: each thread prepares its lanes'
///    parameters once, before all of its steps. For the ops
///    that round a quotient (a range in their row of QuantizeFamily.def:
///    quantize, fake_quantize and their backward ops) the preparation is a
///    reciprocal with its guards per lane: always one wave. The others
///    (dequantize, dequantize_backward) only load their parameters: where
///    the GPU has fast memory they get one tile per block where at least
///    kParameterVectorWavesMinResidentThreads threads fit on an SM, but
///    kFewDataBytesParameterVectorSteps steps per thread where their vector
///    reads few bytes (familyMinStepsPerThread), and where
///    it has not, one tile per block where at least
///    kParameterVectorOneTileMinResidentThreads do (a load of two vectors
///    is little to prepare for one step). H100, 8192x8192, per_channel on
///    the last axis, two runs each in one call, main's waves against one
///    tile per block
///    (docs/bench/2026-11-28-h100-ab-parameter-vectors-one-tile.log):
///    dequantize f32 0.93-0.94 -> 0.95-0.96 of a copy, f64 0.92 -> 0.94-0.95,
///    f16/bf16 s8 0.92 -> 0.94 (80 registers, 3 blocks), dequantize_backward
///    f32 0.97 -> 1.00, f64 0.98 -> 1.01, f16/bf16 +0.005; 16-bit u8 lost
///    (0.92 -> 0.87; 97 registers, 2 blocks) and keeps one wave. On the
///    H200, 8192x8192, per_channel on the last axis, two runs each in one
///    call, 16 waves against one: dequantize_backward
///    f16 0.95 -> 0.97 of a copy (60 registers, 4 blocks), f32 0.93 -> 0.97,
///    f64 0.94 -> 0.98, dequantize f64 0.85 -> 0.89-0.90, f32 0.87 -> 0.88
///    (8 and 6 blocks); quantize lost (f16 0.85 -> 0.62, f32 0.84 -> 0.77,
///    f64 0.94 -> 0.89) (docs/bench/2026-11-27-h200-sweep-pv-waves.log);
///    dequantize f16/bf16 lost with s8 (0.91-0.92 -> 0.90-0.91; 80
///    registers, 3 blocks) and more with u8 (0.88-0.90 -> 0.83; ptxas gives
///    the u8 kernels 97 registers, 2 blocks)
///    (docs/bench/2026-11-27-h200-sweep-pv-waves-16-bit.log). Both
///    thresholds are fitted to these rows; why few blocks per SM turn more
///    blocks into a loss was not measured. Since the 32-bit variants
///    (familyHasParameterVectorIndex32: 26-30 registers for f32/f64, 40 and
///    62-64 for 16-bit dequantize_backward and dequantize), H200,
///    8192x8192, per_channel on the last axis, s8 and u8, two runs each in
///    one call, 16 waves against one tile per block
///    (docs/bench/2026-11-28-h200-ab-parameter-vector-waves-index32.log):
///    dequantize_backward f32 0.97-0.98 -> 1.00, f64 0.98 -> 1.00, 16-bit
///    0.97-0.98 -> 0.97, dequantize 16-bit level (0.94-0.96); dequantize
///    f32 lost (0.93-0.94 -> 0.88-0.89), f64 too (0.90 -> 0.85-0.86; with
///    64 waves, two steps per thread there, 0.92), hence 16 waves for the
///    kernels whose vector reads a few bytes of q per 16-byte store, since
///    replaced by a few steps per thread (familyMinStepsPerThread);
///  - the per-tensor kernels of the ops without a range (dequantize,
///    dequantize_backward): no limit (kQuantizeUnlimitedWaves). Their
///    threads prepare nothing (the scale and zero point are arguments), so
///    one step per thread costs no setup, and one tile per block streams
///    closer to a copy than the grid-stride loop. H200, 8192x8192, two runs
///    each in one call: dequantize f32 0.94 -> 0.96, f64 0.90-0.91 -> 0.94
///    (f16 level at 0.94-0.95), dequantize_backward f32 0.97 -> 1.00, f64
///    0.98 -> 1.01 (f16 level at 0.91). The same grid for the per-tensor
///    kernels of the ops with a range lost on the H200 where they prepare a
///    reciprocal per thread (quantize f16 0.98 -> 0.93, quantize_backward
///    f16 0.99 -> 0.92, fake_quantize f64 0.97 -> 0.93), and for the kernels
///    with parameters in memory, which compute their parameter indexing per
///    thread (dequantize per_token f32 0.90 -> 0.84, f64 0.89 -> 0.80)
///    (docs/bench/2026-11-27-h200-waves-per-kernel-class.log);
///  - the per-tensor kernels of the ops with a range, whose threads prepare
///    the reciprocal and its guards: no limit either where the GPU has no
///    fast memory, whose multiprocessors issue with room to spare. H100,
///    8192x8192, two runs each in one call, 16 waves against no limit:
///    quantize 0.98 -> 0.99-1.00 of a copy (every type), quantize_backward
///    f32 0.99 -> 1.01, f16 0.99 -> 1.00, f64 0.98 -> 1.02 (bf16 0.99 ->
///    0.98), fake_quantize 0.98 -> 0.99-1.00, fake_quantize_backward
///    0.98-1.00 -> 1.01-1.02. With fast memory (the H200) the same grid lost
///    where the element function computes its result from the quotient
///    (quantize f16/bf16 0.96-0.98 -> 0.90-0.92, f32 0.98 -> 0.95,
///    quantize_backward bf16 0.94-0.95 -> 0.80, f64 1.00 -> 0.96,
///    fake_quantize f16/bf16/f64 0.98-0.99 -> 0.92-0.95; level or +0.01
///    for quantize f64, quantize_backward and fake_quantize f32) and won
///    for fake_quantize_backward, whose result only selects dy
///    (familyResultSelectsData: f32 1.00 -> 1.02, f64 0.99 -> 1.02, bf16
///    +0.01, f16 level), which gets no limit there too
///    (docs/bench/2026-11-28-h100-h200-ab-per-tensor-one-tile.log);
///  - the ring variants (`asyncRing`, familyAsyncRingStages): one
///    wave, whose threads take many items each
///    while the ring keeps the next in flight (a ring of three slots with
///    four waves lost to one wave for 16-bit quantize:
///    docs/bench/2026-11-27-h200-sweep-memory-parameter-rings.log);
///  - the other kernels with parameters in memory, which compute their
///    parameter indexing and load their parameters per vector: no limit
///    for the ops without a range (dequantize, dequantize_backward) on
///    every GPU, and for the others where the GPU has no fast memory, but
///    for the kernels that issue the most per byte, those with a ring
///    variant (16-bit quantize and fake_quantize: familyAsyncRingStages >
///    0). With fast memory, since the kernels count in 32 bits where they
///    can (lib/Conversion/BaracudaToGPU), one tile per block won for the
///    ops without a range and lost for quantize_backward. H200, 8192x8192,
///    s8, per_channel_first, per_token, per_group, two runs each in one
///    call, 16 waves against no limit: dequantize_backward f32 0.97-0.98 ->
///    0.98-1.00, f64 0.98 -> 0.99-1.00, f16 0.97-0.99 -> 0.98-0.99,
///    dequantize f64 0.91 -> 0.92-0.93 (f32, f16, bf16 level within 0.01);
///    quantize_backward f16/bf16 0.98-1.00 -> 0.89-0.92, f64 0.99 -> 0.94
///    (docs/bench/2026-11-28-h200-ab-waves-index32.log). H100, 8192x8192,
///    per_token and per_group, two runs each in one call, 16 waves against no
///    limit: quantize_backward f32 0.99 -> 1.01 of a copy, f16 0.99 -> 1.00,
///    f64 0.98 -> 1.01-1.02, dequantize_backward f32 0.98 -> 1.00, f16
///    0.97-0.99 -> 0.99-1.00, f64 0.98 -> 1.01, dequantize f64 0.93 -> 0.95
///    (f32, f16 level), quantize f32 and f64 level or +0.01, quantize f16
///    0.97-0.98 -> 0.95-0.96
///    (docs/bench/2026-11-28-h100-ab-memory-parameters-one-tile.log). With
///    fast memory kQuantizeMaxWaves for the ops with a range: one tile per
///    block lost on the H200, also for dequantize while the kernels counted
///    in 64 bits (dequantize per_token f32 0.90 -> 0.84, f64 0.89 -> 0.80,
///    quantize f16 0.90-0.91 -> 0.84;
///    docs/bench/2026-11-27-h200-waves-per-kernel-class.log);
///  - where the two rules above give kQuantizeMaxWaves with fast memory, the
///    kernels that divide per element (familyDividesPerElement:
///    quantize_backward) on T of 4 or 8 bytes get kDividingWideTypeWaves
///    instead, per tensor and with parameters in memory.
inline int64_t familyMaxWaves(FamilyOp op, ElementKind t, ElementKind q,
                              bool perTensor, bool parameterVectors,
                              int residentThreadsPerMultiprocessor,
                              bool asyncRing, bool fastMemory) {
  int64_t limitedWaves =
      familyDividesPerElement(op) && elementKindSize(t) >= 4
          ? kDividingWideTypeWaves
          : kQuantizeMaxWaves;
  if (perTensor)
    return !familyOpHasRange(op) || !fastMemory || familyResultSelectsData(op)
               ? kQuantizeUnlimitedWaves
               : limitedWaves;
  if (asyncRing)
    return 1;
  if (parameterVectors) {
    if (familyOpHasRange(op))
      return 1;
    if (!fastMemory)
      return residentThreadsPerMultiprocessor >=
                     kParameterVectorOneTileMinResidentThreads
                 ? kQuantizeUnlimitedWaves
                 : 1;
    return residentThreadsPerMultiprocessor <
                   kParameterVectorWavesMinResidentThreads
               ? 1
               : kQuantizeUnlimitedWaves;
  }
  return !familyOpHasRange(op) ||
                 (!fastMemory && familyAsyncRingStages(op, t, q) == 0)
             ? kQuantizeUnlimitedWaves
             : limitedWaves;
}

/// The least loop steps familyGridBlocks gives each thread of a kernel of
/// `op` (arguments as for familyMaxWaves): kFewDataBytesParameterVectorSteps
/// for the parameter-vector kernels of the ops without a range whose vector
/// reads a few bytes of data (familyVectorReadsFewDataBytes: dequantize f32
/// and f64) where the GPU has fast memory and at least
/// kParameterVectorWavesMinResidentThreads of their threads fit on an SM (the
/// kernels familyMaxWaves gives one tile per block otherwise); 1 (no least)
/// for every other kernel.
inline int familyMinStepsPerThread(FamilyOp op, ElementKind t, ElementKind q,
                                   bool parameterVectors,
                                   int residentThreadsPerMultiprocessor,
                                   bool fastMemory) {
  return parameterVectors && !familyOpHasRange(op) && fastMemory &&
                 residentThreadsPerMultiprocessor >=
                     kParameterVectorWavesMinResidentThreads &&
                 familyVectorReadsFewDataBytes(op, t, q)
             ? kFewDataBytesParameterVectorSteps
             : 1;
}

/// Vectors a thread of a vectorized kernel with parameters in memory
/// handles at least where the block is no power of two
/// (familyBlockNeedsIndex32). Fitted when each thread computed the block's
/// multiply-high magic once (a 64-bit division), which a thread of one
/// vector (one tile per block, as dequantize and dequantize_backward run
/// on every GPU) did not amortize: H200, 4096x14336, per_token and
/// per_channel_first, s8, two runs each in one call, one step per thread
/// against at least two, four and eight
/// (docs/bench/2026-11-29-h200-ab-block-divisor-steps.log): with two,
/// dequantize_backward f16/bf16/f32 0.91-0.94 -> 0.95-0.98 of a copy,
/// dequantize f16/bf16 0.90-0.92 -> 0.93-0.96; four and eight gained less;
/// dequantize f32, whose threads take two vectors per step already
/// (kFewDataBytesVectorsPerStep), lost with more steps (0.94-0.95 -> 0.92-0.93
/// with two); per_group (a power of two) and quantize level. The launch
/// passes the magic since (familyBlockDivisorArgs); one vector per thread
/// measured again lost 0.01-0.03 on 4096x14336 (16-bit quantize and
/// dequantize) and was level to 0.01-0.02 ahead on 8192x11008
/// (docs/bench/2026-11-29-h200-ab-block-divisor-args.log), so two stay.
/// Dequantize f32 and f64's wide kernels, which take one vector per step
/// (kFewDataBytesVectorsPerStep), run two steps here: level with the one
/// step of two vectors they ran before on per_token and per_channel_first
/// of 4096x14336 and 8192x11008.
inline constexpr int kBlockDivisorVectorsPerThread = 2;

/// The least loop steps familyGridBlocks gives a thread of a kernel of
/// `vectorWidth` taking `vectorsPerThread` vectors per step
/// (familyVectorsPerThread) for a `block` that is no power of two, with
/// parameters in memory (not `perTensor`, not `parameterVectors`): as many
/// as make kBlockDivisorVectorsPerThread vectors; 1 for every other launch.
inline int familyBlockDivisorMinSteps(int vectorWidth, int vectorsPerThread,
                                      bool perTensor, bool parameterVectors,
                                      int64_t block) {
  if (vectorWidth <= 1 || perTensor || parameterVectors ||
      !familyBlockNeedsIndex32(block))
    return 1;
  int vectors = vectorsPerThread > 1 ? vectorsPerThread : 1;
  return (kBlockDivisorVectorsPerThread + vectors - 1) / vectors;
}

/// Blocks in `maxWaves` waves (at least one) of
/// `residentBlocksPerMultiprocessor` blocks on each of `multiprocessors`
/// (at least one of each), at most kQuantizeMaxGridBlocks: saturating, so
/// that kQuantizeUnlimitedWaves (or any count past the largest grid) means
/// the largest grid.
inline int64_t familyWaveBlocks(int64_t maxWaves, int multiprocessors,
                                int residentBlocksPerMultiprocessor) {
  int64_t wave =
      int64_t{multiprocessors > 1 ? multiprocessors : 1} *
      (residentBlocksPerMultiprocessor > 1 ? residentBlocksPerMultiprocessor
                                           : 1);
  int64_t waves = maxWaves > 1 ? maxWaves : 1;
  return waves > kQuantizeMaxGridBlocks / wave ? kQuantizeMaxGridBlocks
                                               : wave * waves;
}

/// Blocks of `threadsPerBlock` threads (familyThreadsPerBlock) the runtime
/// launches a family kernel of `vectorWidth` with: one thread per
/// `vectorsPerThread` vectors (familyVectorsPerThread; per element for the
/// generic kernel), but at most `maxWaves` waves (familyMaxWaves; a wave:
/// `residentBlocksPerMultiprocessor` on each of `multiprocessors`;
/// kQuantizeUnlimitedWaves: no more than kQuantizeMaxGridBlocks). Beyond
/// that the threads loop with the grid stride, and the grid is balanced so
/// that every thread takes the same number of steps (a last partial round
/// costs a tail: H200, f16 8192x8192, 1.55 steps per thread 55.9 us against
/// 53.6 with 3.1). With `minStepsPerThread` > 1 (familyMinStepsPerThread)
/// the grid is smaller still, so that each thread takes that many steps,
/// or as many as a grid of one wave needs where that is fewer (1000 tiles
/// on a wave of 660 blocks: two steps). A parameter-vector
/// kernel's grid is then rounded (familyParameterVectorGridBlocks, within
/// familyWaveBlocks of the same waves).
inline int64_t familyGridBlocks(int64_t maxWaves, int threadsPerBlock,
                                int vectorWidth, int vectorsPerThread,
                                int64_t numElements, int multiprocessors,
                                int residentBlocksPerMultiprocessor,
                                int minStepsPerThread = 1) {
  int64_t itemsPerThread =
      vectorWidth > 1 ? int64_t{vectorWidth} * vectorsPerThread : 1;
  int64_t itemsPerBlock = itemsPerThread * threadsPerBlock;
  int64_t needed = (numElements + itemsPerBlock - 1) / itemsPerBlock;
  if (needed < 1)
    return 1;
  int64_t wave = familyWaveBlocks(1, multiprocessors,
                                  residentBlocksPerMultiprocessor);
  int64_t maxBlocks = familyWaveBlocks(maxWaves, multiprocessors,
                                       residentBlocksPerMultiprocessor);
  if (minStepsPerThread > 1) {
    int64_t bySteps = (needed + minStepsPerThread - 1) / minStepsPerThread;
    maxBlocks = std::min(maxBlocks, std::max(bySteps, std::min(needed, wave)));
  }
  int64_t steps = (needed + maxBlocks - 1) / maxBlocks;
  return (needed + steps - 1) / steps;
}

/// familyGridBlocks for quantize_per_group's vectorized and generic kernels
/// (the bench's launches of them by hand).
inline int64_t quantizePerGroupGridBlocks(int vectorWidth, int64_t numElements,
                                          int multiprocessors,
                                          int residentBlocksPerMultiprocessor) {
  return familyGridBlocks(kQuantizeMaxWaves,
                          familyThreadsPerBlock(FamilyOp::Quantize),
                          vectorWidth, kQuantizeVectorsPerThread, numElements,
                          multiprocessors, residentBlocksPerMultiprocessor);
}

/// "<op>[_per_tensor]_<T>[_<q>]", e.g. "quantize_f16_s8",
/// "quantize_per_tensor_f16_s8", "dequantize_backward_f32": the GPU kernel
/// symbol for input type `floatType` and, for quantize and dequantize,
/// quantized type `quantizedType` (ignored otherwise); `perTensor` names
/// the kernel taking its parameters by value. With `vectorWidth` > 1 the
/// vectorized variant "..._v<width>": valid only for the blocks
/// familyVectorWidthFits accepts (memory-parameter kernels) and buffers of
/// the alignment the runtime checks; with `parameterVectors` the
/// parameter-vector variant "..._pv<width>" (memory-parameter kernels,
/// familyParameterVectorWidthFits; its parameter buffers are read in
/// vectors too); with `asyncRing` the ring variant "..._v<width>_ring"
/// (familyAsyncRingStages); with `index32` its 32-bit variant "..._i32"
/// (familyHasParameterVectorIndex32). Same arguments as the generic kernel.
inline std::string familyKernelName(FamilyOp op, bool perTensor,
                                    ElementKind floatType,
                                    ElementKind quantizedType,
                                    int vectorWidth = 1,
                                    bool parameterVectors = false,
                                    bool asyncRing = false,
                                    bool index32 = false) {
  std::string name(familyOpName(op));
  if (perTensor)
    name += "_per_tensor";
  name += "_" + std::string(elementKindName(floatType));
  if (familyOpHasQuantized(op))
    name += "_" + std::string(elementKindName(quantizedType));
  if (vectorWidth > 1)
    name += (parameterVectors ? "_pv" : "_v") + std::to_string(vectorWidth);
  if (asyncRing)
    name += "_ring";
  if (index32)
    name += "_i32";
  return name;
}

/// "baracuda_cpu_" + the generic GPU kernel's name: the CPU kernel function;
/// its C entry point is "_mlir_ciface_" + this name.
inline std::string familyCpuKernelName(FamilyOp op, bool perTensor,
                                       ElementKind floatType,
                                       ElementKind quantizedType) {
  return "baracuda_cpu_" +
         familyKernelName(op, perTensor, floatType, quantizedType);
}

/// The memref descriptor of MLIR's default calling convention, rank 1.
template <typename T> struct MemRefDescriptor1D {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

} // namespace baracuda

#endif // BARACUDA_SUPPORT_KERNELABI_H
