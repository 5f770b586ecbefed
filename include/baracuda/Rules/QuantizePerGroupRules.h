//===- QuantizePerGroupRules.h - Descriptor rules of quantize_per_group ---===//
//
// The rules of the runtime's `quantize_per_group` descriptor (the
// reference's QuantizePerGroupDescriptor), which its Plan::select /
// can_implement call. The dialect verifies the whole family, this op's IR
// form `baracuda.quantize` with `#baracuda.per_group` included, through
// QuantizeFamilyRules.h. MLIR-free and LLVM-free on purpose (see
// docs/Architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RULES_QUANTIZEPERGROUPRULES_H
#define BARACUDA_RULES_QUANTIZEPERGROUPRULES_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/Status.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

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

/// The largest size a descriptor holds: its fields are 32-bit. A problem
/// within it has at most 2^62 elements, so element counts never overflow
/// int64.
constexpr int64_t kMaxQuantizePerGroupSize =
    std::numeric_limits<int32_t>::max();

/// Checks the descriptor rules, in this order, and reports the first broken
/// one with code InvalidProblem (sizes, ranges) or Unsupported (dtypes):
///   1. input_element  in {f32, f64, f16, bf16}
///   2. output_element in {s8, u8}
///   3. 0 <= outer_size, axis_size <= kMaxQuantizePerGroupSize
///   4. group_size > 0
///   5. axis_size % group_size == 0
///   6. q_max >= q_min
///   7. q_min and q_max lie inside the output element's range
Status validateQuantizePerGroupProblem(const QuantizePerGroupProblem &problem);
Status
validateQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc);

/// Checks operand shapes against a valid problem: every known dim is at most
/// kMaxQuantizePerGroupSize; input and output are [outer, axis]; scale and
/// zero_point are [outer, axis / group_size] and equal to each other (which
/// matters when outer or axis is unknown). Unknown dims on either side are
/// skipped. Code: InvalidProblem.
Status validateQuantizePerGroupShapes(const QuantizePerGroupProblem &problem,
                                      const MaybeShape2 &input,
                                      const MaybeShape2 &scale,
                                      const MaybeShape2 &zeroPoint,
                                      const MaybeShape2 &output);

/// The wording of the rules, shared by these functions and the compiled
/// code's run-time checks (whose sizes are operand dims, not numbers):
/// "axis_size (<axis>) must be a multiple of group_size (<group>)".
std::string quantizePerGroupAxisRuleMessage(const std::string &axis,
                                            const std::string &group);
/// "<operand> shape <shape> must be [outer_size, axis_size] = <required>", or
/// with [outer_size, axis_size / group_size] when `perGroup`.
std::string quantizePerGroupShapeRuleMessage(const std::string &operand,
                                             const std::string &shape,
                                             bool perGroup,
                                             const std::string &required);

/// Whether `kind` may be the input (and scale) element / the output element.
bool isQuantizePerGroupInputElement(ElementKind kind);
bool isQuantizePerGroupOutputElement(ElementKind kind);

} // namespace baracuda

#endif // BARACUDA_RULES_QUANTIZEPERGROUPRULES_H
