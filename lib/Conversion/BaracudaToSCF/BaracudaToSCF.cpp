//===- BaracudaToSCF.cpp - baracuda ops to host loop kernels --------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/FamilyElement.h"
#include "baracuda/Conversion/QuantizeCommon/FamilyKernelAbi.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::baracuda {
#define GEN_PASS_DEF_CONVERTBARACUDATOSCFPASS
#include "baracuda/Conversion/Passes.h.inc"
} // namespace mlir::baracuda

using namespace mlir;
using namespace mlir::baracuda;

namespace {

/// Elements per vector of the host kernels' loops, widest first: the main
/// loop takes 16 (two 256-bit registers of f32: twice the independent work
/// per step, which the 16-bit inputs' conversions and Markstein correction
/// need to reach memory speed, docs/performance.md), then at most one vector
/// of 8 keeps groups of 8 (and the 8 left of 24, 40, ...) vectorized. LLVM
/// splits them for narrower targets.
constexpr int64_t kCpuVectorElements[] = {16, 8};

/// Emits the parameter-vector loop of a host family kernel: vectors of
/// `width` elements from 0 to `n` (a multiple of `width`), each with the
/// vectors of parameters at p = i % `period` (a multiple of `width`),
/// carried from vector to vector, and its own path.
void buildParameterVectorLoop(OpBuilder &b, Location loc,
                              const FamilyKernelSpec &spec,
                              const FamilyElementFunction &function,
                              Block *entry, Value n, Value period,
                              Value width) {
  auto arg = [&](unsigned i) -> Value { return entry->getArgument(i); };
  int64_t vectorWidth = kCpuVectorElements[0];
  auto vectorOf = [&](unsigned i) {
    return VectorType::get({vectorWidth}, spec.operands[i].elementType);
  };
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  auto loop = scf::ForOp::create(b, loc, zero, n, width, ValueRange{zero});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  Value p = loop.getRegionIterArg(0);
  SmallVector<Value> values;
  for (unsigned a : spec.getArgs(KernelOperandRole::Parameter))
    values.push_back(
        vector::LoadOp::create(b, loc, vectorOf(a), arg(a), ValueRange{p}));
  FamilyParams params = function.buildParams(
      b, loc, values, arg(spec.getQMinArg()), arg(spec.getQMaxArg()));
  SmallVector<Value> data;
  for (unsigned a : spec.getArgs(KernelOperandRole::Data))
    data.push_back(
        vector::LoadOp::create(b, loc, vectorOf(a), arg(a), ValueRange{i}));
  vector::StoreOp::create(b, loc,
                          function.buildEitherPath(b, loc, data, params),
                          arg(spec.getResultArg()), ValueRange{i});
  Value next = arith::AddIOp::create(b, loc, p, width);
  Value wrapped =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next, period);
  scf::YieldOp::create(
      b, loc, ValueRange{arith::SelectOp::create(b, loc, wrapped, zero, next)});
}

/// Emits the body of a host family kernel: a loop over the ceil(n / block)
/// blocks of elements that share a parameter (the last one may be partial),
/// with the parameters loaded and prepared once per block, and the fast or
/// exact path chosen once per block, around a 16-wide vector loop, an
/// 8-wide one and a scalar tail loop over the block's elements. Per-tensor
/// parameters come by value and are prepared once.
///
/// Block 1 (each element its own parameter: per_channel on the last axis)
/// with a period and size that are multiples of kCpuVectorElements[0]
/// takes a loop of its own instead, over vectors of elements and their
/// vectors of parameters (a block loop would prepare parameters and choose
/// a path per element).
void buildCpuKernelBody(OpBuilder &b, Location loc, func::FuncOp func,
                        const FamilyKernelSpec &spec) {
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  auto arg = [&](unsigned i) -> Value { return entry->getArgument(i); };
  Type indexType = b.getIndexType();
  // The portable fast path (QuantizeLowering's default): x86 rounds and
  // clamps floats in single instructions.
  FamilyElementFunction function(spec, QuantizeLowering{});
  SmallVector<unsigned> paramArgs = spec.getArgs(KernelOperandRole::Parameter);
  SmallVector<unsigned> dataArgs = spec.getArgs(KernelOperandRole::Data);
  Value out = arg(spec.getResultArg());
  Value qMin = arg(spec.getQMinArg());
  Value qMax = arg(spec.getQMaxArg());

  Value n = arith::IndexCastOp::create(b, loc, indexType,
                                       arg(spec.getNumElementsArg()));
  Value block =
      arith::IndexCastOp::create(b, loc, indexType, arg(spec.getBlockArg()));
  Value period =
      arith::IndexCastOp::create(b, loc, indexType, arg(spec.getPeriodArg()));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);

  // A block or period below 1 has no meaning; write nothing rather than
  // divide by zero (the runtime rejects them before calling).
  Value valid = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, block, zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, period, zero));
  auto ifOp = scf::IfOp::create(b, loc, valid, false);
  b.setInsertionPointToStart(ifOp.thenBlock());
  std::optional<FamilyParams> perTensorParams;
  if (spec.perTensor) {
    SmallVector<Value> values;
    for (unsigned i : paramArgs)
      values.push_back(arg(i));
    perTensorParams = function.buildParams(b, loc, values, qMin, qMax);
  } else {
    Value width = arith::ConstantIndexOp::create(b, loc, kCpuVectorElements[0]);
    auto isMultiple = [&](Value size) {
      return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                   arith::RemUIOp::create(b, loc, size, width),
                                   zero);
    };
    Value parameterVectors = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, block, one),
        arith::AndIOp::create(b, loc, isMultiple(period), isMultiple(n)));
    auto ifVectors = scf::IfOp::create(b, loc, parameterVectors, true);
    b.setInsertionPointToStart(ifVectors.thenBlock());
    buildParameterVectorLoop(b, loc, spec, function, entry, n, period, width);
    b.setInsertionPointToStart(ifVectors.elseBlock());
  }
  Value numBlocks = arith::CeilDivUIOp::create(b, loc, n, block);
  // The parameter index p = j % period of block j, carried from block to
  // block (a division per block would cost more than small blocks' work).
  auto blockLoop =
      scf::ForOp::create(b, loc, zero, numBlocks, one, ValueRange{zero});
  b.setInsertionPointToStart(blockLoop.getBody());
  Value j = blockLoop.getInductionVar();
  Value p = blockLoop.getRegionIterArg(0);
  FamilyParams params;
  if (perTensorParams) {
    params = *perTensorParams;
  } else {
    SmallVector<Value> values;
    for (unsigned i : paramArgs)
      values.push_back(memref::LoadOp::create(b, loc, arg(i), p));
    params = function.buildParams(b, loc, values, qMin, qMax);
  }
  Value base = arith::MulIOp::create(b, loc, j, block);
  Value length = arith::MinUIOp::create(b, loc, block,
                                        arith::SubIOp::create(b, loc, n, base));
  // The block's path is chosen once, outside its element loops, so each
  // loop body is branch-free. Vector loops of each of kCpuVectorElements
  // take the block's elements in turn (LLVM's cost model declines to
  // vectorize the scalar loop on its own); a scalar loop takes the last.
  struct VectorLoop {
    int64_t width;
    Value step, end;
  };
  SmallVector<VectorLoop> vectorLoops;
  for (int64_t width : kCpuVectorElements) {
    Value step = arith::ConstantIndexOp::create(b, loc, width);
    Value end = arith::SubIOp::create(
        b, loc, length, arith::RemUIOp::create(b, loc, length, step));
    vectorLoops.push_back({width, step, end});
  }
  Value vectorEnd = vectorLoops.back().end;
  auto buildElementLoops = [&](OpBuilder &lb, Location l, QuantizePath path) {
    auto compute = [&](Value i, std::optional<int64_t> width) {
      SmallVector<Value> data;
      for (unsigned d : dataArgs) {
        if (!width) {
          data.push_back(memref::LoadOp::create(lb, l, arg(d), i));
          continue;
        }
        data.push_back(vector::LoadOp::create(
            lb, l, VectorType::get({*width}, spec.operands[d].elementType),
            arg(d), ValueRange{i}));
      }
      Value result = function.build(lb, l, data, params, path);
      if (width)
        vector::StoreOp::create(lb, l, result, out, ValueRange{i});
      else
        memref::StoreOp::create(lb, l, result, out, i);
    };
    OpBuilder::InsertionGuard guard(lb);
    Value begin = zero;
    for (const VectorLoop &loop : vectorLoops) {
      auto vectorLoop = scf::ForOp::create(lb, l, begin, loop.end, loop.step);
      OpBuilder::InsertionGuard bodyGuard(lb);
      lb.setInsertionPointToStart(vectorLoop.getBody());
      compute(arith::AddIOp::create(lb, l, base, vectorLoop.getInductionVar()),
              loop.width);
      begin = loop.end;
    }

    auto tailLoop = scf::ForOp::create(lb, l, vectorEnd, length, one);
    lb.setInsertionPointToStart(tailLoop.getBody());
    compute(arith::AddIOp::create(lb, l, base, tailLoop.getInductionVar()),
            std::nullopt);
  };
  buildOnChosenPath(b, loc, params, buildElementLoops);
  Value next = arith::AddIOp::create(b, loc, p, one);
  Value wrapped =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next, period);
  scf::YieldOp::create(
      b, loc, ValueRange{arith::SelectOp::create(b, loc, wrapped, zero, next)});

  b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, loc);
}

/// Returns the host kernel of `spec`, creating it on first use (`created`
/// holds those of this run); fails when the input already defines its
/// symbol or its C wrapper's.
FailureOr<func::FuncOp>
getOrCreateCpuKernel(ModuleOp module, const FamilyKernelSpec &spec,
                     llvm::StringMap<func::FuncOp> &created) {
  std::string name = spec.getCpuKernelName();
  if (func::FuncOp kernel = created.lookup(name))
    return kernel;
  StringRef pass = "convert-baracuda-to-scf";
  if (failed(checkGeneratedSymbolIsFree(module, name, pass)) ||
      failed(checkGeneratedSymbolIsFree(module, "_mlir_ciface_" + name, pass)))
    return failure();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto func = func::FuncOp::create(b, module.getLoc(), name,
                                   spec.getFunctionType(module.getContext()));
  // The runtime calls `_mlir_ciface_<name>` with memref descriptors.
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
  buildCpuKernelBody(b, module.getLoc(), func, spec);
  created[name] = func;
  return func;
}

struct ConvertBaracudaToSCFPass
    : public mlir::baracuda::impl::ConvertBaracudaToSCFPassBase<
          ConvertBaracudaToSCFPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkBaracudaOpsLowerable(module, getArgument())))
      return signalPassFailure();
    SmallVector<std::pair<Operation *, FamilyOpView>> ops;
    module.walk([&](Operation *op) {
      if (std::optional<FamilyOpView> view = matchFamilyOp(op))
        ops.emplace_back(op, std::move(*view));
    });
    IRRewriter rewriter(&getContext());
    llvm::StringMap<func::FuncOp> kernels;
    for (auto &[op, view] : ops) {
      FailureOr<func::FuncOp> kernel =
          getOrCreateCpuKernel(module, view.spec, kernels);
      if (failed(kernel))
        return signalPassFailure();
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> operands =
          buildFamilyKernelOperands(rewriter, op->getLoc(), view);
      if (failed(operands))
        return signalPassFailure();
      func::CallOp::create(rewriter, op->getLoc(), *kernel, *operands);
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
