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
#include "OperandPlacement.h"
#include "QuantizePerGroupKernels.h"

#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <optional>
#include <vector>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

/// validateQuantizePerGroupDescriptor with the "quantize_per_group: " prefix,
/// then InvalidProblem when the four operands together would need more
/// bytes than an address space holds (PTRDIFF_MAX).
Status checkQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc);

/// The rows of quantizePerGroupKernels() a plan for `desc` may launch, in
/// preference order: the variants of the SKU whose constraints `desc` meets
/// and that `accept` allows (e.g. "the library has it"), only generic ones
/// for PreferGeneric. With `dropWide(row)` true for the wide row, that row
/// is left out under PlanPreference::Default when a narrower vectorized
/// row follows (the size class; PreferWidestVectors keeps it).
template <typename Accept, typename DropWide>
std::vector<size_t>
quantizePerGroupCandidates(const QuantizePerGroupDescriptor &desc,
                           PlanPreference preference, Accept &&accept,
                           DropWide &&dropWide) {
  std::vector<size_t> rows;
  for (size_t row = 0; row < numQuantizePerGroupKernels(); ++row) {
    const QuantizePerGroupKernel &kernel = quantizePerGroupKernels()[row];
    if (kernel.input != desc.input_element ||
        kernel.output != desc.output_element)
      continue;
    if (preference == PlanPreference::PreferGeneric && !kernel.isGeneric())
      continue;
    if (kernel.fits(desc.group_size) && accept(row))
      rows.push_back(row);
  }
  if (preference == PlanPreference::Default && rows.size() > 1 &&
      quantizePerGroupKernels()[rows[0]].isWide() &&
      !quantizePerGroupKernels()[rows[1]].isGeneric() && dropWide(rows[0]))
    rows.erase(rows.begin());
  return rows;
}

/// The generic row of `desc`'s SKU: its alignment is what every plan needs
/// at least (run() falls back to it).
inline std::optional<size_t>
quantizePerGroupGenericKernel(const QuantizePerGroupDescriptor &desc) {
  std::vector<size_t> rows = quantizePerGroupCandidates(
      desc, PlanPreference::PreferGeneric, [](size_t) { return true; },
      [](size_t) { return false; });
  if (rows.empty())
    return std::nullopt;
  return rows.front();
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

/// checkOperandPlacement over the four operands (output written).
Status checkQuantizePerGroupPlacement(const CudaDriver &driver, Backend backend,
                                      const DeviceTarget &target,
                                      const UntypedQuantizePerGroupArgs &args);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_QUANTIZEPERGROUPCHECKS_H
