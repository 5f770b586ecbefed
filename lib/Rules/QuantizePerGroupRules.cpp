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

std::string sizeLimit() {
  return str(kMaxQuantizePerGroupSize) + " (the runtime's descriptors are "
                                         "32-bit)";
}
} // namespace

std::string quantizePerGroupAxisRuleMessage(const std::string &axis,
                                            const std::string &group) {
  return "axis_size (" + axis + ") must be a multiple of group_size (" + group +
         ")";
}

std::string quantizePerGroupShapeRuleMessage(const std::string &operand,
                                             const std::string &shape,
                                             bool perGroup,
                                             const std::string &required) {
  return operand + " shape " + shape + " must be [outer_size, " +
         (perGroup ? "axis_size / group_size" : "axis_size") +
         "] = " + required;
}

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
  if (p.outer_size && *p.outer_size > kMaxQuantizePerGroupSize)
    return invalidProblem("outer_size (" + str(p.outer_size) +
                          ") must be at most " + sizeLimit());
  if (p.axis_size && *p.axis_size > kMaxQuantizePerGroupSize)
    return invalidProblem("axis_size (" + str(p.axis_size) +
                          ") must be at most " + sizeLimit());
  if (p.group_size <= 0)
    return invalidProblem("group_size (" + str(p.group_size) +
                          ") must be positive");
  if (p.axis_size && *p.axis_size % p.group_size != 0)
    return invalidProblem(
        quantizePerGroupAxisRuleMessage(str(p.axis_size), str(p.group_size)));
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
  const std::pair<const char *, const MaybeShape2 *> operands[] = {
      {"input", &input},
      {"scale", &scale},
      {"zero_point", &zeroPoint},
      {"output", &output}};
  for (auto [name, shape] : operands)
    for (int d = 0; d < 2; ++d)
      if ((*shape)[d] && *(*shape)[d] > kMaxQuantizePerGroupSize)
        return invalidProblem(std::string(name) + " shape " + str(*shape) +
                              ": dim " + str(d) + " must be at most " +
                              sizeLimit());
  if (!compatible(input, io))
    return invalidProblem(quantizePerGroupShapeRuleMessage(
        "input", str(input), /*perGroup=*/false, str(io)));
  if (!compatible(output, io))
    return invalidProblem(quantizePerGroupShapeRuleMessage(
        "output", str(output), /*perGroup=*/false, str(io)));
  if (!compatible(scale, sg))
    return invalidProblem(quantizePerGroupShapeRuleMessage(
        "scale", str(scale), /*perGroup=*/true, str(sg)));
  if (!compatible(zeroPoint, sg))
    return invalidProblem(quantizePerGroupShapeRuleMessage(
        "zero_point", str(zeroPoint), /*perGroup=*/true, str(sg)));
  // With outer or axis unknown, scale and zero_point still pin each other.
  if (!compatible(zeroPoint, scale))
    return invalidProblem("zero_point shape " + str(zeroPoint) +
                          " must equal scale shape " + str(scale));
  return Status::success();
}

} // namespace baracuda
