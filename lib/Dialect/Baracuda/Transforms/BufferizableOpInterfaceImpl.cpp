//===- BufferizableOpInterfaceImpl.cpp - One-shot bufferization -----------===//

#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

/// A contiguous row-major (identity layout) copy of a strided `buffer` (e.g.
/// a `tensor.extract_slice` operand): the kernels take flat buffers. The
/// copy is a loop nest rather than `memref.copy`, whose lowering of strided
/// buffers calls `memrefCopy` of MLIR's C runner utilities, a library the
/// lowered code would otherwise need at link time.
FailureOr<Value> buildContiguousCopy(RewriterBase &rewriter, Location loc,
                                     Value buffer,
                                     const BufferizationOptions &options) {
  auto type = cast<MemRefType>(buffer.getType());
  auto contiguousType =
      MemRefType::get(type.getShape(), type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  SmallVector<Value> sizes, dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    sizes.push_back(memref::DimOp::create(rewriter, loc, buffer, d));
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(sizes.back());
  }
  FailureOr<Value> copy =
      options.createAlloc(rewriter, loc, contiguousType, dynamicSizes);
  if (failed(copy))
    return failure();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  scf::buildLoopNest(rewriter, loc, SmallVector<Value>(sizes.size(), zero),
                     sizes, SmallVector<Value>(sizes.size(), one),
                     [&](OpBuilder &b, Location l, ValueRange indices) {
                       Value element =
                           memref::LoadOp::create(b, l, buffer, indices);
                       memref::StoreOp::create(b, l, element, *copy, indices);
                     });
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

    SmallVector<Value> operands, copies;
    for (Value tensor : {quantizeOp.getInput(), quantizeOp.getScale(),
                         quantizeOp.getZeroPoint()}) {
      FailureOr<Value> buffer = getBuffer(rewriter, tensor, options, state);
      if (failed(buffer))
        return failure();
      if (!cast<MemRefType>(buffer->getType()).getLayout().isIdentity()) {
        buffer = buildContiguousCopy(rewriter, loc, *buffer, options);
        if (failed(buffer))
          return failure();
        copies.push_back(*buffer);
      }
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
    // The copies live only for the op.
    for (Value copy : copies)
      memref::DeallocOp::create(rewriter, loc, copy);
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
