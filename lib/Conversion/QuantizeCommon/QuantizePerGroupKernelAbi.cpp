//===- QuantizePerGroupKernelAbi.cpp - Kernel signature in IR -------------===//

#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::baracuda;

SmallVector<Type> mlir::baracuda::getQuantizePerGroupKernelArgTypes(
    MLIRContext *ctx, Type inputElementType, IntegerType storageType) {
  auto vec = [](Type t) { return MemRefType::get({ShapedType::kDynamic}, t); };
  Builder b(ctx);
  return {vec(inputElementType), vec(inputElementType), vec(b.getI32Type()),
          vec(storageType),      b.getI64Type(),         b.getI64Type(),
          b.getI32Type(),        b.getI32Type()};
}

FunctionType
mlir::baracuda::getQuantizePerGroupKernelType(QuantizePerGroupIntoOp op) {
  SmallVector<Type> argTypes = getQuantizePerGroupKernelArgTypes(
      op.getContext(), op.getInput().getType().getElementType(),
      getStorageType(op.getOutput().getType().getElementType()));
  return FunctionType::get(op.getContext(), argTypes, {});
}

namespace {
/// (input kind, output kind) of `op`; the verifier guarantees both exist.
std::pair<::baracuda::ElementKind, ::baracuda::ElementKind>
getKinds(QuantizePerGroupIntoOp op) {
  return {*getElementKind(op.getInput().getType().getElementType()),
          *getElementKind(op.getOutput().getType().getElementType())};
}
} // namespace

std::string mlir::baracuda::getQuantizePerGroupKernelName(
    QuantizePerGroupIntoOp op, int vectorWidth) {
  auto [in, out] = getKinds(op);
  return ::baracuda::quantizePerGroupKernelName(in, out, vectorWidth);
}

SmallVector<int>
mlir::baracuda::getQuantizePerGroupVectorWidths(QuantizePerGroupIntoOp op) {
  ::baracuda::ElementKind in = getKinds(op).first;
  int64_t group = op.getGroupSizeAttr().getInt();
  SmallVector<int> widths;
  for (int width : {::baracuda::quantizePerGroupWideVectorWidth(in),
                    ::baracuda::quantizePerGroupVectorWidth(in)})
    if (::baracuda::quantizePerGroupVectorWidthFits(width, group))
      widths.push_back(width);
  return widths;
}

std::string mlir::baracuda::getQuantizePerGroupCpuKernelName(
    QuantizePerGroupIntoOp op) {
  auto [in, out] = getKinds(op);
  return ::baracuda::quantizePerGroupCpuKernelName(in, out);
}

FailureOr<SmallVector<Value>>
mlir::baracuda::buildQuantizePerGroupKernelOperands(OpBuilder &b,
                                                    QuantizePerGroupIntoOp op) {
  Location loc = op.getLoc();
  SmallVector<Value> operands;
  for (Value buffer :
       {op.getInput(), op.getScale(), op.getZeroPoint(), op.getOutput()}) {
    FailureOr<Value> flat = flattenBufferForKernel(b, loc, buffer);
    if (failed(flat))
      return failure();
    operands.push_back(*flat);
  }
  Value numElements = buildNumElements(b, loc, op.getOutput());
  operands.push_back(
      arith::IndexCastOp::create(b, loc, b.getI64Type(), numElements));
  operands.push_back(arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(op.getGroupSizeAttr().getInt())));
  operands.push_back(arith::ConstantOp::create(b, loc, op.getQMinAttr()));
  operands.push_back(arith::ConstantOp::create(b, loc, op.getQMaxAttr()));
  return operands;
}
