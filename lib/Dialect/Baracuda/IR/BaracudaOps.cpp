//===- BaracudaOps.cpp - baracuda dialect ops -----------------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Rules/QuantizePerGroupRules.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::ElementKind;

std::optional<ElementKind> mlir::baracuda::getElementKind(Type type) {
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isSignedInteger(8))
    return ElementKind::S8;
  if (type.isUnsignedInteger(8))
    return ElementKind::U8;
  if (type.isSignlessInteger(32))
    return ElementKind::S32;
  return std::nullopt;
}

namespace {
::baracuda::MaybeShape2 toMaybeShape(ShapedType type) {
  ::baracuda::MaybeShape2 shape;
  for (int i = 0; i < 2; ++i)
    if (!type.isDynamicDim(i))
      shape[i] = type.getDimSize(i);
  return shape;
}

/// Verifies a quantize_per_group-family op through the shared rule functions,
/// so the message is the one the runtime gives for the same problem.
LogicalResult verifyQuantizePerGroup(Operation *op, ShapedType input,
                                     ShapedType scale, ShapedType zeroPoint,
                                     ShapedType output, int64_t groupSize,
                                     int64_t qMin, int64_t qMax) {
  std::optional<ElementKind> inKind = getElementKind(input.getElementType());
  if (!inKind || !::baracuda::isQuantizePerGroupInputElement(*inKind))
    return op->emitOpError("input element type ")
           << input.getElementType() << " must be one of f32, f64, f16, bf16";
  std::optional<ElementKind> outKind = getElementKind(output.getElementType());
  if (!outKind || !::baracuda::isQuantizePerGroupOutputElement(*outKind))
    return op->emitOpError("output element type ")
           << output.getElementType()
           << " must be si8 (s8) or ui8 (u8); signless i8 does not say which";

  ::baracuda::QuantizePerGroupProblem problem;
  ::baracuda::MaybeShape2 inShape = toMaybeShape(input);
  ::baracuda::MaybeShape2 outShape = toMaybeShape(output);
  // The problem size is what any of the [outer, axis] operands pins down.
  problem.outer_size = inShape[0] ? inShape[0] : outShape[0];
  problem.axis_size = inShape[1] ? inShape[1] : outShape[1];
  problem.group_size = groupSize;
  problem.q_min = qMin;
  problem.q_max = qMax;
  problem.input_element = *inKind;
  problem.output_element = *outKind;

  ::baracuda::Status status =
      ::baracuda::validateQuantizePerGroupProblem(problem);
  if (status.ok())
    status = ::baracuda::validateQuantizePerGroupShapes(
        problem, inShape, toMaybeShape(scale), toMaybeShape(zeroPoint),
        outShape);
  if (!status.ok())
    return op->emitOpError(status.message());
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// QuantizePerGroupOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizePerGroupOp::verify() {
  return verifyQuantizePerGroup(*this, getInput().getType(),
                                getScale().getType(),
                                getZeroPoint().getType(),
                                getOutput().getType(), getGroupSizeAttr().getInt(),
                                getQMinAttr().getInt(), getQMaxAttr().getInt());
}

LogicalResult QuantizePerGroupOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  // The output has the input's shape.
  SmallVector<OpFoldResult> dims;
  auto outputType = getOutput().getType();
  for (int64_t i = 0; i < outputType.getRank(); ++i) {
    if (!outputType.isDynamicDim(i))
      dims.push_back(builder.getIndexAttr(outputType.getDimSize(i)));
    else
      dims.push_back(
          tensor::getMixedSize(builder, getLoc(), getInput(), i));
  }
  reifiedReturnShapes.push_back(std::move(dims));
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizePerGroupIntoOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizePerGroupIntoOp::verify() {
  return verifyQuantizePerGroup(*this, getInput().getType(),
                                getScale().getType(),
                                getZeroPoint().getType(),
                                getOutput().getType(), getGroupSizeAttr().getInt(),
                                getQMinAttr().getInt(), getQMaxAttr().getInt());
}

#define GET_OP_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
