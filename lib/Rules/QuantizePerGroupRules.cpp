//===- QuantizePerGroupRules.cpp - Descriptor rules of quantize_per_group -===//

#include "baracuda/Rules/QuantizePerGroupRules.h"

#include <string>

namespace baracuda {

namespace {
std::string str(int64_t v) { return std::to_string(v); }
std::string str(const MaybeDim &d) { return d ? std::to_string(*d) : "?"; }
std::string str(const MaybeShape2 &s) {
  return "[" + str(s[0]) + ", " + str(s[1]) + "]";
}

/// Whether two possibly-unknown dims may be equal.
bool compatible(const MaybeDim &a, const MaybeDim &b) {
  return !a || !b || *a == *b;
}
bool compatible(const MaybeShape2 &a, const MaybeShape2 &b) {
  return compatible(a[0], b[0]) && compatible(a[1], b[1]);
}
} // namespace

bool isQuantizePerGroupInputElement(ElementKind kind) {
  return kind == ElementKind::F32 || kind == ElementKind::F64 ||
         kind == ElementKind::F16 || kind == ElementKind::BF16;
}

bool isQuantizePerGroupOutputElement(ElementKind kind) {
  return kind == ElementKind::S8 || kind == ElementKind::U8;
}

QuantizePerGroupProblem
QuantizePerGroupProblem::from(const QuantizePerGroupDescriptor &desc) {
  QuantizePerGroupProblem p;
  p.outer_size = desc.outer_size;
  p.axis_size = desc.axis_size;
  p.group_size = desc.group_size;
  p.q_min = desc.q_min;
  p.q_max = desc.q_max;
  p.input_element = desc.input_element;
  p.output_element = desc.output_element;
  return p;
}

Status validateQuantizePerGroupProblem(const QuantizePerGroupProblem &p) {
  if (!isQuantizePerGroupInputElement(p.input_element))
    return unsupported("input_element (" +
                       std::string(elementKindName(p.input_element)) +
                       ") must be one of f32, f64, f16, bf16");
  if (!isQuantizePerGroupOutputElement(p.output_element))
    return unsupported("output_element (" +
                       std::string(elementKindName(p.output_element)) +
                       ") must be one of s8, u8");
  if (p.outer_size && *p.outer_size < 0)
    return invalidProblem("outer_size (" + str(p.outer_size) +
                          ") must be non-negative");
  if (p.axis_size && *p.axis_size < 0)
    return invalidProblem("axis_size (" + str(p.axis_size) +
                          ") must be non-negative");
  if (p.group_size <= 0)
    return invalidProblem("group_size (" + str(p.group_size) +
                          ") must be positive");
  if (p.axis_size && *p.axis_size % p.group_size != 0)
    return invalidProblem("axis_size (" + str(p.axis_size) +
                          ") must be a multiple of group_size (" +
                          str(p.group_size) + ")");
  if (p.q_max < p.q_min)
    return invalidProblem("q_max (" + str(p.q_max) +
                          ") must be greater than or equal to q_min (" +
                          str(p.q_min) + ")");
  int64_t lo = integerKindMin(p.output_element);
  int64_t hi = integerKindMax(p.output_element);
  std::string range = std::string(elementKindName(p.output_element)) +
                      " range [" + str(lo) + ", " + str(hi) + "]";
  if (p.q_min < lo || p.q_min > hi)
    return invalidProblem("q_min (" + str(p.q_min) + ") must lie in the " +
                          range);
  if (p.q_max < lo || p.q_max > hi)
    return invalidProblem("q_max (" + str(p.q_max) + ") must lie in the " +
                          range);
  return Status::success();
}

Status validateQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &d) {
  return validateQuantizePerGroupProblem(QuantizePerGroupProblem::from(d));
}

Status validateQuantizePerGroupShapes(const QuantizePerGroupProblem &p,
                                      const MaybeShape2 &input,
                                      const MaybeShape2 &scale,
                                      const MaybeShape2 &zeroPoint,
                                      const MaybeShape2 &output) {
  MaybeShape2 io = {p.outer_size, p.axis_size};
  MaybeDim groups;
  if (p.axis_size && p.group_size > 0)
    groups = *p.axis_size / p.group_size;
  MaybeShape2 sg = {p.outer_size, groups};
  if (!compatible(input, io))
    return invalidProblem("input shape " + str(input) +
                          " must be [outer_size, axis_size] = " + str(io));
  if (!compatible(output, io))
    return invalidProblem("output shape " + str(output) +
                          " must be [outer_size, axis_size] = " + str(io));
  if (!compatible(scale, sg))
    return invalidProblem("scale shape " + str(scale) +
                          " must be [outer_size, axis_size / group_size] = " +
                          str(sg));
  if (!compatible(zeroPoint, sg))
    return invalidProblem(
        "zero_point shape " + str(zeroPoint) +
        " must be [outer_size, axis_size / group_size] = " + str(sg));
  return Status::success();
}

} // namespace baracuda
