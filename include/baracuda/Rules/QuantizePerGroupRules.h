//===- QuantizePerGroupRules.h - Descriptor rules of quantize_per_group ---===//
//
// The single source of truth for the rules of `quantize_per_group`: the
// dialect verifier and the runtime's Plan::select / can_implement both call
// these functions. MLIR-free and LLVM-free on purpose (see docs/Architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RULES_QUANTIZEPERGROUPRULES_H
#define BARACUDA_RULES_QUANTIZEPERGROUPRULES_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/Status.h"

#include <array>
#include <cstdint>
#include <optional>

namespace baracuda {

/// Descriptor of a `quantize_per_group` problem (mirrors the reference plan's
/// `QuantizePerGroupDescriptor`). The input is `[outer_size, axis_size]`; the
/// axis is split into groups of `group_size` consecutive elements, each with
/// its own (scale, zero_point).
struct QuantizePerGroupDescriptor {
  int32_t outer_size = 0;
  int32_t axis_size = 0;
  int32_t group_size = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;

  /// `axis_size / group_size`, or 0 when group_size is not positive.
  int32_t num_groups() const {
    return group_size <= 0 ? 0 : axis_size / group_size;
  }
};

/// A dimension that may be unknown (dynamic in the IR).
using MaybeDim = std::optional<int64_t>;
using MaybeShape2 = std::array<MaybeDim, 2>;

/// A problem whose sizes may be partly unknown. Rules that involve an unknown
/// size are skipped; everything known is checked.
struct QuantizePerGroupProblem {
  MaybeDim outer_size;
  MaybeDim axis_size;
  int64_t group_size = 0;
  int64_t q_min = 0;
  int64_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;

  static QuantizePerGroupProblem from(const QuantizePerGroupDescriptor &desc);
};

/// Checks the descriptor rules, in this order, and reports the first broken
/// one with code InvalidProblem (sizes, ranges) or Unsupported (dtypes):
///   1. input_element  in {f32, f64, f16, bf16}
///   2. output_element in {s8, u8}
///   3. outer_size >= 0 and axis_size >= 0
///   4. group_size > 0
///   5. axis_size % group_size == 0
///   6. q_max >= q_min
///   7. q_min and q_max lie inside the output element's range
Status validateQuantizePerGroupProblem(const QuantizePerGroupProblem &problem);
Status validateQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc);

/// Checks operand shapes against a valid problem: input and output are
/// [outer, axis]; scale and zero_point are [outer, axis / group_size]. Unknown
/// dims on either side are skipped. Code: InvalidProblem.
Status validateQuantizePerGroupShapes(const QuantizePerGroupProblem &problem,
                                      const MaybeShape2 &input,
                                      const MaybeShape2 &scale,
                                      const MaybeShape2 &zeroPoint,
                                      const MaybeShape2 &output);

/// Whether `kind` may be the input (and scale) element / the output element.
bool isQuantizePerGroupInputElement(ElementKind kind);
bool isQuantizePerGroupOutputElement(ElementKind kind);

} // namespace baracuda

#endif // BARACUDA_RULES_QUANTIZEPERGROUPRULES_H
