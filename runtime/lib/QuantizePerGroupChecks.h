//===- QuantizePerGroupChecks.h - Operand checks of quantize_per_group ----===//
//
// Internal. The checks shared by UntypedQuantizePerGroupPlan and the C ABI's
// stream-less _can_implement. Messages start with "quantize_per_group: " and
// name the operand, the rule and the numbers.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPCHECKS_H
#define BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPCHECKS_H

#include "MemoryPlacement.h"
#include "QuantizePerGroupKernels.h"

#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <optional>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

/// validateQuantizePerGroupDescriptor with the "quantize_per_group: " prefix.
Status checkQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc);

/// The row of quantizePerGroupKernels() that select() would pick for `desc`
/// by its constraints alone (no library, no backend): the first variant of
/// the SKU that fits, or only generic ones for PreferGeneric. `accept`
/// filters further (e.g. "the library has it").
template <typename Accept>
std::optional<size_t>
pickQuantizePerGroupKernel(const QuantizePerGroupDescriptor &desc,
                           PlanPreference preference, Accept &&accept) {
  for (size_t row = 0; row < numQuantizePerGroupKernels(); ++row) {
    const QuantizePerGroupKernel &kernel = quantizePerGroupKernels()[row];
    if (kernel.input != desc.input_element ||
        kernel.output != desc.output_element)
      continue;
    if (preference == PlanPreference::PreferGeneric && kernel.vectorWidth != 1)
      continue;
    if (kernel.fits(desc.group_size) && accept(row))
      return row;
  }
  return std::nullopt;
}

/// outer_size * axis_size.
inline int64_t numElements(const QuantizePerGroupDescriptor &desc) {
  return int64_t(desc.outer_size) * desc.axis_size;
}
/// outer_size * num_groups: the length of scale and zero_point.
inline int64_t numGroupsTotal(const QuantizePerGroupDescriptor &desc) {
  return int64_t(desc.outer_size) * desc.num_groups();
}

/// Shapes (validateQuantizePerGroupShapes), null data pointers of a
/// non-empty problem (InvalidProblem), and the alignment `kernel` needs
/// (MisalignedOperand). `desc` must be valid.
Status checkQuantizePerGroupOperands(const QuantizePerGroupDescriptor &desc,
                                     const QuantizePerGroupKernel &kernel,
                                     const UntypedQuantizePerGroupArgs &args);

/// Whether every pointer of `args` meets `kernel`'s alignment (no message:
/// the cheap test run() uses to pick between variants).
bool isAlignedFor(const QuantizePerGroupKernel &kernel,
                  const UntypedQuantizePerGroupArgs &args);

/// The four data pointers, in the order input, scale, zero_point, output.
struct QuantizePerGroupPointers {
  static constexpr const char *kNames[4] = {"input", "scale", "zero_point",
                                            "output"};
  const void *pointers[4];

  explicit QuantizePerGroupPointers(const UntypedQuantizePerGroupArgs &args)
      : pointers{args.input.data, args.scale.data, args.zero_point.data,
                 args.output.data} {}
};

/// InvalidProblem unless every operand can be reached from `backend`.
Status checkQuantizePerGroupPlacement(const CudaDriver &driver, Backend backend,
                                      const UntypedQuantizePerGroupArgs &args);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPCHECKS_H
