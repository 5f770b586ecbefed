//===- QuantizePerGroupKernelAbi.cpp - Kernel signature in IR -------------===//

#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::baracuda;

namespace {
/// The ops the kernel skeleton lowers today.
bool isLowerable(QuantizeFamilyOpInterface op) {
  return isa<QuantizeOp>(op) &&
         op.getParameterLayout().kind == ::baracuda::LayoutKind::PerGroup;
}
} // namespace

SmallVector<Type> mlir::baracuda::getQuantizePerGroupKernelArgTypes(
    MLIRContext *ctx, Type inputElementType, IntegerType storageType) {
  auto vec = [](Type t) { return MemRefType::get({ShapedType::kDynamic}, t); };
  Builder b(ctx);
  return {vec(inputElementType), vec(inputElementType), vec(b.getI32Type()),
          vec(storageType),      b.getI64Type(),        b.getI64Type(),
          b.getI32Type(),        b.getI32Type()};
}

FunctionType mlir::baracuda::getQuantizePerGroupKernelType(QuantizeOp op) {
  SmallVector<Type> argTypes = getQuantizePerGroupKernelArgTypes(
      op.getContext(), getElementTypeOrSelf(op.getInput().getType()),
      getStorageType(getElementTypeOrSelf(op.getOutput().getType())));
  return FunctionType::get(op.getContext(), argTypes, {});
}

namespace {
/// (input kind, output kind) of `op`; the verifier guarantees both exist.
std::pair<::baracuda::ElementKind, ::baracuda::ElementKind>
getKinds(QuantizeOp op) {
  return {*getElementKind(getElementTypeOrSelf(op.getInput().getType())),
          *getElementKind(getElementTypeOrSelf(op.getOutput().getType()))};
}
} // namespace

std::string mlir::baracuda::getQuantizePerGroupKernelName(QuantizeOp op,
                                                          int vectorWidth) {
  auto [in, out] = getKinds(op);
  return ::baracuda::quantizePerGroupKernelName(in, out, vectorWidth);
}

SmallVector<int>
mlir::baracuda::getQuantizePerGroupVectorWidths(QuantizeOp op) {
  ::baracuda::ElementKind in = getKinds(op).first;
  int64_t group = op.getParameterLayout().groupSize;
  SmallVector<int> widths;
  for (int width : {::baracuda::quantizePerGroupWideVectorWidth(in),
                    ::baracuda::quantizePerGroupVectorWidth(in)})
    if (::baracuda::quantizePerGroupVectorWidthFits(width, group))
      widths.push_back(width);
  return widths;
}

std::string mlir::baracuda::getQuantizePerGroupCpuKernelName(QuantizeOp op) {
  auto [in, out] = getKinds(op);
  return ::baracuda::quantizePerGroupCpuKernelName(in, out);
}

FailureOr<SmallVector<Value>>
mlir::baracuda::buildQuantizePerGroupKernelOperands(OpBuilder &b,
                                                    QuantizeOp op) {
  Location loc = op.getLoc();
  SmallVector<Value> operands;
  for (Value buffer : {op.getInput(), op.getScale(), op.getZeroPoint(),
                       Value(op.getOutput())}) {
    FailureOr<Value> flat = flattenBufferForKernel(b, loc, buffer);
    if (failed(flat))
      return failure();
    operands.push_back(*flat);
  }
  Value numElements = buildNumElements(b, loc, op.getOutput());
  operands.push_back(
      arith::IndexCastOp::create(b, loc, b.getI64Type(), numElements));
  operands.push_back(arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(op.getParameterLayout().groupSize)));
  operands.push_back(
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(op.getQMin())));
  operands.push_back(
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(op.getQMax())));
  return operands;
}

LogicalResult mlir::baracuda::checkBaracudaOpsLowerable(ModuleOp module,
                                                        StringRef pass) {
  bool lowerable = true;
  module.walk([&](QuantizeFamilyOpInterface op) {
    if (op->getParentOfType<ModuleOp>() != module) {
      op->emitOpError("inside a nested builtin.module is not lowered by ")
          << pass << ", which lowers the ops of the module it runs on; run "
          << "it on the nested module (e.g. "
             "--pass-pipeline='builtin.module(builtin.module(...))')";
      lowerable = false;
    } else if (op->getNumResults() != 0) {
      op->emitOpError("must be bufferized before ")
          << pass << " (run --baracuda-bufferize first)";
      lowerable = false;
    } else if (!isLowerable(op)) {
      op->emitOpError("with layout #baracuda.")
          << ::baracuda::layoutText(op.getParameterLayout())
          << " is not lowered by " << pass
          << " yet (only baracuda.quantize with #baracuda.per_group is)";
      lowerable = false;
    }
  });
  return success(lowerable);
}

LogicalResult mlir::baracuda::checkGeneratedSymbolIsFree(ModuleOp module,
                                                         StringRef name,
                                                         StringRef pass) {
  Operation *existing = module.lookupSymbol(name);
  if (!existing)
    return success();
  return existing->emitOpError("defines symbol '@")
         << name << "', which " << pass
         << " generates (the runtime looks kernels up by this name); rename "
            "it";
}
