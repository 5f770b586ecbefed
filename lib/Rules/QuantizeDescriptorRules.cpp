//===- QuantizeDescriptorRules.cpp - Descriptor rules of the runtime's plans
//--===//

#include "baracuda/Rules/QuantizeDescriptorRules.h"

#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Rules/QuantizePerGroupRules.h"

#include <optional>
#include <string>

namespace baracuda {

namespace {
std::string str(int64_t v) { return std::to_string(v); }
std::string name(ElementKind kind) {
  return std::string(elementKindName(kind));
}

Status nonNegative(const char *what, int64_t value) {
  if (value < 0)
    return invalidProblem(std::string(what) + " (" + str(value) +
                          ") must be non-negative");
  return Status::success();
}

/// The op's types and range, then the layout's sizes, into `*out`.
template <typename Layout>
Status build(FamilyOp op, ElementKind t, ElementKind q, int64_t qMin,
             int64_t qMax, QuantizeFamilyProblem *out, Layout &&layout) {
  Status types = validateQuantizeFamilyTypesAndRange(op, t, q, qMin, qMax);
  if (!types.ok())
    return types;
  QuantizeFamilyProblem problem;
  problem.op = op;
  problem.t = t;
  problem.q = quantizeOpSpec(op).hasQ ? q : ElementKind::S8;
  if (quantizeOpSpec(op).hasRange) {
    problem.q_min = static_cast<int32_t>(qMin);
    problem.q_max = static_cast<int32_t>(qMax);
  }
  Status sizes = layout(&problem);
  if (!sizes.ok())
    return sizes;
  *out = problem;
  return Status::success();
}

} // namespace

Status validateQuantizeFamilyTypesAndRange(FamilyOp op, ElementKind t,
                                           ElementKind q, int64_t qMin,
                                           int64_t qMax) {
  if (!isFamilyFloatElement(t))
    return unsupported("input_element (" + name(t) +
                       ") must be one of f32, f64, f16, bf16");
  if (!isFamilyQuantizedElement(q))
    return unsupported("output_element (" + name(q) +
                       ") must be one of s8, u8");
  // Only quantize's range must fit its type (its output); the masks of the
  // backward ops compare in i64, so any int32 range is theirs.
  return validateRange(op,
                       op == FamilyOp::Quantize ? std::optional<ElementKind>(q)
                                                : std::nullopt,
                       qMin, qMax);
}

namespace {
/// The layout's rules over a concrete data shape (QuantizeFamilyRules.h),
/// then its (block, period).
Status layoutOver(const ParameterLayout &layout,
                  const std::vector<int64_t> &shape,
                  QuantizeFamilyProblem *out) {
  Status valid = validateLayout(layout, static_cast<int64_t>(shape.size()));
  if (!valid.ok())
    return valid;
  valid = validateDataShape(layout, MaybeShape(shape.begin(), shape.end()));
  if (!valid.ok())
    return valid;
  int64_t numel = 1;
  for (int64_t dim : shape)
    numel *= dim;
  BlockPeriod bp = blockAndPeriod(layout, shape);
  out->layout = layout.kind;
  out->numel = numel;
  out->block = bp.block;
  out->period = bp.period;
  return Status::success();
}
} // namespace

Status quantizePerTensorLayout(int64_t numel, QuantizeFamilyProblem *out) {
  if (Status s = nonNegative("numel", numel); !s.ok())
    return s;
  if (numel > kMaxFamilyElements)
    return invalidProblem("numel (" + str(numel) + ") must be at most 2^60");
  out->layout = LayoutKind::PerTensor;
  out->numel = numel;
  out->block = numel > 0 ? numel : 1;
  out->period = 1;
  return Status::success();
}

Status quantizePerChannelLayout(const std::vector<int64_t> &shape, int64_t axis,
                                QuantizeFamilyProblem *out) {
  if (shape.empty())
    return invalidProblem("shape must have rank >= 1 (it has rank 0)");
  return layoutOver(ParameterLayout::perChannel(axis), shape, out);
}

Status quantizePerTokenLayout(int64_t n, int64_t d,
                              QuantizeFamilyProblem *out) {
  if (Status s = nonNegative("n", n); !s.ok())
    return s;
  if (Status s = nonNegative("d", d); !s.ok())
    return s;
  return layoutOver(ParameterLayout::perToken(), {n, d}, out);
}

Status quantizePerGroupLayout(int64_t outer, int64_t axis, int64_t group,
                              QuantizeFamilyProblem *out) {
  // The descriptor's own words first (outer_size, axis_size, group_size).
  if (Status s = nonNegative("outer_size", outer); !s.ok())
    return s;
  if (Status s = nonNegative("axis_size", axis); !s.ok())
    return s;
  if (group <= 0)
    return invalidProblem("group_size (" + str(group) + ") must be positive");
  if (axis % group != 0)
    return invalidProblem(
        quantizePerGroupAxisRuleMessage(str(axis), str(group)));
  return layoutOver(ParameterLayout::perGroup(group), {outer, axis}, out);
}

Status validate(const QuantizePerTensorDescriptor &d, FamilyOp op,
                QuantizeFamilyProblem *out) {
  return build(op, d.input_element, d.output_element, d.q_min, d.q_max, out,
               [&](QuantizeFamilyProblem *p) {
                 return quantizePerTensorLayout(d.numel, p);
               });
}

Status validate(const DequantizePerTensorDescriptor &d, FamilyOp op,
                QuantizeFamilyProblem *out) {
  return build(op, d.input_element, d.output_element, 0, 0, out,
               [&](QuantizeFamilyProblem *p) {
                 return quantizePerTensorLayout(d.numel, p);
               });
}

Status validate(const FakeQuantizeDescriptor &d, FamilyOp op,
                QuantizeFamilyProblem *out) {
  return build(op, d.input_element, ElementKind::S8, d.q_min, d.q_max, out,
               [&](QuantizeFamilyProblem *p) {
                 return quantizePerTensorLayout(d.numel, p);
               });
}

Status validate(const QuantizePerChannelDescriptor &d, FamilyOp op,
                QuantizeFamilyProblem *out) {
  return build(op, d.input_element, d.output_element, d.q_min, d.q_max, out,
               [&](QuantizeFamilyProblem *p) {
                 return quantizePerChannelLayout(d.shape, d.axis, p);
               });
}

Status validate(const DequantizePerChannelDescriptor &d, FamilyOp op,
                QuantizeFamilyProblem *out) {
  return build(op, d.input_element, d.output_element, 0, 0, out,
               [&](QuantizeFamilyProblem *p) {
                 return quantizePerChannelLayout(d.shape, d.axis, p);
               });
}

Status validate(const QuantizePerTokenDescriptor &d,
                QuantizeFamilyProblem *out) {
  return build(FamilyOp::Quantize, d.input_element, d.output_element, d.q_min,
               d.q_max, out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerTokenLayout(d.n, d.d, p);
               });
}

Status validate(const QuantizePerTokenBackwardDescriptor &d,
                QuantizeFamilyProblem *out) {
  return build(FamilyOp::QuantizeBackward, d.input_element, ElementKind::S8,
               d.q_min, d.q_max, out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerTokenLayout(d.n, d.d, p);
               });
}

Status validate(const DequantizePerTokenDescriptor &d,
                QuantizeFamilyProblem *out) {
  return build(FamilyOp::Dequantize, d.input_element, d.output_element, 0, 0,
               out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerTokenLayout(d.n, d.d, p);
               });
}

Status validate(const DequantizePerTokenBackwardDescriptor &d,
                ElementKind element, QuantizeFamilyProblem *out) {
  return build(FamilyOp::DequantizeBackward, element, ElementKind::S8, 0, 0,
               out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerTokenLayout(d.n, d.d, p);
               });
}

Status validate(const QuantizePerGroupBackwardDescriptor &d,
                QuantizeFamilyProblem *out) {
  return build(FamilyOp::QuantizeBackward, d.input_element, ElementKind::S8,
               d.q_min, d.q_max, out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerGroupLayout(d.outer_size, d.axis_size,
                                               d.group_size, p);
               });
}

Status validate(const DequantizePerGroupDescriptor &d,
                QuantizeFamilyProblem *out) {
  return build(FamilyOp::Dequantize, d.input_element, d.output_element, 0, 0,
               out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerGroupLayout(d.outer_size, d.axis_size,
                                               d.group_size, p);
               });
}

Status validate(const DequantizePerGroupBackwardDescriptor &d,
                ElementKind element, QuantizeFamilyProblem *out) {
  return build(FamilyOp::DequantizeBackward, element, ElementKind::S8, 0, 0,
               out, [&](QuantizeFamilyProblem *p) {
                 return quantizePerGroupLayout(d.outer_size, d.axis_size,
                                               d.group_size, p);
               });
}

Status validate(const QuantizePerGroupDescriptor &d,
                QuantizeFamilyProblem *out) {
  Status rules = validateQuantizePerGroupDescriptor(d);
  if (!rules.ok())
    return rules;
  QuantizeFamilyProblem problem;
  problem.op = FamilyOp::Quantize;
  problem.layout = LayoutKind::PerGroup;
  problem.t = d.input_element;
  problem.q = d.output_element;
  problem.numel = int64_t{d.outer_size} * d.axis_size;
  // block stays group_size for an empty problem too: the vectorized
  // variants a plan may report depend on it.
  problem.block = d.group_size;
  problem.period = blockAndPeriod(ParameterLayout::perGroup(d.group_size),
                                  {d.outer_size, d.axis_size})
                       .period;
  problem.q_min = d.q_min;
  problem.q_max = d.q_max;
  *out = problem;
  return Status::success();
}

namespace {
std::string list(const std::vector<int64_t> &values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + str(values[i]);
  return text + "]";
}
} // namespace

std::string perTensorSizeText(int64_t numel) { return "numel = " + str(numel); }
std::string perChannelSizeText(const std::vector<int64_t> &shape,
                               int64_t axis) {
  return "shape = " + list(shape) + ", axis = " + str(axis);
}
std::string perTokenSizeText(int64_t n, int64_t d) {
  return "[n, d] = " + list({n, d});
}
std::string perGroupSizeText(int64_t outer, int64_t axis) {
  return "[outer_size, axis_size] = " + list({outer, axis});
}

} // namespace baracuda
