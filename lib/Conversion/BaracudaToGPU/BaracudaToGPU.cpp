//===- BaracudaToGPU.cpp - baracuda ops to GPU kernel launches ------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/TypeUtilities.h"

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

/// Creates the module's `gpu.module @baracuda_kernels`; fails when the input
/// already defines that symbol.
FailureOr<gpu::GPUModuleOp> createKernelModule(ModuleOp module) {
  if (failed(checkGeneratedSymbolIsFree(
          module, ::baracuda::kGpuKernelModuleName, "convert-baracuda-to-gpu")))
    return failure();
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

/// PTX cvt.rni.s32.f32 / .f64 (llvm.nvvm.f2i.rn / d2i.rn), element by
/// element: round half to even and saturate in one instruction, where
/// roundeven + fptosi would be two conversions plus range and NaN selects.
/// A NaN converts to 0 from f32 but to INT_MIN from f64 (PTX ISA, cvt), so
/// f64 NaNs are replaced by 0 first.
Value buildNVVMSaturatingRoundToI32(OpBuilder &b, Location loc, Value value) {
  auto floatType = cast<FloatType>(getElementTypeOrSelf(value.getType()));
  if (floatType.isF64()) {
    Value isNaN =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
    Value zero =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(value.getType()));
    value = arith::SelectOp::create(b, loc, isNaN, zero, value);
  }
  StringAttr intrinsic = b.getStringAttr(
      floatType.isF64() ? "llvm.nvvm.d2i.rn" : "llvm.nvvm.f2i.rn");
  Type i32 = b.getI32Type();
  auto convert = [&](Value scalar) -> Value {
    return LLVM::CallIntrinsicOp::create(b, loc, i32, intrinsic, scalar)
        .getResult(0);
  };
  auto vectorType = dyn_cast<VectorType>(value.getType());
  if (!vectorType)
    return convert(value);
  SmallVector<Value> elements;
  for (int64_t i = 0, e = vectorType.getNumElements(); i < e; ++i)
    elements.push_back(convert(
        vector::ExtractOp::create(b, loc, value, ArrayRef<int64_t>{i})));
  return vector::FromElementsOp::create(b, loc, vectorType.clone(i32),
                                        elements);
}

/// The GPU kernels' part of the fast path.
constexpr QuantizeLowering kNVVMQuantizeLowering{
    /*saturatingRoundToI32=*/buildNVVMSaturatingRoundToI32};

/// The loads of one work item: its input (an element or a vector) and its
/// group's scale and zero point, all issued before any arithmetic so several
/// items' loads are in flight at once.
struct WorkItemLoads {
  Value index; ///< first element
  Value x;
  Value scale;
  Value zeroPoint;
};

/// Emits a quantize_per_group kernel's accesses and arithmetic for work items
/// of `vectorWidth` elements (1: scalar).
class KernelBodyBuilder {
public:
  KernelBodyBuilder(Block &entry, IntegerType storageType, int vectorWidth)
      : entry(entry), storageType(storageType), vectorWidth(vectorWidth) {}

  /// Element index -> group index: a shift for vectors (power-of-two group,
  /// set by setGroupShift), a division otherwise.
  void setGroupShift(Value shift) { groupShift = shift; }
  void setGroupSize(Value size) { groupSize = size; }

  WorkItemLoads load(OpBuilder &b, Location loc, Value item) const {
    WorkItemLoads loads;
    loads.index = item;
    if (vectorWidth > 1)
      loads.index = arith::MulIOp::create(
          b, loc, item, arith::ConstantIndexOp::create(b, loc, vectorWidth));
    Value g;
    if (groupShift)
      g = arith::ShRUIOp::create(b, loc, loads.index, groupShift);
    else
      g = arith::DivUIOp::create(b, loc, loads.index, groupSize);
    loads.scale = memref::LoadOp::create(b, loc, arg(kScaleArg), g);
    loads.zeroPoint = memref::LoadOp::create(b, loc, arg(kZeroPointArg), g);
    if (vectorWidth == 1) {
      loads.x = memref::LoadOp::create(b, loc, arg(kInputArg), loads.index);
    } else {
      Type inputType =
          cast<MemRefType>(arg(kInputArg).getType()).getElementType();
      loads.x = vector::LoadOp::create(
          b, loc, VectorType::get({vectorWidth}, inputType), arg(kInputArg),
          ValueRange{loads.index}, /*nontemporal=*/false,
          llvm::MaybeAlign(::baracuda::kVectorAccessBytes));
    }
    return loads;
  }

  QuantizeGroupParams groupParams(OpBuilder &b, Location loc,
                                  const WorkItemLoads &loads) const {
    return buildQuantizeGroupParams(b, loc, loads.scale, loads.zeroPoint,
                                    arg(kQMinArg), arg(kQMaxArg),
                                    kNVVMQuantizeLowering);
  }

  void store(OpBuilder &b, Location loc, const WorkItemLoads &loads,
             Value q) const {
    if (vectorWidth == 1) {
      memref::StoreOp::create(b, loc, q, arg(kOutputArg), loads.index);
      return;
    }
    unsigned outBytes = vectorWidth * storageType.getWidth() / 8;
    vector::StoreOp::create(b, loc, q, arg(kOutputArg), ValueRange{loads.index},
                            /*nontemporal=*/false, llvm::MaybeAlign(outBytes));
  }

  /// One item, choosing its path itself.
  void computeAndStore(OpBuilder &b, Location loc,
                       const WorkItemLoads &loads) const {
    Value q = buildQuantizeElements(b, loc, loads.x, groupParams(b, loc, loads),
                                    storageType, kNVVMQuantizeLowering);
    store(b, loc, loads, q);
  }

  /// The items `first + k * stride`, k < U, already loaded as `items`, behind
  /// one branch: the fast path for all of them if every one may take it;
  /// else a loop that reloads and takes each item through computeAndStore.
  /// One branch, after all the loads, keeps the loads in the block that
  /// dominates both paths, where the backends leave them (a per-item branch
  /// lets them sink past earlier items' math); the loop keeps the rare
  /// path's code, and its registers, to one item's worth.
  void computeAndStoreAll(OpBuilder &b, Location loc,
                          ArrayRef<WorkItemLoads> items, Value first,
                          Value stride) const {
    SmallVector<QuantizeGroupParams> params;
    Value allFast;
    for (const WorkItemLoads &loads : items) {
      params.push_back(groupParams(b, loc, loads));
      allFast = allFast ? arith::AndIOp::create(b, loc, allFast,
                                                params.back().useFastPath)
                        : params.back().useFastPath;
    }
    scf::IfOp::create(
        b, loc, allFast,
        [&](OpBuilder &pb, Location l) {
          for (auto [loads, p] : llvm::zip_equal(items, params))
            store(pb, l, loads,
                  buildQuantizeElementsFast(pb, l, loads.x, p, storageType,
                                            kNVVMQuantizeLowering));
          scf::YieldOp::create(pb, l);
        },
        [&](OpBuilder &pb, Location l) {
          Value zero = arith::ConstantIndexOp::create(pb, l, 0);
          Value end = arith::ConstantIndexOp::create(pb, l, items.size());
          Value one = arith::ConstantIndexOp::create(pb, l, 1);
          auto each = scf::ForOp::create(pb, l, zero, end, one);
          OpBuilder::InsertionGuard guard(pb);
          pb.setInsertionPointToStart(each.getBody());
          Value item = arith::AddIOp::create(
              pb, l, first,
              arith::MulIOp::create(pb, l, each.getInductionVar(), stride));
          computeAndStore(pb, l, load(pb, l, item));
          pb.setInsertionPointAfter(each);
          scf::YieldOp::create(pb, l);
        });
  }

  Value arg(unsigned i) const { return entry.getArgument(i); }

private:
  Block &entry;
  IntegerType storageType;
  int vectorWidth;
  Value groupShift;
  Value groupSize;
};

/// Emits the body of a quantize_per_group kernel: a grid-stride loop over
/// work items, elements (vectorWidth == 1) or vectors of `vectorWidth`
/// elements, read in 16-byte loads and written in one store. Element i uses
/// scale and zero point i / group_size; a vectorized variant needs a
/// power-of-two group (a shift, computed once per thread, replaces the
/// division) that is a multiple of the width (one scale per vector).
///
/// With `itemsPerThread` = U > 1, each step of the main loop handles U items
/// one grid stride apart (accesses stay coalesced), issues all their loads
/// before any arithmetic and takes one branch for all of them; a remainder
/// loop takes the last items one by one.
void buildQuantizePerGroupKernelBody(OpBuilder &b, Location loc,
                                     gpu::GPUFuncOp func,
                                     IntegerType storageType, int vectorWidth,
                                     int itemsPerThread) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  KernelBodyBuilder body(entry, storageType, vectorWidth);
  auto arg = [&](unsigned i) { return body.arg(i); };
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

  Value numItems = n;
  body.setGroupSize(group);
  if (vectorWidth > 1) {
    // cttz on the i64 argument: NVVM lowers it, not its index form.
    body.setGroupShift(arith::IndexCastOp::create(
        b, loc, indexType,
        math::CountTrailingZerosOp::create(b, loc, arg(kGroupSizeArg))));
    numItems = arith::DivUIOp::create(
        b, loc, n, arith::ConstantIndexOp::create(b, loc, vectorWidth));
  }

  Value remainderStart = start;
  if (itemsPerThread > 1) {
    // Items start + k * stride, k < U, for every start below mainEnd.
    Value u = arith::ConstantIndexOp::create(b, loc, itemsPerThread);
    Value step = arith::MulIOp::create(b, loc, stride, u);
    Value span = arith::SubIOp::create(b, loc, step, stride);
    Value mainEnd = arith::SubIOp::create(b, loc, numItems, span);
    auto mainLoop = scf::ForOp::create(b, loc, start, mainEnd, step);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(mainLoop.getBody());
      SmallVector<WorkItemLoads> loads;
      Value item = mainLoop.getInductionVar();
      for (int k = 0; k < itemsPerThread; ++k) {
        if (k > 0)
          item = arith::AddIOp::create(b, loc, item, stride);
        loads.push_back(body.load(b, loc, item));
      }
      body.computeAndStoreAll(b, loc, loads, mainLoop.getInductionVar(),
                              stride);
    }
    // The main loop ran ceil(max(mainEnd - start, 0) / step) times.
    Value covered = arith::MaxSIOp::create(
        b, loc, arith::SubIOp::create(b, loc, mainEnd, start), zero);
    Value trips = arith::CeilDivSIOp::create(b, loc, covered, step);
    remainderStart = arith::AddIOp::create(
        b, loc, start, arith::MulIOp::create(b, loc, trips, step));
  }
  auto loop = scf::ForOp::create(b, loc, remainderStart, numItems, stride);
  b.setInsertionPointToStart(loop.getBody());
  body.computeAndStore(b, loc, body.load(b, loc, loop.getInductionVar()));

  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
}

/// Returns the kernel for `op`'s element types and `vectorWidth`, creating
/// it on first use.
gpu::GPUFuncOp getOrCreateKernel(gpu::GPUModuleOp kernelModule, QuantizeOp op,
                                 int vectorWidth, int itemsPerThread,
                                 int minBlocksPerSM) {
  std::string name = getQuantizePerGroupKernelName(op, vectorWidth);
  if (auto existing = kernelModule.lookupSymbol<gpu::GPUFuncOp>(name))
    return existing;
  IntegerType storageType =
      getStorageType(getElementTypeOrSelf(op.getOutput().getType()));
  OpBuilder b = OpBuilder::atBlockEnd(kernelModule.getBody());
  auto func = gpu::GPUFuncOp::create(b, kernelModule.getLoc(), name,
                                     getQuantizePerGroupKernelType(op));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  // Lets the NVPTX backend size registers for the block the ABI fixes.
  func.setKnownBlockSizeAttr(
      b.getDenseI32ArrayAttr({::baracuda::kQuantizeKernelBlockSize, 1, 1}));
  if (vectorWidth > 1 && minBlocksPerSM > 0)
    func->setAttr("nvvm.minctasm", b.getI32IntegerAttr(minBlocksPerSM));
  buildQuantizePerGroupKernelBody(b, kernelModule.getLoc(), func, storageType,
                                  vectorWidth,
                                  vectorWidth > 1 ? itemsPerThread : 1);
  return func;
}

/// Emits a launch of `kernel` over `numItems` work items (elements or
/// vectors), `itemsPerThread` per thread per grid-stride step.
void buildLaunch(OpBuilder &b, Location loc, gpu::GPUFuncOp kernel,
                 Value numItems, int itemsPerThread, ValueRange operands) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(
      b, loc, ::baracuda::kQuantizeKernelBlockSize);
  Value itemsPerBlock = arith::ConstantIndexOp::create(
      b, loc, int64_t{::baracuda::kQuantizeKernelBlockSize} * itemsPerThread);
  Value maxGrid = arith::ConstantIndexOp::create(b, loc, kMaxGridSize);
  Value grid = arith::MinUIOp::create(
      b, loc, arith::CeilDivUIOp::create(b, loc, numItems, itemsPerBlock),
      maxGrid);
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

/// Replaces `op` by a launch of one of its kernels, skipped for empty
/// problems (a zero-sized grid is not a valid launch). The host code picks
/// at run time by the runtime plan's rules: the wide vectorized kernel for
/// problems that fill a wave of its threads (KernelAbi.h's size class; with
/// no device to ask, for kQuantizeAssumedThreadsPerWave, where the runtime
/// uses the kernel's measured occupancy), else the narrow one, each only
/// when the buffers meet its alignment; the generic kernel otherwise. Only
/// the kernels whose vector width fits the group size are emitted.
LogicalResult lowerToLaunch(RewriterBase &rewriter,
                            gpu::GPUModuleOp kernelModule, QuantizeOp op,
                            int itemsPerThread, int minBlocksPerSM) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  FailureOr<SmallVector<Value>> operands =
      buildQuantizePerGroupKernelOperands(rewriter, op);
  if (failed(operands))
    return failure();
  gpu::GPUFuncOp kernel = getOrCreateKernel(kernelModule, op, 1, 1, 0);

  Value n = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                       (*operands)[kNumElementsArg]);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value nonEmpty =
      arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sgt, n, zero);
  auto ifNonEmpty = scf::IfOp::create(rewriter, loc, nonEmpty, false);
  rewriter.setInsertionPointToStart(ifNonEmpty.thenBlock());
  SmallVector<int> widths = getQuantizePerGroupVectorWidths(op);
  unsigned storageBits =
      getStorageType(getElementTypeOrSelf(op.getOutput().getType())).getWidth();
  // Every vectorized kernel reads the input in 16-byte accesses.
  Value inputAligned =
      widths.empty() ? Value()
                     : buildIsAligned(rewriter, loc, (*operands)[kInputArg],
                                      ::baracuda::kVectorAccessBytes);
  for (int width : widths) {
    Value take = arith::AndIOp::create(rewriter, loc, inputAligned,
                                       buildIsAligned(rewriter, loc,
                                                      (*operands)[kOutputArg],
                                                      width * storageBits / 8));
    if (width != widths.back()) {
      // The wide kernel, with the narrow one behind it: the size class.
      Value waveElements = arith::ConstantIndexOp::create(
          rewriter, loc, width * ::baracuda::kQuantizeAssumedThreadsPerWave);
      take = arith::AndIOp::create(
          rewriter, loc, take,
          arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::uge, n,
                                waveElements));
    }
    auto ifTake = scf::IfOp::create(rewriter, loc, take, true);
    rewriter.setInsertionPointToStart(ifTake.thenBlock());
    Value numVectors = arith::DivUIOp::create(
        rewriter, loc, n, arith::ConstantIndexOp::create(rewriter, loc, width));
    buildLaunch(rewriter, loc,
                getOrCreateKernel(kernelModule, op, width, itemsPerThread,
                                  minBlocksPerSM),
                numVectors, itemsPerThread, *operands);
    rewriter.setInsertionPointToStart(ifTake.elseBlock());
  }
  buildLaunch(rewriter, loc, kernel, n, 1, *operands);
  rewriter.eraseOp(op);
  return success();
}

struct ConvertBaracudaToGPUPass
    : public mlir::baracuda::impl::ConvertBaracudaToGPUPassBase<
          ConvertBaracudaToGPUPass> {
  using ConvertBaracudaToGPUPassBase::ConvertBaracudaToGPUPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkBaracudaOpsLowerable(module, getArgument())))
      return signalPassFailure();
    SmallVector<QuantizeOp> ops;
    module.walk([&](QuantizeOp op) { ops.push_back(op); });
    if (ops.empty())
      return;
    if (vectorsPerThread < kMinVectorsPerThread ||
        vectorsPerThread > kMaxVectorsPerThread) {
      module.emitError("convert-baracuda-to-gpu: vectors-per-thread must be "
                       "in [")
          << kMinVectorsPerThread << ", " << kMaxVectorsPerThread << "], got "
          << static_cast<int>(vectorsPerThread);
      return signalPassFailure();
    }
    FailureOr<gpu::GPUModuleOp> kernelModule = createKernelModule(module);
    if (failed(kernelModule))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    for (QuantizeOp op : ops)
      if (failed(lowerToLaunch(rewriter, *kernelModule, op, vectorsPerThread,
                               minBlocksPerMultiprocessor)))
        return signalPassFailure();
  }
};

} // namespace
