//===- BufferizableOpInterfaceImpl.cpp - One-shot bufferization -----------===//

#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/Dialect.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

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

    FailureOr<Value> input =
        getBuffer(rewriter, quantizeOp.getInput(), options, state);
    FailureOr<Value> scale =
        getBuffer(rewriter, quantizeOp.getScale(), options, state);
    FailureOr<Value> zeroPoint =
        getBuffer(rewriter, quantizeOp.getZeroPoint(), options, state);
    if (failed(input) || failed(scale) || failed(zeroPoint))
      return failure();

    // A fresh tensor for the result; its contents are all overwritten.
    FailureOr<Value> outputTensor = allocateTensorForShapedValue(
        rewriter, loc, quantizeOp.getOutput(), options, state,
        /*copy=*/false);
    if (failed(outputTensor))
      return failure();
    FailureOr<Value> output = getBuffer(rewriter, *outputTensor, options, state);
    if (failed(output))
      return failure();

    mlir::baracuda::QuantizePerGroupIntoOp::create(
        rewriter, loc, *input, *scale, *zeroPoint, *output,
        quantizeOp.getGroupSizeAttr(), quantizeOp.getQMinAttr(),
        quantizeOp.getQMaxAttr());
    replaceOpWithBufferizedValues(rewriter, op, *output);
    return success();
  }
};

} // namespace

void mlir::baracuda::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, mlir::baracuda::BaracudaDialect *) {
    mlir::baracuda::QuantizePerGroupOp::attachInterface<QuantizePerGroupOpInterface>(*ctx);
  });
}
