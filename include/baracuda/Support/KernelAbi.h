//===- KernelAbi.h - Contract between generated kernels and runtime -------===//
//
// MLIR-free. The conversion passes emit kernels under these names with this
// signature; the runtime looks them up by the same names. Keeping both sides
// on one header is what lets the runtime stay free of MLIR.
//
// quantize_per_group kernels (GPU `gpu.func ... kernel`, CPU `func.func` with
// `llvm.emit_c_interface`) take, in order:
//   memref<?xIn>  input       (flattened [outer, axis], contiguous)
//   memref<?xIn>  scale       (flattened [outer, axis / group])
//   memref<?xi32> zero_point  (flattened [outer, axis / group])
//   memref<?xOut> output      (flattened [outer, axis])
//   i64 num_elements, i64 group_size, i32 q_min, i32 q_max
// Memrefs use MLIR's default calling convention: on the GPU each memref
// expands to (allocated ptr, aligned ptr, offset, size, stride); on the CPU
// the C interface passes a pointer to that descriptor.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_KERNELABI_H
#define BARACUDA_SUPPORT_KERNELABI_H

#include "baracuda/Support/ElementKind.h"

#include <cstdint>
#include <string>

namespace baracuda {

/// Name of the gpu.module holding all generated GPU kernels.
inline constexpr const char *kGpuKernelModuleName = "baracuda_kernels";

/// Threads per block the kernels are written for (any grid size is valid:
/// the kernels loop over the problem with a grid stride).
inline constexpr int kQuantizeKernelBlockSize = 256;

/// Bytes one thread moves per vector access in the vectorized GPU kernels.
inline constexpr int kVectorAccessBytes = 16;

/// Vectors a thread of a vectorized GPU kernel handles per loop step (all
/// loaded before any is computed); the runtime sizes grids for this value.
/// One: on H100 (docs/performance.md, 2026-11-25) more cost registers, hence
/// occupancy, and won no bandwidth for any input type.
inline constexpr int kQuantizeVectorsPerThread = 1;

/// Resident blocks per multiprocessor the vectorized GPU kernels are
/// compiled for (ptxas caps their registers to fit; 0: no cap).
inline constexpr int kQuantizeMinBlocksPerMultiprocessor = 0;

/// Fewest elements a vectorized kernel's vector holds: narrow types fill a
/// 16-byte access with more; f64 takes two accesses per vector, so the
/// per-vector work (scale and zero point loads, the group's parameters) and
/// the output store are shared by four elements (H100: f64 0.91 -> 0.96 of
/// copy on 8192x28672 against two elements per vector; eight gained little
/// more and cost small problems, f32 gained nothing from eight).
inline constexpr int kQuantizeMinVectorElements = 4;

/// Elements per vector of the vectorized kernel for inputs of
/// `elementBytes` bytes: a 16-byte access, and at least
/// kQuantizeMinVectorElements.
constexpr int quantizePerGroupVectorWidthForBytes(int elementBytes) {
  int perAccess = kVectorAccessBytes / elementBytes;
  return perAccess > kQuantizeMinVectorElements ? perAccess
                                                : kQuantizeMinVectorElements;
}

/// Elements per vector of the vectorized kernel for input `in`
/// (f16/bf16: 8, f32: 4, f64: 4).
inline int quantizePerGroupVectorWidth(ElementKind in) {
  return quantizePerGroupVectorWidthForBytes(
      static_cast<int>(elementKindSize(in)));
}

/// "quantize_per_group_<in>_<out>", e.g. "quantize_per_group_bf16_u8": the
/// GPU kernel symbol; with `vectorWidth` > 1 the vectorized variant
/// "..._v<width>". The vectorized variant is only valid when group_size is a
/// power of two and a multiple of the width (a vector never straddles a
/// group), the input is 16-byte aligned and the output `width`-byte aligned;
/// it has the same parameters as the generic kernel.
inline std::string quantizePerGroupKernelName(ElementKind in, ElementKind out,
                                              int vectorWidth = 1) {
  std::string name = "quantize_per_group_" + std::string(elementKindName(in)) +
                     "_" + std::string(elementKindName(out));
  if (vectorWidth > 1)
    name += "_v" + std::to_string(vectorWidth);
  return name;
}

/// "baracuda_cpu_quantize_per_group_<in>_<out>": the CPU kernel function; its
/// C entry point is "_mlir_ciface_" + this name.
inline std::string quantizePerGroupCpuKernelName(ElementKind in,
                                                 ElementKind out) {
  return "baracuda_cpu_" + quantizePerGroupKernelName(in, out);
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
