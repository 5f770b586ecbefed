//===- QuantizePerGroupKernels.h - The variants of quantize_per_group -----===//
//
// Internal. Each (input, output) SKU has a small table of kernel variants, in
// preference order (fastest first, the generic one last). Plan::select picks
// the first variant whose constraints the descriptor meets; can_implement
// checks its alignment. Today every SKU has exactly one variant, the generic
// one; a vectorized variant is one more row here plus its kernel.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H
#define BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/runtime/Element.h"
#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/baracuda_kernels.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

// Token -> C++ storage type / ElementKind, for the pair list of
// baracuda_kernels.h (X(f32, s8) ...).
#define BARACUDA_STORAGE_TYPE_f32 float
#define BARACUDA_STORAGE_TYPE_f64 double
#define BARACUDA_STORAGE_TYPE_f16 ::baracuda::Half
#define BARACUDA_STORAGE_TYPE_bf16 ::baracuda::BFloat16
#define BARACUDA_STORAGE_TYPE_s8 int8_t
#define BARACUDA_STORAGE_TYPE_u8 uint8_t
#define BARACUDA_STORAGE_TYPE(token) BARACUDA_STORAGE_TYPE_##token

namespace baracuda {

/// The operands of one CPU kernel call, flattened as in KernelAbi.h.
struct QuantizePerGroupCpuCall {
  const void *input;
  const void *scale;
  const int32_t *zeroPoint;
  void *output;
  int64_t numElements; ///< outer_size * axis_size
  int64_t numGroups;   ///< outer_size * num_groups (scale/zero_point length)
  int64_t groupSize;
  int32_t qMin;
  int32_t qMax;
};

/// Calls the C interface `entryPoint` of a CPU kernel with its real type.
using QuantizePerGroupCpuInvoker = void (*)(void *entryPoint,
                                            const QuantizePerGroupCpuCall &);

/// One variant of one SKU.
struct QuantizePerGroupKernel {
  ElementKind input;
  ElementKind output;
  /// Reported by KernelSku::variant.
  std::string_view variant;
  /// Appended to the KernelAbi.h names ("" for the generic variant).
  const char *symbolSuffix;
  /// Elements of input/output each thread moves per access (1 = scalar). The
  /// input and output pointers must be aligned to vectorWidth elements and
  /// group_size must be a multiple of it, so no access straddles a group.
  int vectorWidth;
  QuantizePerGroupCpuInvoker invokeCpu;

  size_t inputAlignment() const { return elementKindSize(input) * vectorWidth; }
  size_t outputAlignment() const {
    return elementKindSize(output) * vectorWidth;
  }
  /// Natural alignment: scale and zero_point are read one per group.
  size_t scaleAlignment() const { return elementKindSize(input); }
  size_t zeroPointAlignment() const { return sizeof(int32_t); }
  bool fits(int64_t groupSize) const { return groupSize % vectorWidth == 0; }
};

/// All variants of all SKUs, grouped by SKU in preference order. The index of
/// a row is its KernelId.
const QuantizePerGroupKernel *quantizePerGroupKernels();
size_t numQuantizePerGroupKernels();

} // namespace baracuda

#endif // BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H
