//===- BaracudaToGPU.cpp - baracuda ops to GPU kernel launches ------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::baracuda {
#define GEN_PASS_DEF_CONVERTBARACUDATOGPUPASS
#include "baracuda/Conversion/Passes.h.inc"
} // namespace mlir::baracuda

using namespace mlir;
using namespace mlir::baracuda;

namespace {

/// Upper bound on the grid of launches emitted in host code; the kernels loop
/// with a grid stride, so any grid covers the problem.
constexpr int64_t kMaxGridSize = 1 << 20;

/// Returns the module's `gpu.module @baracuda_kernels`, creating it.
gpu::GPUModuleOp getOrCreateKernelModule(ModuleOp module) {
  if (auto existing = module.lookupSymbol<gpu::GPUModuleOp>(
          ::baracuda::kGpuKernelModuleName))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  b.getUnitAttr());
  return gpu::GPUModuleOp::create(b, module.getLoc(),
                                  ::baracuda::kGpuKernelModuleName);
}

/// The thread's first index and the grid stride of a grid-stride loop.
std::pair<Value, Value> buildGridStride(OpBuilder &b, Location loc) {
  Value blockId = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value blockDim = gpu::BlockDimOp::create(b, loc, gpu::Dimension::x);
  Value threadId = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value gridDim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value start = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, blockId, blockDim), threadId);
  Value stride = arith::MulIOp::create(b, loc, blockDim, gridDim);
  return {start, stride};
}

/// Emits the body of a quantize_per_group kernel: a grid-stride loop over
/// the flattened elements (vectorWidth == 1), or over vectors of
/// `vectorWidth` elements loaded and stored with one 16-byte access. Element
/// i uses scale/zero point i / group_size; the vectorized variant needs a
/// power-of-two group (a shift, computed once per thread, replaces the
/// division) that is a multiple of the width (one scale per vector).
void buildQuantizePerGroupKernelBody(OpBuilder &b, Location loc,
                                     gpu::GPUFuncOp func,
                                     IntegerType storageType,
                                     int vectorWidth) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto arg = [&](unsigned i) -> Value { return entry.getArgument(i); };
  Type indexType = b.getIndexType();

  Value n = arith::IndexCastOp::create(b, loc, indexType, arg(kNumElementsArg));
  Value group =
      arith::IndexCastOp::create(b, loc, indexType, arg(kGroupSizeArg));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  auto [start, stride] = buildGridStride(b, loc);

  // A non-positive group size has no meaning; write nothing rather than
  // divide by zero (the runtime rejects it before launching).
  Value validGroup =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, group, zero);
  auto ifOp = scf::IfOp::create(b, loc, validGroup, /*withElseRegion=*/false);
  b.setInsertionPointToStart(ifOp.thenBlock());

  Value width = arith::ConstantIndexOp::create(b, loc, vectorWidth);
  Value groupShift;
  Value end = n;
  if (vectorWidth > 1) {
    // cttz on the i64 argument: NVVM lowers it, not its index form.
    groupShift = arith::IndexCastOp::create(
        b, loc, indexType,
        math::CountTrailingZerosOp::create(b, loc, arg(kGroupSizeArg)));
    end = arith::DivUIOp::create(b, loc, n, width); // once per thread
  }
  auto loop = scf::ForOp::create(b, loc, start, end, stride);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  Value g;
  if (vectorWidth > 1) {
    i = arith::MulIOp::create(b, loc, i, width);
    g = arith::ShRUIOp::create(b, loc, i, groupShift);
  } else {
    g = arith::DivUIOp::create(b, loc, i, group);
  }
  Value scale = memref::LoadOp::create(b, loc, arg(kScaleArg), g);
  Value zeroPoint = memref::LoadOp::create(b, loc, arg(kZeroPointArg), g);
  QuantizeGroupParams params = buildQuantizeGroupParams(
      b, loc, scale, zeroPoint, arg(kQMinArg), arg(kQMaxArg));
  if (vectorWidth == 1) {
    Value x = memref::LoadOp::create(b, loc, arg(kInputArg), i);
    Value q = buildQuantizeElements(b, loc, x, params, storageType);
    memref::StoreOp::create(b, loc, q, arg(kOutputArg), i);
  } else {
    Type inputType = cast<MemRefType>(arg(kInputArg).getType()).getElementType();
    auto vectorType = VectorType::get({vectorWidth}, inputType);
    Value x = vector::LoadOp::create(
        b, loc, vectorType, arg(kInputArg), ValueRange{i},
        /*nontemporal=*/false, llvm::MaybeAlign(::baracuda::kVectorAccessBytes));
    Value q = buildQuantizeElements(b, loc, x, params, storageType);
    unsigned outBytes = vectorWidth * storageType.getWidth() / 8;
    vector::StoreOp::create(b, loc, q, arg(kOutputArg), ValueRange{i},
                            /*nontemporal=*/false, llvm::MaybeAlign(outBytes));
  }

  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
}

/// Returns the kernel for `op`'s element types and `vectorWidth`, creating
/// it on first use.
gpu::GPUFuncOp getOrCreateKernel(gpu::GPUModuleOp kernelModule,
                                 QuantizePerGroupIntoOp op, int vectorWidth) {
  std::string name = getQuantizePerGroupKernelName(op, vectorWidth);
  if (auto existing = kernelModule.lookupSymbol<gpu::GPUFuncOp>(name))
    return existing;
  IntegerType storageType =
      getStorageType(op.getOutput().getType().getElementType());
  OpBuilder b = OpBuilder::atBlockEnd(kernelModule.getBody());
  auto func = gpu::GPUFuncOp::create(b, kernelModule.getLoc(), name,
                                     getQuantizePerGroupKernelType(op));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  // Lets the NVPTX backend size registers for the block the ABI fixes.
  func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr(
      {::baracuda::kQuantizeKernelBlockSize, 1, 1}));
  buildQuantizePerGroupKernelBody(b, kernelModule.getLoc(), func, storageType,
                                  vectorWidth);
  return func;
}

/// Emits a launch of `kernel` over `numItems` work items (elements or
/// vectors), one per thread per grid-stride step.
void buildLaunch(OpBuilder &b, Location loc, gpu::GPUFuncOp kernel,
                 Value numItems, ValueRange operands) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(
      b, loc, ::baracuda::kQuantizeKernelBlockSize);
  Value maxGrid = arith::ConstantIndexOp::create(b, loc, kMaxGridSize);
  Value grid = arith::MinUIOp::create(
      b, loc, arith::CeilDivUIOp::create(b, loc, numItems, blockSize), maxGrid);
  gpu::LaunchFuncOp::create(b, loc, kernel, gpu::KernelDim3{grid, one, one},
                            gpu::KernelDim3{blockSize, one, one},
                            /*dynamicSharedMemorySize=*/Value(), operands);
}

/// Whether the data pointer of a flattened buffer is a multiple of `bytes`.
Value buildIsAligned(OpBuilder &b, Location loc, Value buffer, int64_t bytes) {
  Value address =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  Value rem = arith::RemUIOp::create(
      b, loc, address, arith::ConstantIndexOp::create(b, loc, bytes));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem,
                               arith::ConstantIndexOp::create(b, loc, 0));
}

/// Replaces `op` by a launch of its kernel, skipped for empty problems (a
/// zero-sized grid is not a valid launch). When the group size allows the
/// vectorized kernel, the host code checks the buffers' alignment at run
/// time and falls back to the generic kernel, as the runtime's plan does.
LogicalResult lowerToLaunch(RewriterBase &rewriter,
                            gpu::GPUModuleOp kernelModule,
                            QuantizePerGroupIntoOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  FailureOr<SmallVector<Value>> operands =
      buildQuantizePerGroupKernelOperands(rewriter, op);
  if (failed(operands))
    return failure();
  int vectorWidth = getQuantizePerGroupVectorWidth(op);
  gpu::GPUFuncOp kernel = getOrCreateKernel(kernelModule, op, 1);

  Value n = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                       (*operands)[kNumElementsArg]);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value nonEmpty = arith::CmpIOp::create(rewriter, loc,
                                         arith::CmpIPredicate::sgt, n, zero);
  auto ifNonEmpty = scf::IfOp::create(rewriter, loc, nonEmpty, false);
  rewriter.setInsertionPointToStart(ifNonEmpty.thenBlock());
  if (vectorWidth == 1) {
    buildLaunch(rewriter, loc, kernel, n, *operands);
  } else {
    gpu::GPUFuncOp vectorKernel =
        getOrCreateKernel(kernelModule, op, vectorWidth);
    unsigned outBytes =
        vectorWidth *
        getStorageType(op.getOutput().getType().getElementType()).getWidth() /
        8;
    Value aligned = arith::AndIOp::create(
        rewriter, loc,
        buildIsAligned(rewriter, loc, (*operands)[kInputArg],
                       ::baracuda::kVectorAccessBytes),
        buildIsAligned(rewriter, loc, (*operands)[kOutputArg], outBytes));
    auto ifAligned = scf::IfOp::create(rewriter, loc, aligned, true);
    rewriter.setInsertionPointToStart(ifAligned.thenBlock());
    Value numVectors = arith::DivUIOp::create(
        rewriter, loc, n,
        arith::ConstantIndexOp::create(rewriter, loc, vectorWidth));
    buildLaunch(rewriter, loc, vectorKernel, numVectors, *operands);
    rewriter.setInsertionPointToStart(ifAligned.elseBlock());
    buildLaunch(rewriter, loc, kernel, n, *operands);
  }
  rewriter.eraseOp(op);
  return success();
}

struct ConvertBaracudaToGPUPass
    : public mlir::baracuda::impl::ConvertBaracudaToGPUPassBase<ConvertBaracudaToGPUPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<QuantizePerGroupIntoOp> ops;
    module.walk([&](QuantizePerGroupIntoOp op) { ops.push_back(op); });
    if (ops.empty())
      return;
    gpu::GPUModuleOp kernelModule = getOrCreateKernelModule(module);
    IRRewriter rewriter(&getContext());
    for (QuantizePerGroupIntoOp op : ops)
      if (failed(lowerToLaunch(rewriter, kernelModule, op)))
        return signalPassFailure();
  }
};

} // namespace
