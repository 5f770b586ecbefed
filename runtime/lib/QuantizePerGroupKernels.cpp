//===- QuantizePerGroupKernels.cpp - The variants of quantize_per_group ---===//

#include "QuantizePerGroupKernels.h"

#include "KernelCatalog.h"

#include "baracuda/Support/KernelAbi.h"

#include <vector>

namespace baracuda {

namespace {

/// The C interface of a CPU kernel (KernelAbi.h), typed for In/Out.
template <typename In, typename Out>
using CpuEntryPoint = void (*)(MemRefDescriptor1D<In> *,
                               MemRefDescriptor1D<In> *,
                               MemRefDescriptor1D<int32_t> *,
                               MemRefDescriptor1D<Out> *, int64_t, int64_t,
                               int64_t, int32_t, int32_t);

template <typename T>
MemRefDescriptor1D<T> memref(const void *data, int64_t size) {
  // The kernels only read through input/scale/zero_point; the memref type
  // has no const, so the constness is dropped here and only here.
  T *pointer = static_cast<T *>(const_cast<void *>(data));
  return {pointer, pointer, /*offset=*/0, size, /*stride=*/1};
}

template <typename In, typename Out>
void invokeCpuKernel(void *entryPoint, const QuantizePerGroupCpuCall &call) {
  MemRefDescriptor1D<In> input = memref<In>(call.input, call.numElements);
  MemRefDescriptor1D<In> scale = memref<In>(call.scale, call.numGroups);
  MemRefDescriptor1D<int32_t> zeroPoint =
      memref<int32_t>(call.zeroPoint, call.numGroups);
  MemRefDescriptor1D<Out> output = memref<Out>(call.output, call.numElements);
  reinterpret_cast<CpuEntryPoint<In, Out>>(entryPoint)(
      &input, &scale, &zeroPoint, &output, call.numElements,
      /*block=*/call.groupSize, /*period=*/call.numGroups, call.qMin,
      call.qMax);
}

template <typename In, typename Out>
constexpr QuantizePerGroupKernel variant(int vectorWidth) {
  return {elementKindOf<In>, elementKindOf<Out>, vectorVariantName(vectorWidth),
          vectorWidth, &invokeCpuKernel<In, Out>};
}

/// The rows of one SKU, fastest first: the wide and the narrow vectorized
/// kernels (KernelAbi.h), then the generic one.
#define BARACUDA_QUANTIZE_PER_GROUP_VARIANTS(in, out)                          \
  variant<BARACUDA_STORAGE_TYPE(in), BARACUDA_STORAGE_TYPE(out)>(              \
      quantizePerGroupWideVectorWidthForBytes(                                 \
          sizeof(BARACUDA_STORAGE_TYPE(in)))),                                 \
      variant<BARACUDA_STORAGE_TYPE(in), BARACUDA_STORAGE_TYPE(out)>(          \
          quantizePerGroupVectorWidthForBytes(                                 \
              sizeof(BARACUDA_STORAGE_TYPE(in)))),                             \
      variant<BARACUDA_STORAGE_TYPE(in), BARACUDA_STORAGE_TYPE(out)>(1),

constexpr QuantizePerGroupKernel kKernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(
        BARACUDA_QUANTIZE_PER_GROUP_VARIANTS)};
#undef BARACUDA_QUANTIZE_PER_GROUP_VARIANTS

constexpr bool allVariantsNamed() {
  for (const QuantizePerGroupKernel &kernel : kKernels)
    if (kernel.variant == "vec?")
      return false;
  return true;
}
static_assert(allVariantsNamed(), "a vector width without a variant name");

} // namespace

const QuantizePerGroupKernel *quantizePerGroupKernels() { return kKernels; }
size_t numQuantizePerGroupKernels() { return std::size(kKernels); }

KernelId quantizePerGroupKernelId(size_t row) {
  // Found by key, once: the catalog holds other ops' kernels too.
  static const std::vector<KernelId> ids = [] {
    std::vector<KernelId> found;
    for (const QuantizePerGroupKernel &kernel : kKernels)
      found.push_back(*findKernel({FamilyOp::Quantize, /*perTensor=*/false,
                                   kernel.input, kernel.output},
                                  kernel.vectorWidth));
    return found;
  }();
  return ids[row];
}

} // namespace baracuda
