//===- BaracudaToSCF.cpp - baracuda ops to host loop kernels --------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizePerGroupKernelAbi.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

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

/// Emits the body of a host quantize_per_group kernel: a loop over groups
/// (scale and zero point loaded once, the fast or exact path chosen once)
/// around a vector loop and a scalar tail loop over the group's elements.
void buildCpuKernelBody(OpBuilder &b, Location loc, func::FuncOp func,
                        IntegerType storageType) {
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  auto arg = [&](unsigned i) -> Value { return entry->getArgument(i); };
  Type indexType = b.getIndexType();

  Value n = arith::IndexCastOp::create(b, loc, indexType, arg(kNumElementsArg));
  Value group =
      arith::IndexCastOp::create(b, loc, indexType, arg(kGroupSizeArg));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);

  // A non-positive group size has no meaning; write nothing rather than
  // divide by zero (the runtime rejects it before calling).
  Value validGroup =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, group, zero);
  auto ifOp = scf::IfOp::create(b, loc, validGroup, false);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value numGroups = arith::DivUIOp::create(b, loc, n, group);
  auto groupLoop = scf::ForOp::create(b, loc, zero, numGroups, one);
  b.setInsertionPointToStart(groupLoop.getBody());
  Value g = groupLoop.getInductionVar();
  Value scale = memref::LoadOp::create(b, loc, arg(kScaleArg), g);
  Value zeroPoint = memref::LoadOp::create(b, loc, arg(kZeroPointArg), g);
  // The portable fast path (QuantizeLowering's default): x86 rounds and
  // clamps floats in single instructions.
  const QuantizeLowering lowering;
  QuantizeGroupParams params = buildQuantizeGroupParams(
      b, loc, scale, zeroPoint, arg(kQMinArg), arg(kQMaxArg), lowering);
  Value base = arith::MulIOp::create(b, loc, g, group);
  // The group's path is chosen once, outside its element loops, so each
  // loop body is branch-free. Vector loops of each of kCpuVectorElements
  // take the group's elements in turn (LLVM's cost model declines to
  // vectorize the scalar loop on its own); a scalar loop takes the last.
  struct VectorLoop {
    int64_t width;
    Value step, end;
  };
  SmallVector<VectorLoop> vectorLoops;
  for (int64_t width : kCpuVectorElements) {
    Value step = arith::ConstantIndexOp::create(b, loc, width);
    Value end = arith::SubIOp::create(
        b, loc, group, arith::RemUIOp::create(b, loc, group, step));
    vectorLoops.push_back({width, step, end});
  }
  Value vectorEnd = vectorLoops.back().end;
  Type inputType = cast<MemRefType>(arg(kInputArg).getType()).getElementType();
  auto buildElementLoops = [&](OpBuilder &lb, Location l, bool fast) {
    auto quantize = [&](Value x) {
      return fast ? buildQuantizeElementsFast(lb, l, x, params, storageType,
                                              lowering)
                  : buildQuantizeElementsExact(lb, l, x, params, storageType);
    };
    OpBuilder::InsertionGuard guard(lb);
    Value begin = zero;
    for (const VectorLoop &loop : vectorLoops) {
      auto vectorLoop = scf::ForOp::create(lb, l, begin, loop.end, loop.step);
      OpBuilder::InsertionGuard bodyGuard(lb);
      lb.setInsertionPointToStart(vectorLoop.getBody());
      Value i =
          arith::AddIOp::create(lb, l, base, vectorLoop.getInductionVar());
      Value x = vector::LoadOp::create(lb, l,
                                       VectorType::get({loop.width}, inputType),
                                       arg(kInputArg), ValueRange{i});
      vector::StoreOp::create(lb, l, quantize(x), arg(kOutputArg),
                              ValueRange{i});
      begin = loop.end;
    }

    auto tailLoop = scf::ForOp::create(lb, l, vectorEnd, group, one);
    lb.setInsertionPointToStart(tailLoop.getBody());
    Value i = arith::AddIOp::create(lb, l, base, tailLoop.getInductionVar());
    Value x = memref::LoadOp::create(lb, l, arg(kInputArg), i);
    memref::StoreOp::create(lb, l, quantize(x), arg(kOutputArg), i);
  };
  scf::IfOp::create(
      b, loc, params.useFastPath,
      [&](OpBuilder &then, Location l) {
        buildElementLoops(then, l, /*fast=*/true);
        scf::YieldOp::create(then, l);
      },
      [&](OpBuilder &otherwise, Location l) {
        buildElementLoops(otherwise, l, /*fast=*/false);
        scf::YieldOp::create(otherwise, l);
      });

  b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, loc);
}

/// Returns the host kernel for `op`'s element types, creating it on first use
/// (`created` holds those of this run); fails when the input already defines
/// its symbol or its C wrapper's.
FailureOr<func::FuncOp>
getOrCreateCpuKernel(ModuleOp module, QuantizeOp op,
                     llvm::StringMap<func::FuncOp> &created) {
  std::string name = getQuantizePerGroupCpuKernelName(op);
  if (func::FuncOp kernel = created.lookup(name))
    return kernel;
  StringRef pass = "convert-baracuda-to-scf";
  if (failed(checkGeneratedSymbolIsFree(module, name, pass)) ||
      failed(checkGeneratedSymbolIsFree(module, "_mlir_ciface_" + name, pass)))
    return failure();
  IntegerType storageType =
      getStorageType(getElementTypeOrSelf(op.getOutput().getType()));
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto func = func::FuncOp::create(b, module.getLoc(), name,
                                   getQuantizePerGroupKernelType(op));
  // The runtime calls `_mlir_ciface_<name>` with memref descriptors.
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
  buildCpuKernelBody(b, module.getLoc(), func, storageType);
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
    SmallVector<QuantizeOp> ops;
    module.walk([&](QuantizeOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    llvm::StringMap<func::FuncOp> kernels;
    for (QuantizeOp op : ops) {
      FailureOr<func::FuncOp> kernel =
          getOrCreateCpuKernel(module, op, kernels);
      if (failed(kernel))
        return signalPassFailure();
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> operands =
          buildQuantizePerGroupKernelOperands(rewriter, op);
      if (failed(operands))
        return signalPassFailure();
      func::CallOp::create(rewriter, op.getLoc(), *kernel, *operands);
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
