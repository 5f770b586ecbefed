//===- BufferizableOpInterfaceImpl.cpp - One-shot bufferization -----------===//
//
// Every op of the quantization family is destination-style: the upstream
// DstBufferizableOpInterfaceExternalModel gives the analysis (the result
// aliases the `outs` operand, only that operand is written), and bufferize()
// below rebuilds the op on buffers, once for the whole family.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

/// A loop nest copying every element of `from` into `to` (same shape). Not
/// `memref.copy`, whose lowering of strided buffers calls `memrefCopy` of
/// MLIR's C runner utilities, a library the lowered code would otherwise
/// need at link time.
void buildElementwiseCopy(OpBuilder &b, Location loc, Value from, Value to) {
  auto type = cast<MemRefType>(from.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(memref::DimOp::create(b, loc, from, d));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  scf::buildLoopNest(b, loc, SmallVector<Value>(sizes.size(), zero), sizes,
                     SmallVector<Value>(sizes.size(), one),
                     [&](OpBuilder &nb, Location l, ValueRange indices) {
                       Value element =
                           memref::LoadOp::create(nb, l, from, indices);
                       memref::StoreOp::create(nb, l, element, to, indices);
                     });
}

/// A contiguous row-major (identity layout) buffer of `buffer`'s shape.
FailureOr<Value> allocateContiguous(RewriterBase &rewriter, Location loc,
                                    Value buffer,
                                    const BufferizationOptions &options) {
  auto type = cast<MemRefType>(buffer.getType());
  auto contiguousType =
      MemRefType::get(type.getShape(), type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(memref::DimOp::create(rewriter, loc, buffer, d));
  return options.createAlloc(rewriter, loc, contiguousType, dynamicSizes);
}

/// The kernels take flat buffers: a strided operand (e.g. a
/// `tensor.extract_slice`) is read from a contiguous copy, and a strided
/// destination is written through a contiguous buffer copied into it after
/// the op.
template <typename OpTy>
struct QuantizeFamilyOpInterface
    : public DstBufferizableOpInterfaceExternalModel<
          QuantizeFamilyOpInterface<OpTy>, OpTy> {
  /// The op writes every element of its destination and reads none.
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto dps = cast<DestinationStyleOpInterface>(op);
    Location loc = op->getLoc();
    SmallVector<Value> operands, temporaries;
    Value destination, written;
    for (OpOperand &operand : op->getOpOperands()) {
      if (!isa<TensorType>(operand.get().getType())) {
        operands.push_back(operand.get()); // A per-tensor scalar.
        continue;
      }
      FailureOr<Value> buffer =
          getBuffer(rewriter, operand.get(), options, state);
      if (failed(buffer))
        return failure();
      Value used = *buffer;
      if (!cast<MemRefType>(buffer->getType()).getLayout().isIdentity()) {
        FailureOr<Value> contiguous =
            allocateContiguous(rewriter, loc, *buffer, options);
        if (failed(contiguous))
          return failure();
        if (!dps.isDpsInit(&operand))
          buildElementwiseCopy(rewriter, loc, *buffer, *contiguous);
        temporaries.push_back(*contiguous);
        used = *contiguous;
      }
      if (dps.isDpsInit(&operand)) {
        destination = *buffer;
        written = used;
      }
      operands.push_back(used);
    }
    OperationState bufferized(loc, op->getName(), operands, TypeRange{},
                              op->getAttrs());
    rewriter.create(bufferized);
    if (written != destination)
      buildElementwiseCopy(rewriter, loc, written, destination);
    // The temporaries live only for the op.
    for (Value temporary : temporaries)
      memref::DeallocOp::create(rewriter, loc, temporary);
    replaceOpWithBufferizedValues(rewriter, op, destination);
    return success();
  }
};

template <typename... Ops> void attachToAll(MLIRContext *ctx) {
  (Ops::template attachInterface<QuantizeFamilyOpInterface<Ops>>(*ctx), ...);
}

} // namespace

void mlir::baracuda::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, BaracudaDialect *) {
    attachToAll<
#define GET_OP_LIST
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
        >(ctx);
  });
}
