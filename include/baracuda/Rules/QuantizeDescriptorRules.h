//===- QuantizeDescriptorRules.h - Descriptor rules of the runtime's plans
//----===//
//
// MLIR-free. The descriptors of the quantization family's runtime plans
// (mirroring the reference's Rust plans: QuantizePerTensorDescriptor, ...)
// and their rules. Each validate function checks one descriptor and, when
// it is valid, gives the generic problem the plan core runs: op, layout,
// types and the parameter layout's (numel, block, period), under which
// element i of the flattened data uses parameter (i / block) % period
// (docs/Semantics.md). Messages name the rule and the numbers.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RULES_QUANTIZEDESCRIPTORRULES_H
#define BARACUDA_RULES_QUANTIZEDESCRIPTORRULES_H

#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Rules/QuantizePerGroupRules.h"
#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace baracuda {

/// What the plan core runs: one op over flattened operands.
struct QuantizeFamilyProblem {
  FamilyOp op = FamilyOp::Quantize;
  LayoutKind layout = LayoutKind::PerTensor;
  /// The input type T (data and tensor scales).
  ElementKind t = ElementKind::F32;
  /// The quantized type (S8 for ops without one).
  ElementKind q = ElementKind::S8;
  int64_t numel = 0;
  /// Element i uses parameter (i / block) % period; both >= 1.
  int64_t block = 1;
  int64_t period = 1;
  /// The range of ops with one (0 otherwise).
  int32_t q_min = 0;
  int32_t q_max = 0;

  /// Elements of each scale / zero-point tensor: period, or 0 per tensor
  /// (the parameters are scalars).
  int64_t numParameters() const {
    return layout == LayoutKind::PerTensor ? 0 : period;
  }
  /// Whether the parameter index wraps around inside the data: block *
  /// period < numel (per channel on any axis but a leading one).
  bool parametersWrap() const { return numel > 0 && numel / block > period; }
};

// --- Descriptors (fields as the reference's) --------------------------===//
// input_element is always the floating type T, output_element the quantized
// type (also for dequantize, as in the reference).

/// quantize_per_tensor, quantize_per_tensor_backward.
struct QuantizePerTensorDescriptor {
  int64_t numel = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
using QuantizePerTensorBackwardDescriptor = QuantizePerTensorDescriptor;

/// dequantize_per_tensor, dequantize_per_tensor_backward.
struct DequantizePerTensorDescriptor {
  int64_t numel = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
using DequantizePerTensorBackwardDescriptor = DequantizePerTensorDescriptor;

/// fake_quantize (per tensor), fake_quantize_backward.
struct FakeQuantizeDescriptor {
  int64_t numel = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
};
using FakeQuantizeBackwardDescriptor = FakeQuantizeDescriptor;

/// quantize_per_channel(_backward): any rank (the C ABI's shape4 is rank 4).
struct QuantizePerChannelDescriptor {
  std::vector<int64_t> shape;
  int32_t axis = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
using QuantizePerChannelBackwardDescriptor = QuantizePerChannelDescriptor;

/// dequantize_per_channel(_backward).
struct DequantizePerChannelDescriptor {
  std::vector<int64_t> shape;
  int32_t axis = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
using DequantizePerChannelBackwardDescriptor = DequantizePerChannelDescriptor;

/// quantize_per_token: data [n, d], parameters [n].
struct QuantizePerTokenDescriptor {
  int32_t n = 0;
  int32_t d = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
struct QuantizePerTokenBackwardDescriptor {
  int32_t n = 0;
  int32_t d = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
};
struct DequantizePerTokenDescriptor {
  int32_t n = 0;
  int32_t d = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
/// The element is the plan's type (the reference's descriptor has none).
struct DequantizePerTokenBackwardDescriptor {
  int32_t n = 0;
  int32_t d = 0;
};

/// The per-group descriptors (quantize_per_group's own is
/// QuantizePerGroupDescriptor, QuantizePerGroupRules.h, with its own rules).
struct QuantizePerGroupBackwardDescriptor {
  int32_t outer_size = 0;
  int32_t axis_size = 0;
  int32_t group_size = 0;
  int32_t q_min = 0;
  int32_t q_max = 0;
  ElementKind input_element = ElementKind::F32;
};
struct DequantizePerGroupDescriptor {
  int32_t outer_size = 0;
  int32_t axis_size = 0;
  int32_t group_size = 0;
  ElementKind input_element = ElementKind::F32;
  ElementKind output_element = ElementKind::S8;
};
/// The element is the plan's type (the reference's descriptor has none).
struct DequantizePerGroupBackwardDescriptor {
  int32_t outer_size = 0;
  int32_t axis_size = 0;
  int32_t group_size = 0;
};

// --- Rules ------------------------------------------------------------===//
// Each returns InvalidProblem (sizes, ranges) or Unsupported (types) for the
// first broken rule, in this order: types (T in f32/f64/f16/bf16, q in
// s8/u8); sizes (non-negative; per channel: rank >= 1, axis in [0, rank);
// per group: group_size > 0, axis_size % group_size == 0); range (ops with
// one: q_min <= q_max; quantize: both inside q's range). On success `*out`
// is the problem. Messages carry no op prefix: the caller adds it.

/// The generic rules, over an already-built problem shape: types and range
/// of `op` (sizes are the layout functions' business).
Status validateQuantizeFamilyTypesAndRange(FamilyOp op, ElementKind t,
                                           ElementKind q, int64_t qMin,
                                           int64_t qMax);

/// Per tensor: numel >= 0; block = max(numel, 1), period 1.
Status quantizePerTensorLayout(int64_t numel, QuantizeFamilyProblem *out);
/// Per channel: rank >= 1, axis in [0, rank), sizes >= 0, numel fits int64;
/// block = prod(shape[axis+1:]), period = shape[axis] (both at least 1).
Status quantizePerChannelLayout(const std::vector<int64_t> &shape, int64_t axis,
                                QuantizeFamilyProblem *out);
/// Per token: n, d >= 0; block = d, period = n (at least 1).
Status quantizePerTokenLayout(int64_t n, int64_t d, QuantizeFamilyProblem *out);
/// Per group: outer, axis >= 0, group > 0, axis % group == 0; block = group,
/// period = outer * axis / group (at least 1).
Status quantizePerGroupLayout(int64_t outer, int64_t axis, int64_t group,
                              QuantizeFamilyProblem *out);

Status validate(const QuantizePerTensorDescriptor &desc, FamilyOp op,
                QuantizeFamilyProblem *out);
Status validate(const DequantizePerTensorDescriptor &desc, FamilyOp op,
                QuantizeFamilyProblem *out);
Status validate(const FakeQuantizeDescriptor &desc, FamilyOp op,
                QuantizeFamilyProblem *out);
Status validate(const QuantizePerChannelDescriptor &desc, FamilyOp op,
                QuantizeFamilyProblem *out);
Status validate(const DequantizePerChannelDescriptor &desc, FamilyOp op,
                QuantizeFamilyProblem *out);
Status validate(const QuantizePerTokenDescriptor &desc,
                QuantizeFamilyProblem *out);
Status validate(const QuantizePerTokenBackwardDescriptor &desc,
                QuantizeFamilyProblem *out);
Status validate(const DequantizePerTokenDescriptor &desc,
                QuantizeFamilyProblem *out);
/// `element`: the plan's T.
Status validate(const DequantizePerTokenBackwardDescriptor &desc,
                ElementKind element, QuantizeFamilyProblem *out);
Status validate(const QuantizePerGroupBackwardDescriptor &desc,
                QuantizeFamilyProblem *out);
Status validate(const DequantizePerGroupDescriptor &desc,
                QuantizeFamilyProblem *out);
/// `element`: the plan's T.
Status validate(const DequantizePerGroupBackwardDescriptor &desc,
                ElementKind element, QuantizeFamilyProblem *out);
/// quantize_per_group: validateQuantizePerGroupDescriptor's rules and
/// messages (its per-dim limit, not kMaxFamilyElements: sizes past an
/// address space are the plan core's to refuse, naming them).
Status validate(const QuantizePerGroupDescriptor &desc,
                QuantizeFamilyProblem *out);

// --- How messages name a problem's size, in its descriptor's words -----===//
/// "numel = 128".
std::string perTensorSizeText(int64_t numel);
/// "shape = [2, 3, 4], axis = 1".
std::string perChannelSizeText(const std::vector<int64_t> &shape, int64_t axis);
/// "[n, d] = [4, 8]".
std::string perTokenSizeText(int64_t n, int64_t d);
/// "[outer_size, axis_size] = [2, 64]".
std::string perGroupSizeText(int64_t outer, int64_t axis);

} // namespace baracuda

#endif // BARACUDA_RULES_QUANTIZEDESCRIPTORRULES_H
