//===- BaracudaToGPU.cpp - baracuda ops to GPU kernel launches ------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
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

/// Emits the body of a quantize_per_group kernel: a grid-stride loop over
/// the flattened elements; element i uses scale/zero point i / group_size.
void buildQuantizePerGroupKernelBody(OpBuilder &b, Location loc,
                                     gpu::GPUFuncOp func,
                                     IntegerType storageType) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto arg = [&](unsigned i) -> Value { return entry.getArgument(i); };
  Type indexType = b.getIndexType();

  Value n = arith::IndexCastOp::create(b, loc, indexType, arg(kNumElementsArg));
  Value group =
      arith::IndexCastOp::create(b, loc, indexType, arg(kGroupSizeArg));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);

  Value blockId = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value blockDim = gpu::BlockDimOp::create(b, loc, gpu::Dimension::x);
  Value threadId = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value gridDim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value start = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, blockId, blockDim), threadId);
  Value stride = arith::MulIOp::create(b, loc, blockDim, gridDim);

  // A non-positive group size has no meaning; write nothing rather than
  // divide by zero (the runtime rejects it before launching).
  Value validGroup =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, group, zero);
  auto ifOp = scf::IfOp::create(b, loc, validGroup, /*withElseRegion=*/false);
  b.setInsertionPointToStart(ifOp.thenBlock());
  auto loop = scf::ForOp::create(b, loc, start, n, stride);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  Value g = arith::DivUIOp::create(b, loc, i, group);
  Value scale = memref::LoadOp::create(b, loc, arg(kScaleArg), g);
  Value zeroPoint = memref::LoadOp::create(b, loc, arg(kZeroPointArg), g);
  QuantizeGroupParams params = buildQuantizeGroupParams(
      b, loc, scale, zeroPoint, arg(kQMinArg), arg(kQMaxArg));
  Value x = memref::LoadOp::create(b, loc, arg(kInputArg), i);
  Value q = buildQuantizeElements(b, loc, x, params, storageType);
  memref::StoreOp::create(b, loc, q, arg(kOutputArg), i);

  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
}

/// Returns the kernel for `op`'s element types, creating it on first use.
gpu::GPUFuncOp getOrCreateKernel(gpu::GPUModuleOp kernelModule,
                                 QuantizePerGroupIntoOp op) {
  std::string name = getQuantizePerGroupKernelName(op);
  if (auto existing = kernelModule.lookupSymbol<gpu::GPUFuncOp>(name))
    return existing;
  MLIRContext *ctx = op.getContext();
  IntegerType storageType =
      getStorageType(op.getOutput().getType().getElementType());
  SmallVector<Type> argTypes = getQuantizePerGroupKernelArgTypes(
      ctx, op.getInput().getType().getElementType(), storageType);

  OpBuilder b = OpBuilder::atBlockEnd(kernelModule.getBody());
  auto func = gpu::GPUFuncOp::create(b, kernelModule.getLoc(), name,
                                     FunctionType::get(ctx, argTypes, {}));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  // Lets the NVPTX backend size registers for the block the ABI fixes.
  func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr(
      {::baracuda::kQuantizeKernelBlockSize, 1, 1}));
  buildQuantizePerGroupKernelBody(b, kernelModule.getLoc(), func, storageType);
  return func;
}

/// Replaces `op` by a launch of its kernel, skipped for empty problems (a
/// zero-sized grid is not a valid launch).
LogicalResult lowerToLaunch(RewriterBase &rewriter,
                            gpu::GPUModuleOp kernelModule,
                            QuantizePerGroupIntoOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  FailureOr<SmallVector<Value>> operands =
      buildQuantizePerGroupKernelOperands(rewriter, op);
  if (failed(operands))
    return failure();
  gpu::GPUFuncOp kernel = getOrCreateKernel(kernelModule, op);

  Value n = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                       (*operands)[kNumElementsArg]);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(
      rewriter, loc, ::baracuda::kQuantizeKernelBlockSize);
  Value maxGrid = arith::ConstantIndexOp::create(rewriter, loc, kMaxGridSize);
  Value nonEmpty = arith::CmpIOp::create(rewriter, loc,
                                         arith::CmpIPredicate::sgt, n, zero);
  auto ifOp = scf::IfOp::create(rewriter, loc, nonEmpty, false);
  rewriter.setInsertionPointToStart(ifOp.thenBlock());
  Value grid = arith::MinUIOp::create(
      rewriter, loc, arith::CeilDivUIOp::create(rewriter, loc, n, blockSize),
      maxGrid);
  gpu::LaunchFuncOp::create(rewriter, loc, kernel,
                            gpu::KernelDim3{grid, one, one},
                            gpu::KernelDim3{blockSize, one, one},
                            /*dynamicSharedMemorySize=*/Value(), *operands);
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
