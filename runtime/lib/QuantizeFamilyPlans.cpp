//===- QuantizeFamilyPlans.cpp - Typed plans of the quantization family ---===//
//
// The non-template part of the faces: their messages and the hand-over of
// the operands to the core.
//
//===----------------------------------------------------------------------===//

#include "baracuda/runtime/QuantizeFamilyPlans.h"

namespace baracuda::family_face {

namespace {
std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}
} // namespace

Status elementMismatch(const std::string &name, const char *field,
                       ElementKind got, const char *param, ElementKind want) {
  return unsupported(name + ": descriptor " + field + " (" +
                     std::string(elementKindName(got)) +
                     ") must be the plan's " + param + " (" +
                     std::string(elementKindName(want)) + ")");
}

Status checkFaceShapes(FamilyOp op, const std::string &prefix,
                       const Shapes &shapes,
                       const std::vector<Operand> &operands) {
  const QuantizeOpSpec &spec = quantizeOpSpec(op);
  for (size_t i = 0; i < operands.size(); ++i) {
    if (operands[i].isValue)
      continue;
    bool parameter = spec.operands[i].isParameter();
    const std::vector<int64_t> &want = parameter ? shapes.params : shapes.data;
    if (operands[i].shape != want)
      return invalidProblem(prefix + spec.operands[i].name + " shape " +
                            shapeText(operands[i].shape) + " must be " +
                            (parameter ? shapes.paramWords : shapes.dataWords) +
                            " = " + shapeText(want));
  }
  return Status::success();
}

QuantizeFamilyOperands coreOperands(FamilyOp op,
                                    const std::vector<Operand> &operands) {
  const QuantizeOpSpec &spec = quantizeOpSpec(op);
  QuantizeFamilyOperands result;
  for (size_t i = 0; i < operands.size() && i < kMaxQuantizeOperands; ++i) {
    if (!operands[i].isValue)
      result.data[i] = operands[i].data;
    else if (spec.operands[i].role == QuantizeOperandRole::ScaleT)
      result.scale = operands[i].value;
    else
      result.zero_point = static_cast<int32_t>(operands[i].value);
  }
  return result;
}

} // namespace baracuda::family_face
