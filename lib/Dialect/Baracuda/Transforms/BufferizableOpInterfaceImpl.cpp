//===- BufferizableOpInterfaceImpl.cpp - One-shot bufferization -----------===//

#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dialect.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

/// `buffer` itself when it is contiguous row-major (identity layout), else a
/// contiguous copy of it: the kernels take flat buffers. A strided buffer
/// comes from e.g. a `tensor.extract_slice` operand.
FailureOr<Value> getContiguousBuffer(RewriterBase &rewriter, Location loc,
                                     Value buffer,
                                     const BufferizationOptions &options) {
  auto type = cast<MemRefType>(buffer.getType());
  if (type.getLayout().isIdentity())
    return buffer;
  auto contiguousType =
      MemRefType::get(type.getShape(), type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(memref::DimOp::create(rewriter, loc, buffer, d));
  FailureOr<Value> copy =
      options.createAlloc(rewriter, loc, contiguousType, dynamicSizes);
  if (failed(copy) ||
      failed(options.createMemCpy(rewriter, loc, buffer, *copy)))
    return failure();
  return copy;
}

/// The op reads its three operands and writes a new tensor: it never writes
/// an operand in place, so its result aliases nothing.
struct QuantizePerGroupOpInterface
    : public BufferizableOpInterface::ExternalModel<
          QuantizePerGroupOpInterface, mlir::baracuda::QuantizePerGroupOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return true;
  }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return false;
  }
  AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                      const AnalysisState &) const {
    return {};
  }
  bool bufferizesToAllocation(Operation *, Value) const { return true; }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto quantizeOp = cast<mlir::baracuda::QuantizePerGroupOp>(op);
    Location loc = op->getLoc();

    SmallVector<Value> operands;
    for (Value tensor : {quantizeOp.getInput(), quantizeOp.getScale(),
                         quantizeOp.getZeroPoint()}) {
      FailureOr<Value> buffer = getBuffer(rewriter, tensor, options, state);
      if (failed(buffer))
        return failure();
      buffer = getContiguousBuffer(rewriter, loc, *buffer, options);
      if (failed(buffer))
        return failure();
      operands.push_back(*buffer);
    }

    // A fresh tensor for the result; its contents are all overwritten.
    FailureOr<Value> outputTensor = allocateTensorForShapedValue(
        rewriter, loc, quantizeOp.getOutput(), options, state,
        /*copy=*/false);
    if (failed(outputTensor))
      return failure();
    FailureOr<Value> output =
        getBuffer(rewriter, *outputTensor, options, state);
    if (failed(output))
      return failure();

    mlir::baracuda::QuantizePerGroupIntoOp::create(
        rewriter, loc, operands[0], operands[1], operands[2], *output,
        quantizeOp.getGroupSizeAttr(), quantizeOp.getQMinAttr(),
        quantizeOp.getQMaxAttr());
    replaceOpWithBufferizedValues(rewriter, op, *output);
    return success();
  }
};

} // namespace

void mlir::baracuda::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(
      +[](MLIRContext *ctx, mlir::baracuda::BaracudaDialect *) {
        mlir::baracuda::QuantizePerGroupOp::attachInterface<
            QuantizePerGroupOpInterface>(*ctx);
      });
}
