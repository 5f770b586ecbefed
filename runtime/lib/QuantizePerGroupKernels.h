//===- QuantizePerGroupKernels.h - The variants of quantize_per_group -----===//
//
// Internal. Each (input, output) SKU has a small table of kernel variants, in
// preference order (fastest first, the generic one last): the wide and the
// narrow vectorized kernels KernelAbi.h names "..._v<width>" and the generic
// kernel (natural alignment, any group size). Plan::select keeps the
// variants whose constraints the descriptor meets and whose kernel the
// library has, dropping the wide one for problems below its size class;
// run() launches the first of those whose alignment the operands meet. A
// library without vectorized kernels (or the CPU backend, which has none)
// simply runs the generic one.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H
#define BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/KernelAbi.h"
#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/Element.h"
#include "baracuda/runtime/KernelLibrary.h"

#include <algorithm>
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

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

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
  /// Reported by KernelSku::variant: "generic", or "vec<width>" for a
  /// vectorized kernel (e.g. "vec16").
  std::string_view variant;
  /// Elements of input/output in one vector of the kernel (1 = scalar; a
  /// vector is one or more 16-byte input accesses, KernelAbi.h);
  /// the GPU kernel is familyKernelName(FamilyOp::Quantize, false, input,
  /// output, width)
  /// (KernelAbi.h). Vectorized variants exist on the GPU only.
  int vectorWidth;
  QuantizePerGroupCpuInvoker invokeCpu;

  bool isGeneric() const { return vectorWidth == 1; }
  /// The wide vectorized kernel, which only problems of its size class run
  /// (KernelAbi.h's quantizePerGroupPrefersWideVectors).
  bool isWide() const {
    return vectorWidth == quantizePerGroupWideVectorWidth(input);
  }
  /// A vector access must not straddle an input/output alignment boundary:
  /// the input is read in accesses of up to 16 bytes (KernelAbi.h's
  /// kVectorAccessBytes), the output written `vectorWidth` bytes at a time.
  size_t inputAlignment() const {
    return std::min<size_t>(elementKindSize(input) * vectorWidth,
                            kVectorAccessBytes);
  }
  size_t outputAlignment() const {
    return elementKindSize(output) * vectorWidth;
  }
  /// Natural alignment: scale and zero_point are read one per group.
  size_t scaleAlignment() const { return elementKindSize(input); }
  size_t zeroPointAlignment() const { return sizeof(int32_t); }
  /// KernelAbi.h: a vectorized kernel needs group_size to be a power of two
  /// and a multiple of the width, so no vector straddles a group.
  bool fits(int64_t groupSize) const {
    return familyVectorWidthFits(vectorWidth, groupSize);
  }
};

/// All variants of all SKUs, grouped by SKU in preference order.
const QuantizePerGroupKernel *quantizePerGroupKernels();
size_t numQuantizePerGroupKernels();

/// The KernelId (KernelCatalog.h) of row `row`, found by its key.
KernelId quantizePerGroupKernelId(size_t row);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPKERNELS_H
