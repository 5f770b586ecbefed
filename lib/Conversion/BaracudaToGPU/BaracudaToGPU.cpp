//===- BaracudaToGPU.cpp - baracuda ops to GPU kernel launches ------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/FamilyElement.h"
#include "baracuda/Conversion/QuantizeCommon/FamilyKernelAbi.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
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

/// A constant of a kernel's index arithmetic type: `index`, or i32 on the
/// 32-bit path (buildFamilyKernelBody).
Value indexConstant(OpBuilder &b, Location loc, Type type, int64_t value) {
  return arith::ConstantOp::create(
      b, loc, cast<TypedAttr>(b.getIntegerAttr(type, value)));
}

/// `value`, an `index` or an i32, as `type` (either). The 32-bit path's
/// values are never negative, so they convert without sign.
Value castIndex(OpBuilder &b, Location loc, Type type, Value value) {
  if (value.getType() == type)
    return value;
  return arith::IndexCastUIOp::create(b, loc, type, value);
}

/// `value` of a kernel's index arithmetic type as a memref index.
Value asMemRefIndex(OpBuilder &b, Location loc, Value value) {
  return castIndex(b, loc, b.getIndexType(), value);
}

/// A thread's place in a one-dimensional grid, and the first index and
/// the stride of its grid-stride loop, of the kernel's index arithmetic
/// type.
struct GridStride {
  Value blockId, blockDim, threadId, gridDim;
  Value start;  ///< blockId * blockDim + threadId
  Value stride; ///< blockDim * gridDim
};

/// The grid's ids (gpu.block_id and the others, `index`), read once per
/// kernel.
GridStride buildGridIds(OpBuilder &b, Location loc) {
  GridStride ids;
  ids.blockId = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  ids.blockDim = gpu::BlockDimOp::create(b, loc, gpu::Dimension::x);
  ids.threadId = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  ids.gridDim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  return ids;
}

/// The grid of `ids` in `type`, with its start and stride.
GridStride buildGridStride(OpBuilder &b, Location loc, const GridStride &ids,
                           Type type) {
  GridStride grid;
  auto id = [&](Value v) { return castIndex(b, loc, type, v); };
  grid.blockId = id(ids.blockId);
  grid.blockDim = id(ids.blockDim);
  grid.threadId = id(ids.threadId);
  grid.gridDim = id(ids.gridDim);
  grid.start = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, grid.blockId, grid.blockDim),
      grid.threadId);
  grid.stride = arith::MulIOp::create(b, loc, grid.blockDim, grid.gridDim);
  return grid;
}

/// `scalarOp` on `value` (a scalar) or on each element of it (a vector),
/// whose results of `resultElementType` are gathered into a vector of the
/// same shape: for the NVVM operations that take scalars only.
Value mapElements(OpBuilder &b, Location loc, Value value,
                  Type resultElementType, function_ref<Value(Value)> scalarOp) {
  auto vectorType = dyn_cast<VectorType>(value.getType());
  if (!vectorType)
    return scalarOp(value);
  SmallVector<Value> elements;
  for (int64_t i = 0, e = vectorType.getNumElements(); i < e; ++i)
    elements.push_back(scalarOp(
        vector::ExtractOp::create(b, loc, value, ArrayRef<int64_t>{i})));
  return vector::FromElementsOp::create(
      b, loc, vectorType.clone(resultElementType), elements);
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
  return mapElements(b, loc, value, i32, [&](Value scalar) -> Value {
    return LLVM::CallIntrinsicOp::create(b, loc, i32, intrinsic, scalar)
        .getResult(0);
  });
}

/// One PTX instruction in inline assembly, without side effects (LLVM may
/// move or drop it like any arithmetic): its single result of `type`.
Value buildPtx(OpBuilder &b, Location loc, Type type, ValueRange operands,
               StringRef ptx, StringRef constraints) {
  return LLVM::InlineAsmOp::create(
             b, loc, type, operands, ptx, constraints,
             /*has_side_effects=*/false, /*is_align_stack=*/false,
             LLVM::tailcallkind::TailCallKind::None, LLVM::AsmDialectAttr(),
             ArrayAttr())
      .getResult(0);
}

/// PTX cvt.rni.s16.f32 in inline assembly (no intrinsic has it), element
/// by element, sign-extended to i32: round half to even, saturate to the
/// i16 range, NaN to 0. ptxas emits one F2I.S16, whose result register is
/// already extended.
Value buildNVVMSaturatingRoundToI16(OpBuilder &b, Location loc, Value value) {
  assert(getElementTypeOrSelf(value.getType()).isF32() &&
         "an f64 NaN would not convert to 0");
  Type i16 = b.getI16Type(), i32 = b.getI32Type();
  return mapElements(b, loc, value, i32, [&](Value scalar) -> Value {
    Value rounded = buildPtx(b, loc, i16, scalar, "cvt.rni.s16.f32 $0, $1;",
                             "=h,f");
    return arith::ExtSIOp::create(b, loc, i32, rounded);
  });
}

/// i32 elements to 8-bit storage with saturation through PTX
/// cvt.pack.sat.{s8,u8}.s32.b32 (sm_72 and up) in inline assembly: d =
/// c << 16 | sat(a) << 8 | sat(b), so two of them make the four bytes of
/// one word, and the vector is those words' bytes.
Value buildNVVMSaturatingNarrowToI8(OpBuilder &b, Location loc, Value value,
                                    bool isUnsigned) {
  Type i32 = b.getI32Type(), i8 = b.getI8Type();
  std::string pack = std::string("cvt.pack.sat.") +
                     (isUnsigned ? "u8" : "s8") + ".s32.b32 $0, $1, $2, $3;";
  auto packPair = [&](Value high, Value low, Value rest) -> Value {
    return buildPtx(b, loc, i32, ValueRange{high, low, rest}, pack,
                    "=r,r,r,r");
  };
  Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  auto vectorType = dyn_cast<VectorType>(value.getType());
  if (!vectorType)
    return arith::TruncIOp::create(b, loc, i8, packPair(zero, value, zero));
  int64_t count = vectorType.getNumElements();
  SmallVector<Value> elements;
  for (int64_t i = 0; i < count; ++i)
    elements.push_back(
        vector::ExtractOp::create(b, loc, value, ArrayRef<int64_t>{i}));
  elements.resize(llvm::alignTo(count, 4), zero);
  SmallVector<Value> words;
  for (size_t i = 0; i < elements.size(); i += 4)
    words.push_back(packPair(elements[i + 1], elements[i],
                             packPair(elements[i + 3], elements[i + 2], zero)));
  Value bytes = vector::BitCastOp::create(
      b, loc, VectorType::get({int64_t(elements.size())}, i8),
      vector::FromElementsOp::create(
          b, loc, VectorType::get({int64_t(words.size())}, i32), words));
  if (int64_t(elements.size()) == count)
    return bytes;
  return vector::ExtractStridedSliceOp::create(b, loc, bytes, /*offsets=*/{0},
                                               /*sizes=*/{count},
                                               /*strides=*/{1});
}

/// `value` through a PTX mov in inline assembly, element by element: the
/// same bits, which LLVM cannot fold into the code around it.
Value buildNVVMOpaqueValue(OpBuilder &b, Location loc, Value value) {
  auto floatType = cast<FloatType>(getElementTypeOrSelf(value.getType()));
  bool f64 = floatType.isF64();
  return mapElements(b, loc, value, floatType, [&](Value scalar) -> Value {
    return buildPtx(b, loc, floatType, scalar,
                    f64 ? "mov.b64 $0, $1;" : "mov.b32 $0, $1;",
                    f64 ? "=d,d" : "=f,f");
  });
}

/// The GPU kernels' part of the fast path.
constexpr QuantizeLowering kNVVMQuantizeLowering{
    /*saturatingRoundToI32=*/buildNVVMSaturatingRoundToI32,
    /*opaqueDivisor=*/buildNVVMOpaqueValue,
    /*wideReturnedQuotient=*/true,
    /*saturatingRoundToI16=*/buildNVVMSaturatingRoundToI16,
    /*saturatingNarrowToI8=*/buildNVVMSaturatingNarrowToI8};

/// The loads of one work item: its data (elements or vectors) and, for
/// memory parameters, its parameters, all issued before any arithmetic so
/// several items' loads are in flight at once.
struct WorkItemLoads {
  Value at; ///< its first element, as a memref index
  SmallVector<Value> data;
  SmallVector<Value> params;
};

/// Emits a family kernel's accesses and arithmetic for work items of
/// `vectorWidth` elements (1: scalar). With `parameterVectors` (block 1:
/// each element its own parameter) the parameters of an item are read as
/// vectors too, at p(i) = i % period.
class KernelBodyBuilder {
public:
  KernelBodyBuilder(Block &entry, const FamilyKernelSpec &spec, int vectorWidth,
                    bool parameterVectors)
      : entry(entry), spec(spec), function(spec, kNVVMQuantizeLowering),
        vectorWidth(vectorWidth), parameterVectors(parameterVectors) {}

  /// Element index -> parameter index: for vectors, in the 32-bit loops a
  /// multiply-high and a shift (setBlockDivisor), in the 64-bit ones a
  /// shift (setBlockShift; power-of-two blocks); for elements a division;
  /// then the remainder by the period where the parameters repeat
  /// (setRepeats).
  void setBlockDivisor(Value magic, Value shift) {
    blockMagic = magic;
    blockShift = shift;
  }
  void setBlockShift(Value shift) { blockShift = shift; }
  void setBlock(Value size) { block = size; }
  void setRepeats(Value doesRepeat, Value p) {
    repeats = doesRepeat;
    period = p;
  }
  /// Parameters prepared once for every item of the thread (per-tensor
  /// kernels; parameter-vector kernels whose grid stride is a multiple of
  /// the period); unset: loaded and prepared per item.
  void setFixedParams(std::optional<FamilyParams> params) {
    fixedParams = params;
  }

  /// The parameters at parameter index `p`: scalars, or vectors of
  /// vectorWidth for the parameter-vector kernels.
  SmallVector<Value> loadParams(OpBuilder &b, Location loc, Value p) const {
    SmallVector<Value> params;
    Value at = asMemRefIndex(b, loc, p);
    for (unsigned i : spec.getArgs(KernelOperandRole::Parameter)) {
      if (!parameterVectors) {
        params.push_back(memref::LoadOp::create(b, loc, arg(i), at));
        continue;
      }
      Type elementType = spec.operands[i].elementType;
      params.push_back(vector::LoadOp::create(
          b, loc, VectorType::get({vectorWidth}, elementType), arg(i),
          ValueRange{at}, /*nontemporal=*/false,
          llvm::MaybeAlign(accessAlignment(elementType, vectorWidth))));
    }
    return params;
  }

  /// The parameter loads of the item at element `index`: none where the
  /// parameters are fixed.
  SmallVector<Value> loadParamsAt(OpBuilder &b, Location loc,
                                  Value index) const {
    if (fixedParams)
      return {};
    Value p = parameterVectors ? index : blockIndexOf(b, loc, index);
    if (repeats) {
      // A uniform branch: the remainder's code stays off the path of the
      // layouts whose parameters never repeat.
      Value blockIndex = p;
      p = scf::IfOp::create(
              b, loc, repeats,
              [&](OpBuilder &then, Location l) {
                scf::YieldOp::create(then, l,
                                     ValueRange{arith::RemUIOp::create(
                                         then, l, blockIndex, period)});
              },
              [&](OpBuilder &otherwise, Location l) {
                scf::YieldOp::create(otherwise, l, ValueRange{blockIndex});
              })
              .getResult(0);
    }
    return loadParams(b, loc, p);
  }

  /// index / block (see setBlockDivisor, setBlockShift). The multiply-high
  /// as PTX mul.hi.u32 (one instruction): from arith.mului_extended the
  /// backend kept the magic in 64 bits and multiplied in 64, which
  /// lengthened the chain to each vector's parameter loads and cost 16-bit
  /// quantize 0.04-0.08 of a copy on an H200
  /// (docs/bench/2026-11-29-h200-ab-block-divisor.log).
  Value blockIndexOf(OpBuilder &b, Location loc, Value index) const {
    if (blockMagic) {
      Value high = LLVM::CallIntrinsicOp::create(
                       b, loc, b.getI32Type(),
                       b.getStringAttr("llvm.nvvm.mulhi.ui"),
                       ValueRange{index, blockMagic})
                       .getResult(0);
      return arith::ShRUIOp::create(b, loc, high, blockShift);
    }
    if (blockShift)
      return arith::ShRUIOp::create(b, loc, index, blockShift);
    return arith::DivUIOp::create(b, loc, index, block);
  }

  /// The data of the item at memref index `at` of `width` elements, one
  /// value per data input.
  SmallVector<Value> loadData(OpBuilder &b, Location loc, Value at,
                              int width) const {
    SmallVector<Value> data;
    for (unsigned i : spec.getArgs(KernelOperandRole::Data)) {
      if (width == 1) {
        data.push_back(memref::LoadOp::create(b, loc, arg(i), at));
        continue;
      }
      Type elementType = spec.operands[i].elementType;
      data.push_back(vector::LoadOp::create(
          b, loc, VectorType::get({width}, elementType), arg(i), ValueRange{at},
          /*nontemporal=*/false,
          llvm::MaybeAlign(accessAlignment(elementType, width))));
    }
    return data;
  }

  /// The loads of the item at element `index` of `width` elements.
  WorkItemLoads loadAt(OpBuilder &b, Location loc, Value index,
                       int width) const {
    WorkItemLoads loads;
    loads.params = loadParamsAt(b, loc, index);
    loads.at = asMemRefIndex(b, loc, index);
    loads.data = loadData(b, loc, loads.at, width);
    return loads;
  }

  /// The loads of work item `item` (elements or vectors of vectorWidth).
  WorkItemLoads load(OpBuilder &b, Location loc, Value item) const {
    Value index = item;
    if (vectorWidth > 1)
      index = arith::MulIOp::create(
          b, loc, item,
          indexConstant(b, loc, item.getType(), vectorWidth));
    return loadAt(b, loc, index, vectorWidth);
  }

  FamilyParams params(OpBuilder &b, Location loc,
                      const WorkItemLoads &loads) const {
    if (fixedParams)
      return *fixedParams;
    return function.buildParams(b, loc, loads.params, arg(spec.getQMinArg()),
                                arg(spec.getQMaxArg()));
  }

  void store(OpBuilder &b, Location loc, const WorkItemLoads &loads,
             Value result) const {
    Value out = arg(spec.getResultArg());
    Value at = loads.at;
    auto vectorType = dyn_cast<VectorType>(result.getType());
    if (!vectorType) {
      memref::StoreOp::create(b, loc, result, out, at);
      return;
    }
    vector::StoreOp::create(
        b, loc, result, out, ValueRange{at}, /*nontemporal=*/false,
        llvm::MaybeAlign(accessAlignment(vectorType.getElementType(),
                                         vectorType.getNumElements())));
  }

  /// The result of one item, on `path` if set, else choosing its path
  /// itself.
  Value compute(OpBuilder &b, Location loc, const WorkItemLoads &loads,
                std::optional<QuantizePath> path) const {
    FamilyParams p = params(b, loc, loads);
    return path ? function.build(b, loc, loads.data, p, *path)
                : function.buildEitherPath(b, loc, loads.data, p);
  }

  /// One item, on `path` if set, else choosing its path itself.
  void computeAndStore(OpBuilder &b, Location loc, const WorkItemLoads &loads,
                       std::optional<QuantizePath> path) const {
    store(b, loc, loads, compute(b, loc, loads, path));
  }

  /// The items already loaded as `items`: on a fixed `path` (per-tensor
  /// and parameter-vector kernels), or behind one choice, made after all
  /// the loads: a path for all of them where every one may take it (the
  /// saturating, else the fast one), else the exact path for all. The paths
  /// compute from the same loaded
  /// values, so the loads stay in the block that dominates them. A rare
  /// path that reloaded its items left the fast path as the loads' only
  /// user, and the backend sank them into it, past the branch and the
  /// first item's store: one load in flight at a time (H200, dequantize f32
  /// per token with two vectors per step, an experiment: 0.82 of a copy,
  /// 0.86 once the loads stayed;
  /// docs/bench/2026-11-27-h200-sweep-dequantize-vectors-per-step.log).
  void computeAndStoreAll(OpBuilder &b, Location loc,
                          ArrayRef<WorkItemLoads> items,
                          std::optional<QuantizePath> path) const {
    SmallVector<FamilyParams> params;
    std::optional<PathConditions> all;
    for (const WorkItemLoads &loads : items) {
      params.push_back(this->params(b, loc, loads));
      PathConditions item = PathConditions::of(params.back());
      all = all ? all->andAlso(b, loc, item) : item;
    }
    auto computeAll = [&](OpBuilder &pb, Location l, QuantizePath itemPath) {
      for (auto [loads, p] : llvm::zip_equal(items, params))
        store(pb, l, loads, function.build(pb, l, loads.data, p, itemPath));
      return SmallVector<Value>{};
    };
    if (path) {
      computeAll(b, loc, *path);
      return;
    }
    buildOnChosenPath(b, loc, all.value_or(PathConditions{}), computeAll);
  }

  Value arg(unsigned i) const { return entry.getArgument(i); }
  const FamilyElementFunction &getFunction() const { return function; }
  int getVectorWidth() const { return vectorWidth; }

  /// Bytes a vector access of `width` elements of `elementType` is aligned
  /// to: the whole vector, at most one 16-byte access (KernelAbi.h).
  static int64_t accessAlignment(Type elementType, int64_t width) {
    int64_t bytes = width * elementType.getIntOrFloatBitWidth() / 8;
    return std::min<int64_t>(bytes, ::baracuda::kVectorAccessBytes);
  }

private:
  Block &entry;
  const FamilyKernelSpec &spec;
  FamilyElementFunction function;
  int vectorWidth;
  bool parameterVectors;
  Value blockMagic;
  Value blockShift;
  Value block;
  Value repeats;
  Value period;
  std::optional<FamilyParams> fixedParams;
};

/// Where the U items of a multi-item loop step lie.
enum class StepLayout {
  /// Thread t of block b takes items tile * U * blockDim + t + k * blockDim,
  /// k < U, for the tiles b, b + gridDim, ...: a block's step covers one
  /// contiguous tile. The loop runs over tile indices, which keeps a
  /// thread's index arithmetic small (an earlier form over item indices,
  /// with the thread's offset in the tile recomputed, took dequantize f32
  /// 40 registers against 28 and lost to one vector per step;
  /// docs/bench/2026-11-27-h200-sweep-dequantize-block-tiles.log).
  BlockTiles,
  /// A thread takes items start + k * stride: one grid stride apart, so
  /// that where the stride in elements is a multiple of the period every
  /// item of a thread has the parameters of its first (the
  /// parameter-vector kernels' parameters prepared once).
  GridStrided,
};

/// Emits the grid-stride loops of a kernel over `numItems` work items, on a
/// fixed `path` or choosing per item.
///
/// With `itemsPerThread` = U > 1, each step of the main loop handles U items
/// laid out as `layout` says (every access stays coalesced), issues all
/// their loads before any arithmetic and takes one branch for all of them;
/// a remainder loop takes the items the main loop leaves, one per thread
/// and grid stride.
void buildGridStrideLoops(OpBuilder &b, Location loc,
                          const KernelBodyBuilder &body, const GridStride &grid,
                          Value numItems, int itemsPerThread, StepLayout layout,
                          std::optional<QuantizePath> path) {
  OpBuilder::InsertionGuard guard(b);
  Value start = grid.start, stride = grid.stride;
  Value remainderStart = start;
  auto buildStep = [&](Value firstItem, Value itemDistance) {
    SmallVector<WorkItemLoads> loads;
    Value item = firstItem;
    for (int k = 0; k < itemsPerThread; ++k) {
      if (k > 0)
        item = arith::AddIOp::create(b, loc, item, itemDistance);
      loads.push_back(body.load(b, loc, item));
    }
    body.computeAndStoreAll(b, loc, loads, path);
  };
  if (itemsPerThread > 1 && layout == StepLayout::BlockTiles) {
    // The main loop takes the whole tiles; the remainder, the last
    // numItems % tileSize items.
    Value u = indexConstant(b, loc, numItems.getType(), itemsPerThread);
    Value tileSize = arith::MulIOp::create(b, loc, grid.blockDim, u);
    Value fullTiles = arith::DivUIOp::create(b, loc, numItems, tileSize);
    auto mainLoop =
        scf::ForOp::create(b, loc, grid.blockId, fullTiles, grid.gridDim);
    {
      OpBuilder::InsertionGuard loopGuard(b);
      b.setInsertionPointToStart(mainLoop.getBody());
      buildStep(arith::AddIOp::create(
                    b, loc,
                    arith::MulIOp::create(b, loc, mainLoop.getInductionVar(),
                                          tileSize),
                    grid.threadId),
                grid.blockDim);
    }
    remainderStart = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, fullTiles, tileSize), start);
  } else if (itemsPerThread > 1) {
    // Items start + k * stride, k < U, for every start below mainEnd.
    Value u = indexConstant(b, loc, numItems.getType(), itemsPerThread);
    Value step = arith::MulIOp::create(b, loc, stride, u);
    Value span = arith::SubIOp::create(b, loc, step, stride);
    Value mainEnd = arith::SubIOp::create(b, loc, numItems, span);
    auto mainLoop = scf::ForOp::create(b, loc, start, mainEnd, step);
    {
      OpBuilder::InsertionGuard loopGuard(b);
      b.setInsertionPointToStart(mainLoop.getBody());
      buildStep(mainLoop.getInductionVar(), stride);
    }
    // The main loop ran ceil(max(mainEnd - start, 0) / step) times. (The
    // loop carrying its next start out instead, as an iter_arg, saved this
    // division and cost the f16 parameter-vector kernels of quantize and
    // quantize_backward 0.84-0.89 -> 0.73-0.74 of a copy on an H200:
    // docs/bench/2026-11-27-h200-sweep-kernel-setup.log.)
    Value zero = indexConstant(b, loc, numItems.getType(), 0);
    Value covered = arith::MaxSIOp::create(
        b, loc, arith::SubIOp::create(b, loc, mainEnd, start), zero);
    Value trips = arith::CeilDivSIOp::create(b, loc, covered, step);
    remainderStart = arith::AddIOp::create(
        b, loc, start, arith::MulIOp::create(b, loc, trips, step));
  }
  auto loop = scf::ForOp::create(b, loc, remainderStart, numItems, stride);
  b.setInsertionPointToStart(loop.getBody());
  body.computeAndStore(b, loc, body.load(b, loc, loop.getInductionVar()), path);
}

/// The grid-strided loops of buildGridStrideLoops (StepLayout::GridStrided)
/// over parameters that `prepare` loads and prepares once for all of the
/// thread's items (set as `body`'s fixed parameters), with the loads of the
/// thread's first step issued before `prepare` runs: the parameters' latency
/// then overlaps the data's instead of preceding it, which a thread of one step
/// (one tile per block, as the parameter-vector kernels of the ops without a
/// range mostly run) would otherwise wait out in full. The first step, where
/// the thread has a whole one, is computed on the chosen path before the loops,
/// which start one step later.
void buildGridStridedLoopsLoadingFirst(
    OpBuilder &b, Location loc, KernelBodyBuilder &body, const GridStride &grid,
    Value numItems, int itemsPerThread,
    function_ref<FamilyParams(OpBuilder &, Location)> prepare) {
  OpBuilder::InsertionGuard guard(b);
  const FamilyKernelSpec &spec = body.getFunction().getSpec();
  int width = body.getVectorWidth();
  auto c = [&](int64_t v) {
    return indexConstant(b, loc, numItems.getType(), v);
  };
  Value step = arith::MulIOp::create(b, loc, grid.stride, c(itemsPerThread));
  Value mainEnd = arith::SubIOp::create(
      b, loc, numItems, arith::SubIOp::create(b, loc, step, grid.stride));
  Value hasStep = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                        grid.start, mainEnd);
  SmallVector<WorkItemLoads> firstStep(itemsPerThread);
  Value item = grid.start;
  for (WorkItemLoads &loads : firstStep) {
    if (&loads != &firstStep.front())
      item = arith::AddIOp::create(b, loc, item, grid.stride);
    loads.at =
        asMemRefIndex(b, loc, arith::MulIOp::create(b, loc, item, c(width)));
  }
  // The loads sit behind the branch (a thread without a whole step may have
  // no item to address) and leave it as its results: zeros without a step.
  SmallVector<Type> dataTypes;
  for (int k = 0; k < itemsPerThread; ++k)
    for (unsigned i : spec.getArgs(KernelOperandRole::Data))
      dataTypes.push_back(
          VectorType::get({width}, spec.operands[i].elementType));
  auto ifStep = scf::IfOp::create(
      b, loc, hasStep,
      [&](OpBuilder &tb, Location l) {
        SmallVector<Value> data;
        for (const WorkItemLoads &loads : firstStep)
          llvm::append_range(data, body.loadData(tb, l, loads.at, width));
        scf::YieldOp::create(tb, l, data);
      },
      [&](OpBuilder &eb, Location l) {
        SmallVector<Value> zeros;
        for (Type type : dataTypes)
          zeros.push_back(
              arith::ConstantOp::create(eb, l, eb.getZeroAttr(type)));
        scf::YieldOp::create(eb, l, zeros);
      });
  unsigned dataInputs = spec.getArgs(KernelOperandRole::Data).size();
  for (auto [k, loads] : llvm::enumerate(firstStep))
    for (unsigned d = 0; d < dataInputs; ++d)
      loads.data.push_back(ifStep.getResult(k * dataInputs + d));

  FamilyParams prepared = prepare(b, loc);
  body.setFixedParams(prepared);
  buildOnChosenPath(
      b, loc, prepared, [&](OpBuilder &pb, Location l, QuantizePath path) {
        auto ifFirst =
            scf::IfOp::create(pb, l, hasStep, /*withElseRegion=*/false);
        {
          OpBuilder::InsertionGuard firstGuard(pb);
          pb.setInsertionPointToStart(ifFirst.thenBlock());
          body.computeAndStoreAll(pb, l, firstStep, path);
        }
        GridStride rest = grid;
        rest.start = arith::SelectOp::create(
            pb, l, hasStep, arith::AddIOp::create(pb, l, grid.start, step),
            grid.start);
        buildGridStrideLoops(pb, l, body, rest, numItems, itemsPerThread,
                             StepLayout::GridStrided, path);
      });
}

/// The grid-stride loop of a kernel whose data reach the thread through
/// `rings` (a parameter-vector kernel, on fixed parameters and a fixed
/// `path`; a kernel with parameters in memory, loading them per item and
/// choosing each item's path)
/// (workgroup memory, one per data input, of `stages` slots of blockDim
/// vectors): each item's data are copied into the thread's slot by
/// asynchronous copies (cp.async, one group per item) issued `stages` - 1
/// items ahead, so that a thread keeps that many items' loads in flight
/// without holding them in registers. Items past the end copy nothing (a
/// zero source size) but still commit their group, which keeps every
/// thread's count of pending groups the same. A thread only reads slots
/// it wrote, so no barrier is needed; a slot is refilled one item after it
/// was read.
void buildAsyncPipelinedLoop(OpBuilder &b, Location loc,
                             const KernelBodyBuilder &body,
                             const GridStride &grid, Value numItems,
                             ArrayRef<Value> rings, int vectorWidth, int stages,
                             std::optional<QuantizePath> path) {
  OpBuilder::InsertionGuard guard(b);
  // One slot for the item computed, at least one for a copy in flight.
  assert(stages >= 2 && "a ring needs two slots");
  const FamilyKernelSpec &spec = body.getFunction().getSpec();
  auto c = [&](OpBuilder &cb, Location l, int64_t v) -> Value {
    return indexConstant(cb, l, numItems.getType(), v);
  };
  SmallVector<unsigned> dataArgs = spec.getArgs(KernelOperandRole::Data);
  // The first element of `slot`'s vector of this thread.
  auto slotOffset = [&](OpBuilder &cb, Location l, Value slot) -> Value {
    return arith::MulIOp::create(
        cb, l,
        arith::AddIOp::create(cb, l,
                              arith::MulIOp::create(cb, l, slot, grid.blockDim),
                              grid.threadId),
        c(cb, l, vectorWidth));
  };
  // Copies item `item`'s data into `slot`: copies of at most 16 bytes.
  auto copyItem = [&](OpBuilder &cb, Location l, Value item,
                      Value slot) -> Value {
    Value inRange =
        arith::CmpIOp::create(cb, l, arith::CmpIPredicate::ult, item, numItems);
    Value source = arith::MulIOp::create(
        cb, l, arith::SelectOp::create(cb, l, inRange, item, grid.start),
        c(cb, l, vectorWidth));
    Value target = slotOffset(cb, l, slot);
    SmallVector<Value> tokens;
    for (auto [d, argIndex] : llvm::enumerate(dataArgs)) {
      Type elementType = spec.operands[argIndex].elementType;
      int64_t elementBytes = elementType.getIntOrFloatBitWidth() / 8;
      int64_t chunk = std::min<int64_t>(
          vectorWidth, ::baracuda::kVectorAccessBytes / elementBytes);
      Value size = arith::SelectOp::create(
          cb, l, inRange, arith::ConstantIndexOp::create(cb, l, chunk),
          arith::ConstantIndexOp::create(cb, l, 0));
      for (int64_t first = 0; first < vectorWidth; first += chunk) {
        Value offset = c(cb, l, first);
        tokens.push_back(nvgpu::DeviceAsyncCopyOp::create(
            cb, l, rings[d],
            ValueRange{asMemRefIndex(
                cb, l, arith::AddIOp::create(cb, l, target, offset))},
            body.arg(argIndex),
            ValueRange{asMemRefIndex(
                cb, l, arith::AddIOp::create(cb, l, source, offset))},
            cb.getIndexAttr(chunk), size,
            /*bypassL1=*/chunk * elementBytes == 16 ? cb.getUnitAttr()
                                                    : UnitAttr()));
      }
    }
    return nvgpu::DeviceAsyncCreateGroupOp::create(cb, l, tokens);
  };

  // A thread without items copies nothing.
  auto ifAny =
      scf::IfOp::create(b, loc,
                        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              grid.start, numItems),
                        /*withElseRegion=*/false);
  b.setInsertionPointToStart(ifAny.thenBlock());
  Value token;
  for (int s = 0; s + 1 < stages; ++s)
    token =
        copyItem(b, loc,
                 arith::AddIOp::create(
                     b, loc, grid.start,
                     arith::MulIOp::create(b, loc, grid.stride, c(b, loc, s))),
                 c(b, loc, s));
  Value ahead =
      arith::MulIOp::create(b, loc, grid.stride, c(b, loc, stages - 1));
  auto loop = scf::ForOp::create(b, loc, grid.start, numItems, grid.stride,
                                 ValueRange{c(b, loc, 0)});
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value item = loop.getInductionVar();
    Value slot = loop.getRegionIterArgs()[0];
    // Groups committed so far: stages - 1 + k at item k; item k's is done
    // once at most stages - 2 are pending.
    nvgpu::DeviceAsyncWaitOp::create(b, loc, token,
                                     b.getI32IntegerAttr(stages - 2));
    WorkItemLoads loads;
    Value index = arith::MulIOp::create(b, loc, item, c(b, loc, vectorWidth));
    loads.params = body.loadParamsAt(b, loc, index);
    loads.at = asMemRefIndex(b, loc, index);
    Value offset = asMemRefIndex(b, loc, slotOffset(b, loc, slot));
    for (auto [d, argIndex] : llvm::enumerate(dataArgs)) {
      Type elementType = spec.operands[argIndex].elementType;
      loads.data.push_back(vector::LoadOp::create(
          b, loc, VectorType::get({vectorWidth}, elementType), rings[d],
          ValueRange{offset}, /*nontemporal=*/false,
          llvm::MaybeAlign(
              KernelBodyBuilder::accessAlignment(elementType, vectorWidth))));
    }
    // The slot read one item ago takes the item stages - 1 ahead.
    Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          slot, c(b, loc, 0));
    Value previous = arith::SelectOp::create(
        b, loc, isFirst, c(b, loc, stages - 1),
        arith::SubIOp::create(b, loc, slot, c(b, loc, 1)));
    copyItem(b, loc, arith::AddIOp::create(b, loc, item, ahead), previous);
    body.computeAndStore(b, loc, loads, path);
    Value next = arith::AddIOp::create(b, loc, slot, c(b, loc, 1));
    Value wraps = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next,
                                        c(b, loc, stages));
    scf::YieldOp::create(
        b, loc,
        ValueRange{arith::SelectOp::create(b, loc, wraps, c(b, loc, 0), next)});
  }
  // Nothing may be left in flight into the slots when the thread exits.
  nvgpu::DeviceAsyncWaitOp::create(b, loc, token, b.getI32IntegerAttr(0));
}

/// Threads of a warp on every NVIDIA GPU the kernels target.
constexpr int kWarpSize = 32;

/// bar.warp.sync over the whole warp (llvm.nvvm.bar.warp.sync): the lanes
/// wait for one another, and their shared-memory accesses before it are
/// visible to all of them after it.
void buildWarpBarrier(OpBuilder &b, Location loc) {
  Value allLanes = arith::ConstantIntOp::create(b, loc, b.getI32Type(), -1);
  LLVM::CallIntrinsicOp::create(b, loc,
                                b.getStringAttr("llvm.nvvm.bar.warp.sync"),
                                ValueRange{allLanes});
}

/// The loops of a wide kernel that stages its output through `staging`
/// (workgroup memory of blockDim wide vectors, sized for the kernel's known
/// block size; KernelAbi.h's familyStagesWideStores): the main loop runs
/// over tiles of blockDim wide vectors, thread t computes
/// wide vector tile * blockDim + t, writes its narrow pieces to staging
/// slots t * F + k (F narrow vectors per wide one). Each warp then stores
/// its own 32 * F slots: lane l of the warp whose first thread is w takes
/// slot w * F + l + 32 * k to the narrow vector of the same index in the
/// tile, so every global store is a coalesced 512-byte warp access. The
/// slots a warp reads are the ones its own lanes wrote, so a warp barrier
/// (bar.warp.sync, which also orders the lanes' shared-memory accesses)
/// suffices where a block barrier would hold every warp of the block to
/// its slowest load; a second one lets the next tile reuse the slots. The
/// main loop's bounds are uniform in the block (whole warps take part in
/// each barrier); the wide vectors past the last whole tile are stored
/// directly, one per thread and grid stride.
void buildStagedTileLoops(OpBuilder &b, Location loc,
                          const KernelBodyBuilder &body, const GridStride &grid,
                          Value numItems, Value staging, Value out,
                          int wideWidth, int narrowWidth,
                          std::optional<QuantizePath> path) {
  OpBuilder::InsertionGuard guard(b);
  int factor = wideWidth / narrowWidth;
  auto c = [&](int64_t v) {
    return indexConstant(b, loc, numItems.getType(), v);
  };
  Value fullTiles = arith::DivUIOp::create(b, loc, numItems, grid.blockDim);
  auto mainLoop =
      scf::ForOp::create(b, loc, grid.blockId, fullTiles, grid.gridDim);
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(mainLoop.getBody());
    Value tileFirst = arith::MulIOp::create(b, loc, mainLoop.getInductionVar(),
                                            grid.blockDim);
    Value item = arith::AddIOp::create(b, loc, tileFirst, grid.threadId);
    Value result = body.compute(b, loc, body.load(b, loc, item), path);
    auto resultType = cast<VectorType>(result.getType());
    auto narrowType =
        VectorType::get({narrowWidth}, resultType.getElementType());
    int64_t narrowBytes =
        narrowWidth * resultType.getElementType().getIntOrFloatBitWidth() / 8;
    llvm::MaybeAlign align(
        std::min<int64_t>(narrowBytes, ::baracuda::kVectorAccessBytes));
    for (int k = 0; k < factor; ++k) {
      // A shuffle, which NVVM's lowering takes (extract_strided_slice it
      // does not).
      SmallVector<int64_t> lanes;
      for (int lane = 0; lane < narrowWidth; ++lane)
        lanes.push_back(int64_t{k} * narrowWidth + lane);
      Value piece = vector::ShuffleOp::create(b, loc, result, result, lanes);
      Value slot = arith::MulIOp::create(
          b, loc,
          arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, grid.threadId, c(factor)),
              c(k)),
          c(narrowWidth));
      vector::StoreOp::create(b, loc, piece, staging,
                              ValueRange{asMemRefIndex(b, loc, slot)},
                              /*nontemporal=*/false, align);
    }
    buildWarpBarrier(b, loc);
    // The tile's first narrow vector: tileFirst * factor; the warp's first
    // slot: (t - lane) * factor.
    Value tileNarrow = arith::MulIOp::create(b, loc, tileFirst, c(factor));
    Value lane = arith::RemUIOp::create(b, loc, grid.threadId, c(kWarpSize));
    Value warpNarrow = arith::MulIOp::create(
        b, loc, arith::SubIOp::create(b, loc, grid.threadId, lane), c(factor));
    for (int k = 0; k < factor; ++k) {
      Value narrowIndex = arith::AddIOp::create(
          b, loc, warpNarrow,
          arith::AddIOp::create(b, loc, lane, c(int64_t{kWarpSize} * k)));
      Value slot = arith::MulIOp::create(b, loc, narrowIndex, c(narrowWidth));
      Value piece =
          vector::LoadOp::create(b, loc, narrowType, staging,
                                 ValueRange{asMemRefIndex(b, loc, slot)},
                                 /*nontemporal=*/false, align);
      Value element = arith::MulIOp::create(
          b, loc, arith::AddIOp::create(b, loc, tileNarrow, narrowIndex),
          c(narrowWidth));
      vector::StoreOp::create(b, loc, piece, out,
                              ValueRange{asMemRefIndex(b, loc, element)},
                              /*nontemporal=*/false, align);
    }
    buildWarpBarrier(b, loc);
  }
  Value remainderStart = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, fullTiles, grid.blockDim),
      grid.start);
  auto loop = scf::ForOp::create(b, loc, remainderStart, numItems, grid.stride);
  b.setInsertionPointToStart(loop.getBody());
  body.computeAndStore(b, loc, body.load(b, loc, loop.getInductionVar()), path);
}

/// Whether every index a family kernel computes fits the 32-bit path:
/// num_elements, block and period, and the grid's stride in elements, each
/// at most KernelAbi.h's kIndex32Limit, so that an index plus a few strides
/// stays below 2^31 (the loops compare signed); familyFitsIndex32 on the
/// host.
Value buildFitsIndex32(OpBuilder &b, Location loc, gpu::GPUFuncOp func,
                       const FamilyKernelSpec &spec, const GridStride &ids,
                       int vectorWidth) {
  Block &entry = func.getBody().front();
  Type i64 = b.getI64Type();
  Value stride = arith::MulIOp::create(b, loc, ids.blockDim, ids.gridDim);
  Value bits = arith::IndexCastUIOp::create(b, loc, i64, stride);
  if (vectorWidth > 1)
    bits = arith::MulIOp::create(
        b, loc, bits, arith::ConstantIntOp::create(b, loc, i64, vectorWidth));
  SmallVector<unsigned> sizes{spec.getNumElementsArg()};
  if (!spec.perTensor)
    sizes.append({spec.getBlockArg(), spec.getPeriodArg()});
  for (unsigned i : sizes)
    bits = arith::OrIOp::create(b, loc, bits, entry.getArgument(i));
  return arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ule, bits,
      arith::ConstantIntOp::create(b, loc, i64, ::baracuda::kIndex32Limit));
}

/// The loops of buildFamilyKernelBody at `b`'s insertion point, their index
/// arithmetic of `indexType` (index, or i32 where every index fits).
/// `ids` are the kernel's grid ids; `repeats` says whether the parameters
/// repeat (kernels with parameters in memory; computed by the caller in 64
/// bits).
void buildFamilyKernelLoops(OpBuilder &b, Location loc, gpu::GPUFuncOp func,
                            const FamilyKernelSpec &spec, int vectorWidth,
                            bool parameterVectors, int itemsPerThread,
                            int asyncStages, const GridStride &ids,
                            Type indexType, Value repeats) {
  Block &entry = func.getBody().front();
  KernelBodyBuilder body(entry, spec, vectorWidth, parameterVectors);
  auto arg = [&](unsigned i) { return body.arg(i); };
  auto c = [&](OpBuilder &cb, Location l, int64_t v) {
    return indexConstant(cb, l, indexType, v);
  };
  // An i64 argument as `indexType`: truncated on the 32-bit path, whose
  // caller checked that it fits (buildFitsIndex32).
  auto fromI64 = [&](Value v) -> Value {
    if (indexType.isIndex())
      return arith::IndexCastOp::create(b, loc, indexType, v);
    return arith::TruncIOp::create(b, loc, indexType, v);
  };
  auto argument = [&](unsigned i) { return fromI64(arg(i)); };

  Value n = argument(spec.getNumElementsArg());
  GridStride grid = buildGridStride(b, loc, ids, indexType);
  Value start = grid.start, stride = grid.stride;
  // A wide kernel that stages its stores declares its slots (see
  // getOrCreateKernel).
  Value staging;
  if (!parameterVectors && vectorWidth > 1 &&
      vectorWidth == spec.getStagedWideVectorWidth())
    staging = func.getWorkgroupAttributions().front();
  // A kernel with a ring of asynchronous copies declares one per data input
  // (getOrCreateKernel); it never stages its stores.
  SmallVector<Value> rings;
  if (asyncStages > 0)
    rings = llvm::to_vector_of<Value>(func.getWorkgroupAttributions());
  assert(!(staging && asyncStages > 0) && "a ring kernel stages no stores");
  auto buildLoops = [&](OpBuilder &pb, Location l, Value items,
                        std::optional<QuantizePath> path) {
    if (staging)
      buildStagedTileLoops(pb, l, body, grid, items, staging,
                           body.arg(spec.getResultArg()), vectorWidth,
                           spec.getVectorWidths().back(), path);
    else
      buildGridStrideLoops(pb, l, body, grid, items, itemsPerThread,
                           StepLayout::BlockTiles, path);
  };
  Value numItems = n;
  if (vectorWidth > 1)
    numItems = arith::DivUIOp::create(b, loc, n, c(b, loc, vectorWidth));

  if (spec.perTensor) {
    SmallVector<Value> params;
    for (unsigned i : spec.getArgs(KernelOperandRole::Parameter))
      params.push_back(arg(i));
    FamilyParams prepared = body.getFunction().buildParams(
        b, loc, params, arg(spec.getQMinArg()), arg(spec.getQMaxArg()));
    body.setFixedParams(prepared);
    buildOnChosenPath(
        b, loc, prepared, [&](OpBuilder &pb, Location l, QuantizePath path) {
          buildLoops(pb, l, numItems, path);
          if (vectorWidth == 1)
            return;
          // The tail of num_elements % width elements, one per
          // thread.
          Value tailStart =
              arith::MulIOp::create(pb, l, numItems, c(pb, l, vectorWidth));
          auto tail = scf::ForOp::create(
              pb, l, arith::AddIOp::create(pb, l, tailStart, start), n, stride);
          OpBuilder::InsertionGuard guard(pb);
          pb.setInsertionPointToStart(tail.getBody());
          body.computeAndStore(pb, l,
                               body.loadAt(pb, l, tail.getInductionVar(),
                                           /*width=*/1),
                               path);
        });
    return;
  }

  Value block = argument(spec.getBlockArg());
  Value period = argument(spec.getPeriodArg());
  body.setBlock(block);
  body.setRepeats(repeats, period);
  if (!parameterVectors) {
    auto buildVectorLoops = [&](OpBuilder &pb, Location l) {
      if (asyncStages > 0)
        buildAsyncPipelinedLoop(pb, l, body, grid, numItems, rings,
                                vectorWidth, asyncStages, std::nullopt);
      else
        buildLoops(pb, l, numItems, std::nullopt);
    };
    if (vectorWidth == 1) {
      buildVectorLoops(b, loc);
      return;
    }
    // The vector's parameter index: in the 32-bit loops by a multiply-high
    // and a shift for any block (the block_magic and block_shift arguments,
    // which the caller computes once per launch: a 64-bit division per
    // thread, for a block that is no power of two, cost these kernels
    // 0.01-0.02 of a copy on an H200; docs/performance.md); in the 64-bit
    // loops by the shift of a power-of-two block (cttz on the i64 argument:
    // NVVM lowers it, not its index form), which skip any other block,
    // writing nothing: the runtime and the host code launch such a block
    // there only where the 32-bit loops run (KernelAbi.h's
    // familyBlockNeedsIndex32). A division in the 64-bit loops, even behind
    // a uniform branch, cost the staged kernels 8-76 bytes of spills in
    // ptxas; the 32-bit loops twice over, a shift's for a power of two and
    // a multiply-high's for any other block, cost the 16-bit staged kernels
    // of dequantize 0.02-0.04 of a copy on an H200 (spills), where one loop
    // with PTX mul.hi.u32 for every block stayed level
    // (docs/bench/2026-11-29-h200-ab-block-divisor.log).
    if (!indexType.isIndex()) {
      body.setBlockDivisor(arg(spec.getBlockMagicArg()),
                           arg(spec.getBlockShiftArg()));
      buildVectorLoops(b, loc);
      return;
    }
    Value block64 = arg(spec.getBlockArg());
    Type i64 = b.getI64Type();
    Value isPowerOfTwo = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::AndIOp::create(
            b, loc, block64,
            arith::SubIOp::create(
                b, loc, block64, arith::ConstantIntOp::create(b, loc, i64, 1))),
        arith::ConstantIntOp::create(b, loc, i64, 0));
    body.setBlockShift(
        fromI64(math::CountTrailingZerosOp::create(b, loc, block64)));
    auto ifPowerOfTwo = scf::IfOp::create(b, loc, isPowerOfTwo,
                                          /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockBegin(ifPowerOfTwo.thenBlock());
    buildVectorLoops(tb, loc);
    return;
  }

  Value width = c(b, loc, vectorWidth);
  Value strideElements = arith::MulIOp::create(b, loc, stride, width);
  Value invariant = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, strideElements, period), c(b, loc, 0));
  scf::IfOp::create(
      b, loc, invariant,
      [&](OpBuilder &pb, Location l) {
        // Every item of this thread starts at (start + k * stride) * width
        // = start * width (mod period).
        auto prepareParams = [&](OpBuilder &ib, Location il) {
          Value p = arith::RemUIOp::create(
              ib, il, arith::MulIOp::create(ib, il, start, width), period);
          return body.getFunction().buildParams(
              ib, il, body.loadParams(ib, il, p), arg(spec.getQMinArg()),
              arg(spec.getQMaxArg()));
        };
        if (asyncStages > 0) {
          FamilyParams prepared = prepareParams(pb, l);
          body.setFixedParams(prepared);
          buildOnChosenPath(
              pb, l, prepared,
              [&](OpBuilder &lb, Location ll, QuantizePath path) {
                buildAsyncPipelinedLoop(lb, ll, body, grid, numItems, rings,
                                        vectorWidth, asyncStages, path);
              });
        } else {
          buildGridStridedLoopsLoadingFirst(pb, l, body, grid, numItems,
                                            itemsPerThread, prepareParams);
        }
        body.setFixedParams(std::nullopt);
        scf::YieldOp::create(pb, l);
      },
      [&](OpBuilder &pb, Location l) {
        // Element by element, as the generic kernel: parameters loaded per
        // vector here would double the kernel's registers (ptxas, sm_90,
        // quantize f16: 117 against 46 for the vectorized kernel), which
        // the whole kernel pays in occupancy.
        KernelBodyBuilder elements(entry, spec, /*vectorWidth=*/1,
                                   /*parameterVectors=*/false);
        elements.setBlock(block);
        elements.setRepeats(repeats, period);
        buildGridStrideLoops(pb, l, elements, grid, n, /*itemsPerThread=*/1,
                             StepLayout::GridStrided, std::nullopt);
        scf::YieldOp::create(pb, l);
      });
}

/// Emits the body of a family kernel: a grid-stride loop over work items,
/// elements (vectorWidth == 1) or vectors of `vectorWidth` elements, read
/// and written in accesses of up to 16 bytes.
///
/// Memory parameters: element i uses parameter p(i) = (i / block) % period.
/// A vectorized variant needs a power-of-two block (a shift, computed once
/// per thread, replaces the division) that is a multiple of the width (one
/// parameter per vector), and takes num_elements as a multiple of the
/// width (a multiple of the block). Where the parameters do not repeat
/// (period * block >= num_elements, as per_group and per_token), the
/// remainder is skipped by a uniform branch per item (two copies of the
/// loops, one per case, cost the f64 kernels 6 more registers in ptxas).
/// With `asyncStages` > 0 (the ring variant, KernelAbi.h's
/// familyAsyncRingStages) the vectors arrive through a ring of that many
/// slots per data input (buildAsyncPipelinedLoop).
///
/// A parameter-vector variant (`parameterVectors`) needs block 1 and a
/// period and num_elements that are multiples of the width
/// (familyParameterVectorWidthFits): an item's parameters are the vectors
/// at i % period. Where the grid's stride in elements is a multiple of the
/// period, every item of a thread has the parameters of its first one:
/// they are loaded and prepared once, out of the loops, and the path is
/// chosen once (the runtime launches only such grids), and with
/// `asyncStages` > 0 the loop takes its data through a ring of that many
/// slots (buildAsyncPipelinedLoop); any other grid runs the generic
/// kernel's element loop.
///
/// Per-tensor parameters come by value and are prepared once; the path is
/// chosen once, around the loops, and a vectorized variant takes the last
/// num_elements % width elements one by one.
///
/// Index arithmetic: the loops exist twice, chosen once per thread by a
/// uniform branch. Where every size fits (buildFitsIndex32: num_elements,
/// block, period and the grid's stride in elements below 2^30) they count
/// in i32, as Triton's kernels do, and widen an index only to address
/// memory; otherwise in 64-bit `index`. A 64-bit add, compare or shift is
/// two or more SASS instructions and the 64-bit remainder a branch to a
/// call; the 32-bit loops took 16-bit quantize per_group from 0.89-0.90 to
/// 0.91-0.93 of a copy and quantize_backward with memory parameters from
/// 0.96-0.98 to 0.99-1.00 on an H200 (docs/performance.md). The
/// parameter-vector kernels hold one of the two: the 64-bit loops, or, in
/// their 32-bit variant (`index32`, KernelAbi.h's
/// familyHasParameterVectorIndex32), the i32 loops, run only where every
/// size fits (the runtime picks that variant only then).
void buildFamilyKernelBody(OpBuilder &b, Location loc, gpu::GPUFuncOp func,
                           const FamilyKernelSpec &spec, int vectorWidth,
                           bool parameterVectors, int itemsPerThread,
                           int asyncStages, bool index32) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto arg = [&](unsigned i) { return entry.getArgument(i); };
  Type indexType = b.getIndexType();
  Value repeats;
  if (!spec.perTensor) {
    Value n = arith::IndexCastOp::create(b, loc, indexType,
                                         arg(spec.getNumElementsArg()));
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    // A block or period below 1 has no meaning; write nothing rather than
    // divide by zero (the runtime rejects them before launching).
    Value block =
        arith::IndexCastOp::create(b, loc, indexType, arg(spec.getBlockArg()));
    Value period = arith::IndexCastOp::create(b, loc, indexType,
                                              arg(spec.getPeriodArg()));
    Value valid = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, block, zero),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, period,
                              zero));
    auto ifValid = scf::IfOp::create(b, loc, valid, /*withElseRegion=*/false);
    b.setInsertionPointToStart(ifValid.thenBlock());
    // The parameters repeat when there are more blocks than parameters
    // (per_channel with inner dimensions); otherwise p(i) = i / block.
    // ceil(n / block) > period, i.e. n > block * period, without a division
    // per thread. A product that wraps (block * period >= 2^64 > n) may make
    // `repeats` true where they do not repeat; then i / block < period for
    // every i < n, and (i / block) % period is the same parameter.
    repeats =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, n,
                              arith::MulIOp::create(b, loc, block, period));
  }
  GridStride ids = buildGridIds(b, loc);
  auto buildLoops = [&](OpBuilder &pb, Location l, Type type) {
    buildFamilyKernelLoops(pb, l, func, spec, vectorWidth, parameterVectors,
                           itemsPerThread, asyncStages, ids, type, repeats);
  };
  // The parameter-vector kernels keep one path: with both, ptxas took the
  // 16-bit dequantize ones from 80 to 97 registers (3 -> 2 blocks per SM)
  // and they lost 1-5 % on an H200 (docs/performance.md). The 32-bit
  // variant writes nothing where a size does not fit, as for a block below
  // 1: a launch the runtime never makes.
  if (parameterVectors && index32) {
    auto ifFits = scf::IfOp::create(
        b, loc, buildFitsIndex32(b, loc, func, spec, ids, vectorWidth),
        /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockBegin(ifFits.thenBlock());
    buildLoops(tb, loc, tb.getI32Type());
  } else if (parameterVectors) {
    buildLoops(b, loc, indexType);
  } else {
    scf::IfOp::create(
        b, loc, buildFitsIndex32(b, loc, func, spec, ids, vectorWidth),
        [&](OpBuilder &pb, Location l) {
          buildLoops(pb, l, pb.getI32Type());
          scf::YieldOp::create(pb, l);
        },
        [&](OpBuilder &pb, Location l) {
          buildLoops(pb, l, indexType);
          scf::YieldOp::create(pb, l);
        });
  }
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
}

/// Adds a workgroup buffer of `elements` of `elementType` to `func`, aligned
/// for 16-byte accesses (the lowering otherwise aligns the array to its
/// element type only).
void addAlignedWorkgroupBuffer(gpu::GPUFuncOp func, int64_t elements,
                               Type elementType) {
  MLIRContext *ctx = func.getContext();
  unsigned index = func.getNumWorkgroupAttributions();
  func.addWorkgroupAttribution(
      MemRefType::get({elements}, elementType, MemRefLayoutAttrInterface{},
                      gpu::AddressSpaceAttr::get(
                          ctx, gpu::AddressSpace::Workgroup)),
      func.getLoc());
  func.setWorkgroupAttributionAttr(
      index, LLVM::LLVMDialect::getAlignAttrName(),
      IntegerAttr::get(IntegerType::get(ctx, 64),
                       ::baracuda::kVectorAccessBytes));
}

/// Returns the kernel of `spec`, `vectorWidth` and `parameterVectors`,
/// creating it on first use, in blocks of `threadsPerBlock`: `itemsPerThread`
/// vectors per step, or, with `asyncStages` > 0 (parameter-vector kernels), one
/// from a ring of that many slots per data input; with `index32` a
/// parameter-vector kernel's 32-bit variant.
gpu::GPUFuncOp getOrCreateKernel(gpu::GPUModuleOp kernelModule,
                                 const FamilyKernelSpec &spec,
                                 int threadsPerBlock, int vectorWidth,
                                 bool parameterVectors, int itemsPerThread,
                                 int asyncStages, int minBlocksPerSM,
                                 bool index32 = false) {
  assert((!index32 || parameterVectors) &&
         "only parameter-vector kernels have a 32-bit variant");
  std::string name = spec.getKernelName(vectorWidth, parameterVectors,
                                        /*asyncRing=*/!parameterVectors &&
                                            asyncStages > 0,
                                        index32);
  if (auto existing = kernelModule.lookupSymbol<gpu::GPUFuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(kernelModule.getBody());
  auto func =
      gpu::GPUFuncOp::create(b, kernelModule.getLoc(), name,
                             spec.getFunctionType(kernelModule.getContext()));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  // The block the kernel is built for (PTX .maxntid), which buildLaunch
  // reads back; the runtime checks it against its catalog at module load.
  // It also lets the NVPTX backend size registers for it.
  func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr({threadsPerBlock, 1, 1}));
  bool staged = !parameterVectors && vectorWidth > 1 &&
                vectorWidth == spec.getStagedWideVectorWidth();
  bool ring = !parameterVectors && asyncStages > 0;
  // The staged and the ring kernels are compiled for a number of resident
  // threads, which caps their registers (KernelAbi.h).
  int minThreadsPerSM = staged ? spec.getStagedMinThreadsPerMultiprocessor()
                        : ring ? spec.getRingMinThreadsPerMultiprocessor()
                               : 0;
  if (minThreadsPerSM > 0)
    minBlocksPerSM = std::max(
        minBlocksPerSM, std::min(kMaxBlocksPerMultiprocessor,
                                 minThreadsPerSM / threadsPerBlock));
  if (vectorWidth > 1 && minBlocksPerSM > 0)
    func->setAttr("nvvm.minctasm", b.getI32IntegerAttr(minBlocksPerSM));
  if (staged) {
    // Staging slots for one wide vector per thread of the block.
    addAlignedWorkgroupBuffer(func, int64_t{threadsPerBlock} * vectorWidth,
                              spec.operands[spec.getResultArg()].elementType);
  }
  // A ring of `asyncStages` slots of one vector per thread for each data
  // input (buildAsyncPipelinedLoop).
  for (unsigned i : asyncStages > 0 ? spec.getArgs(KernelOperandRole::Data)
                                    : SmallVector<unsigned>{})
    addAlignedWorkgroupBuffer(
        func, int64_t{asyncStages} * threadsPerBlock * vectorWidth,
        spec.operands[i].elementType);
  buildFamilyKernelBody(b, kernelModule.getLoc(), func, spec, vectorWidth,
                        parameterVectors, vectorWidth > 1 ? itemsPerThread : 1,
                        asyncStages, index32);
  return func;
}

/// Emits a launch of `kernel` over `numItems` work items (elements or
/// vectors), `itemsPerThread` per thread per grid-stride step, in blocks of
/// the size the kernel was built for (getOrCreateKernel).
void buildLaunch(OpBuilder &b, Location loc, gpu::GPUFuncOp kernel,
                 Value numItems, int itemsPerThread, ValueRange operands) {
  int64_t threadsPerBlock = (*kernel.getKnownBlockSize())[0];
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(b, loc, threadsPerBlock);
  Value itemsPerBlock =
      arith::ConstantIndexOp::create(b, loc, threadsPerBlock * itemsPerThread);
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
/// at run time by the runtime plan's rules: the parameter-vector kernel for
/// block 1 (when its sizes and every buffer fit it), else the wide vectorized
/// kernel for problems that fill a wave of its threads (KernelAbi.h's size
/// class; with no device to ask, for kQuantizeAssumedThreadsPerWave, where the
/// runtime uses the kernel's measured occupancy), else the narrow one, each
/// only when the buffers meet its alignment (and a block only known at run time
/// fits it); the generic kernel otherwise. Only the kernels whose vector
/// width may fit the block are emitted. The ring variant of the wide kernel
/// (KernelAbi.h's familyAsyncRingStages) is emitted beside it for the
/// runtime, which launches it on GPUs of high memory bandwidth per
/// multiprocessor (familyPrefersAsyncRings); the host code here has no
/// device attributes to ask and launches the register kernel. So is the
/// parameter-vector kernel's 32-bit variant
/// (familyHasParameterVectorIndex32), which the runtime launches where its
/// grid fits it; the host code here launches the 64-bit kernel.
LogicalResult lowerToLaunch(RewriterBase &rewriter,
                            gpu::GPUModuleOp kernelModule, Operation *op,
                            const FamilyOpView &view, int vectorsPerThread,
                            int threadsPerBlockOption, int minBlocksPerSM) {
  Location loc = op->getLoc();
  const FamilyKernelSpec &spec = view.spec;
  // The option, for every kernel; else the op's (QuantizeFamily.def).
  int threadsPerBlock = threadsPerBlockOption != 0 ? threadsPerBlockOption
                                                   : spec.getThreadsPerBlock();
  // The option, for every kernel; else KernelAbi.h's per-kernel rule.
  auto itemsPerThreadOf = [&](bool parameterVectors, int width) {
    return vectorsPerThread != 0
               ? vectorsPerThread
               : spec.getVectorsPerThread(parameterVectors, width);
  };
  // The option loads every kernel's vectors into registers: no ring.
  int parameterVectorStages =
      vectorsPerThread != 0 ? 0 : spec.getParameterVectorAsyncStages();
  int ringStages = vectorsPerThread != 0 ? 0 : spec.getAsyncRingStages();
  rewriter.setInsertionPoint(op);
  FailureOr<SmallVector<Value>> operands =
      buildFamilyKernelOperands(rewriter, loc, view);
  if (failed(operands))
    return failure();
  gpu::GPUFuncOp kernel =
      getOrCreateKernel(kernelModule, spec, threadsPerBlock, 1,
                        /*parameterVectors=*/false, 1, 0, 0);

  Value n = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                       (*operands)[spec.getNumElementsArg()]);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value nonEmpty =
      arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sgt, n, zero);
  auto ifNonEmpty = scf::IfOp::create(rewriter, loc, nonEmpty, false);
  rewriter.setInsertionPointToStart(ifNonEmpty.thenBlock());

  std::optional<int64_t> staticBlock = getStaticBlock(view);
  SmallVector<int> widths;
  for (int width : spec.getVectorWidths())
    if (spec.perTensor || !staticBlock ||
        ::baracuda::familyVectorWidthFits(width, *staticBlock))
      widths.push_back(width);

  // Every vectorized kernel accesses each data and result buffer in
  // vectors; each alignment check is emitted once, where it dominates the
  // kernels that need it.
  SmallVector<unsigned> accessed = spec.getArgs(KernelOperandRole::Data);
  accessed.push_back(spec.getResultArg());
  DenseMap<std::pair<unsigned, int64_t>, Value> alignedChecks;
  auto isAligned = [&](unsigned arg, int64_t bytes) {
    Value &check = alignedChecks[{arg, bytes}];
    if (!check)
      check = buildIsAligned(rewriter, loc, (*operands)[arg], bytes);
    return check;
  };
  Type i64 = rewriter.getI64Type();
  auto constantI64 = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(rewriter, loc,
                                     rewriter.getIntegerAttr(i64, v));
  };
  if (!spec.perTensor && (!staticBlock || *staticBlock == 1)) {
    // The parameter-vector kernel: block 1, period and n multiples of its
    // width, every buffer (parameters too) aligned to its vectors.
    int width = spec.getParameterVectorWidth();
    Value take =
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                              (*operands)[spec.getBlockArg()], constantI64(1));
    for (Value size : {(*operands)[spec.getPeriodArg()],
                       (*operands)[spec.getNumElementsArg()]})
      take = arith::AndIOp::create(
          rewriter, loc, take,
          arith::CmpIOp::create(
              rewriter, loc, arith::CmpIPredicate::eq,
              arith::RemUIOp::create(rewriter, loc, size, constantI64(width)),
              constantI64(0)));
    SmallVector<unsigned> vectorAccessed = accessed;
    llvm::append_range(vectorAccessed,
                       spec.getArgs(KernelOperandRole::Parameter));
    for (unsigned arg : vectorAccessed)
      take = arith::AndIOp::create(
          rewriter, loc, take,
          isAligned(arg, KernelBodyBuilder::accessAlignment(
                             spec.operands[arg].elementType, width)));
    auto ifTake = scf::IfOp::create(rewriter, loc, take, true);
    rewriter.setInsertionPointToStart(ifTake.thenBlock());
    buildLaunch(rewriter, loc,
                getOrCreateKernel(kernelModule, spec, threadsPerBlock, width,
                                  /*parameterVectors=*/true,
                                  itemsPerThreadOf(true, width),
                                  parameterVectorStages, minBlocksPerSM),
                arith::DivUIOp::create(
                    rewriter, loc, n,
                    arith::ConstantIndexOp::create(rewriter, loc, width)),
                itemsPerThreadOf(true, width), *operands);
    // The 32-bit variant, like the ring one, is for the runtime, which
    // checks a launch's sizes against it (familyFitsIndex32).
    if (spec.hasParameterVectorIndex32())
      getOrCreateKernel(kernelModule, spec, threadsPerBlock, width,
                        /*parameterVectors=*/true,
                        itemsPerThreadOf(true, width), parameterVectorStages,
                        minBlocksPerSM, /*index32=*/true);
    rewriter.setInsertionPointToStart(ifTake.elseBlock());
  }
  for (int width : widths) {
    Value take;
    for (unsigned arg : accessed) {
      Value aligned =
          isAligned(arg, KernelBodyBuilder::accessAlignment(
                             spec.operands[arg].elementType, width));
      take =
          take ? arith::AndIOp::create(rewriter, loc, take, aligned) : aligned;
    }
    if (!spec.perTensor && !staticBlock) {
      // The block is known only now: a multiple of the width
      // (familyVectorWidthFits; the kernels skip a block below 1).
      Value block = (*operands)[spec.getBlockArg()];
      Value multiple = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq,
          arith::RemUIOp::create(rewriter, loc, block, constantI64(width)),
          constantI64(0));
      take = arith::AndIOp::create(rewriter, loc, take, multiple);
    }
    if (!spec.perTensor &&
        (!staticBlock || ::baracuda::familyBlockNeedsIndex32(*staticBlock))) {
      // A block that is no power of two runs in the kernel's 32-bit loops
      // only (familyBlockNeedsIndex32): sizes below kIndex32Limit / 2 keep
      // this launch's stride in elements (at most n plus a block's step)
      // below the limit too.
      Value block = (*operands)[spec.getBlockArg()];
      Value sizes = arith::OrIOp::create(
          rewriter, loc,
          arith::OrIOp::create(rewriter, loc,
                               (*operands)[spec.getNumElementsArg()], block),
          (*operands)[spec.getPeriodArg()]);
      Value fits = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::ule, sizes,
          constantI64(::baracuda::kIndex32Limit / 2));
      Value powerOfTwo = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq,
          arith::AndIOp::create(
              rewriter, loc, block,
              arith::SubIOp::create(rewriter, loc, block, constantI64(1))),
          constantI64(0));
      take = arith::AndIOp::create(
          rewriter, loc, take,
          arith::OrIOp::create(rewriter, loc, powerOfTwo, fits));
    }
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
    // Per-tensor kernels take the last n % width elements in their tail.
    Value widthValue = arith::ConstantIndexOp::create(rewriter, loc, width);
    Value numVectors =
        spec.perTensor
            ? arith::CeilDivUIOp::create(rewriter, loc, n, widthValue)
                  .getResult()
            : arith::DivUIOp::create(rewriter, loc, n, widthValue).getResult();
    buildLaunch(rewriter, loc,
                getOrCreateKernel(kernelModule, spec, threadsPerBlock, width,
                                  /*parameterVectors=*/false,
                                  itemsPerThreadOf(false, width),
                                  /*asyncStages=*/0, minBlocksPerSM),
                numVectors, itemsPerThreadOf(false, width), *operands);
    if (ringStages > 0 && width == widths.front() && widths.size() > 1)
      getOrCreateKernel(kernelModule, spec, threadsPerBlock, width,
                        /*parameterVectors=*/false,
                        /*itemsPerThread=*/1, ringStages, minBlocksPerSM);
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
    SmallVector<std::pair<Operation *, FamilyOpView>> ops;
    module.walk([&](Operation *op) {
      if (std::optional<FamilyOpView> view = matchFamilyOp(op))
        ops.emplace_back(op, std::move(*view));
    });
    if (ops.empty())
      return;
    if (vectorsPerThread != 0 && (vectorsPerThread < kMinVectorsPerThread ||
                                  vectorsPerThread > kMaxVectorsPerThread)) {
      module.emitError("convert-baracuda-to-gpu: vectors-per-thread must be "
                       "0 or in [")
          << kMinVectorsPerThread << ", " << kMaxVectorsPerThread << "], got "
          << static_cast<int>(vectorsPerThread);
      return signalPassFailure();
    }
    if (threadsPerBlock != 0 &&
        !::baracuda::isValidThreadsPerBlock(threadsPerBlock)) {
      module.emitError("convert-baracuda-to-gpu: threads-per-block must be 0 "
                       "or a multiple of 32 in [32, 1024], got ")
          << static_cast<int>(threadsPerBlock);
      return signalPassFailure();
    }
    FailureOr<gpu::GPUModuleOp> kernelModule = createKernelModule(module);
    if (failed(kernelModule))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    for (auto &[op, view] : ops)
      if (failed(lowerToLaunch(rewriter, *kernelModule, op, view,
                               vectorsPerThread, threadsPerBlock,
                               minBlocksPerMultiprocessor)))
        return signalPassFailure();
  }
};

} // namespace
