//===- FamilyKernelAbi.cpp - Kernels of the quantization family -----------===//

#include "baracuda/Conversion/QuantizeCommon/FamilyKernelAbi.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::FamilyOp;

//===----------------------------------------------------------------------===//
// FamilyKernelSpec
//===----------------------------------------------------------------------===//

FloatType FamilyKernelSpec::getComputeType() const {
  return getQuantizeComputeType(floatType);
}

bool FamilyKernelSpec::hasRange() const {
  return ::baracuda::familyOpHasRange(op);
}

SmallVector<unsigned> FamilyKernelSpec::getArgs(KernelOperandRole role) const {
  SmallVector<unsigned> args;
  for (auto [i, operand] : llvm::enumerate(operands))
    if (operand.role == role)
      args.push_back(i);
  return args;
}

unsigned FamilyKernelSpec::getResultArg() const {
  SmallVector<unsigned> results = getArgs(KernelOperandRole::Result);
  assert(results.size() == 1 && "a family kernel writes one tensor");
  return results.front();
}

FunctionType FamilyKernelSpec::getFunctionType(MLIRContext *ctx) const {
  Builder b(ctx);
  SmallVector<Type> argTypes;
  for (const KernelOperand &operand : operands) {
    if (perTensor && operand.role == KernelOperandRole::Parameter)
      argTypes.push_back(operand.elementType);
    else
      argTypes.push_back(
          MemRefType::get({ShapedType::kDynamic}, operand.elementType));
  }
  argTypes.append({b.getI64Type(), b.getI64Type(), b.getI64Type(),
                   b.getI32Type(), b.getI32Type(), b.getI32Type(),
                   b.getI32Type()});
  return FunctionType::get(ctx, argTypes, {});
}

namespace {
/// The kinds KernelAbi.h names kernels by; the spec's types have them.
std::pair<::baracuda::ElementKind, ::baracuda::ElementKind>
getKinds(const FamilyKernelSpec &spec) {
  ::baracuda::ElementKind floatKind = *getElementKind(spec.floatType);
  ::baracuda::ElementKind quantizedKind =
      spec.quantizedType ? *getElementKind(spec.quantizedType)
                         : ::baracuda::ElementKind::S8; // Not named.
  return {floatKind, quantizedKind};
}
} // namespace

std::string FamilyKernelSpec::getKernelName(int vectorWidth,
                                            bool parameterVectors,
                                            bool asyncRing,
                                            bool index32) const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyKernelName(op, perTensor, floatKind, quantizedKind,
                                      vectorWidth, parameterVectors, asyncRing,
                                      index32);
}

std::string FamilyKernelSpec::getCpuKernelName() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyCpuKernelName(op, perTensor, floatKind,
                                         quantizedKind);
}

SmallVector<int> FamilyKernelSpec::getVectorWidths() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  std::vector<int> widths =
      ::baracuda::familyVectorWidths(op, floatKind, quantizedKind, perTensor);
  return SmallVector<int>(widths.begin(), widths.end());
}

int FamilyKernelSpec::getVectorsPerThread(bool parameterVectors,
                                          int vectorWidth) const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyVectorsPerThread(
      op, floatKind, quantizedKind, perTensor, parameterVectors, vectorWidth);
}

int FamilyKernelSpec::getThreadsPerBlock() const {
  return ::baracuda::familyThreadsPerBlock(op);
}

int FamilyKernelSpec::getStagedWideVectorWidth() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyStagesWideStores(op, floatKind, quantizedKind)
             ? ::baracuda::familyWideVectorWidth(op, floatKind, quantizedKind)
             : 0;
}

int FamilyKernelSpec::getStagedMinThreadsPerMultiprocessor() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyStagedMinThreadsPerMultiprocessor(op, floatKind,
                                                             quantizedKind);
}

int FamilyKernelSpec::getRingMinThreadsPerMultiprocessor() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyRingMinThreadsPerMultiprocessor(op, floatKind,
                                                           quantizedKind);
}

int FamilyKernelSpec::getParameterVectorWidth() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyParameterVectorWidth(op, floatKind, quantizedKind);
}

int FamilyKernelSpec::getParameterVectorAsyncStages() const {
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyParameterVectorAsyncStages(op, floatKind,
                                                      quantizedKind);
}

bool FamilyKernelSpec::hasParameterVectorIndex32() const {
  if (perTensor)
    return false;
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyHasParameterVectorIndex32(op, floatKind,
                                                     quantizedKind);
}

int FamilyKernelSpec::getAsyncRingStages() const {
  if (perTensor)
    return 0;
  auto [floatKind, quantizedKind] = getKinds(*this);
  return ::baracuda::familyAsyncRingStages(op, floatKind, quantizedKind);
}

FamilyKernelSpec
mlir::baracuda::getFamilyKernelSpec(FamilyOp op, bool perTensor,
                                    FloatType floatType,
                                    IntegerType quantizedType) {
  MLIRContext *ctx = floatType.getContext();
  FamilyKernelSpec spec;
  spec.op = op;
  spec.perTensor = perTensor;
  spec.floatType = floatType;
  if (::baracuda::familyOpHasQuantized(op))
    spec.quantizedType = quantizedType;
  // The operand list of the rules (one list for the dialect, the runtime
  // and the kernels): data and the result indexed by i, parameters by p(i).
  const std::vector<::baracuda::FamilyOperand> &operands =
      ::baracuda::familyOperands(op);
  for (auto [i, operand] : llvm::enumerate(operands)) {
    bool isResult = i + 1 == operands.size();
    KernelOperand kernelOperand;
    switch (operand.role) {
    case ::baracuda::OperandRole::Float:
      kernelOperand = {isResult ? KernelOperandRole::Result
                                : KernelOperandRole::Data,
                       floatType};
      break;
    case ::baracuda::OperandRole::Quantized:
      kernelOperand = {isResult ? KernelOperandRole::Result
                                : KernelOperandRole::Data,
                       getStorageType(quantizedType)};
      break;
    case ::baracuda::OperandRole::Scale:
      kernelOperand = {KernelOperandRole::Parameter,
                       perTensor ? Type(spec.getComputeType())
                                 : Type(floatType)};
      break;
    case ::baracuda::OperandRole::ZeroPoint:
      kernelOperand = {KernelOperandRole::Parameter, IntegerType::get(ctx, 32)};
      break;
    }
    spec.operands.push_back(kernelOperand);
  }
  return spec;
}

//===----------------------------------------------------------------------===//
// Ops of the dialect
//===----------------------------------------------------------------------===//

// The one place that knows the ops: everything below and both lowerings
// work on FamilyOpView.
std::optional<FamilyOpView> mlir::baracuda::matchFamilyOp(Operation *op) {
  auto familyOp = dyn_cast<QuantizeFamilyOpInterface>(op);
  if (!familyOp || op->getNumResults() != 0)
    return std::nullopt; // Not of the family, or not bufferized.
  FamilyOp kind = familyOp.getFamilyOp();
  const std::vector<::baracuda::FamilyOperand> &roles =
      ::baracuda::familyOperands(kind);
  FloatType floatType;
  IntegerType quantizedType;
  for (auto [operand, role] : llvm::zip_equal(op->getOperands(), roles)) {
    Type elementType = getElementTypeOrSelf(operand.getType());
    if (role.role == ::baracuda::OperandRole::Float)
      floatType = cast<FloatType>(elementType);
    else if (role.role == ::baracuda::OperandRole::Quantized)
      quantizedType = cast<IntegerType>(elementType);
  }
  ::baracuda::ParameterLayout layout = familyOp.getParameterLayout();
  FamilyOpView view;
  view.spec = getFamilyKernelSpec(
      kind, layout.kind == ::baracuda::LayoutKind::PerTensor, floatType,
      quantizedType);
  view.operands = llvm::to_vector(op->getOperands());
  switch (layout.kind) {
  case ::baracuda::LayoutKind::PerTensor:
    view.layout.kind = FamilyParamLayout::Kind::PerTensor;
    break;
  case ::baracuda::LayoutKind::PerChannel:
    view.layout.kind = FamilyParamLayout::Kind::PerChannel;
    view.layout.axis = layout.axis;
    break;
  case ::baracuda::LayoutKind::PerToken:
    view.layout.kind = FamilyParamLayout::Kind::PerToken;
    break;
  case ::baracuda::LayoutKind::PerGroup:
    view.layout.kind = FamilyParamLayout::Kind::PerGroup;
    view.layout.groupSize = layout.groupSize;
    break;
  }
  if (std::optional<std::pair<int64_t, int64_t>> range =
          familyOp.getQuantizationRange()) {
    view.qMin = static_cast<int32_t>(range->first);
    view.qMax = static_cast<int32_t>(range->second);
  }
  return view;
}

namespace {
/// Whether `op` is a family op in tensor form (to be bufferized first).
bool isFamilyTensorOp(Operation *op) {
  return isa<QuantizeFamilyOpInterface>(op) && op->getNumResults() != 0;
}
} // namespace

std::optional<int64_t>
mlir::baracuda::getStaticBlock(const FamilyOpView &view) {
  auto shape = cast<MemRefType>(view.dataBuffer().getType()).getShape();
  switch (view.layout.kind) {
  case FamilyParamLayout::Kind::PerTensor:
    return std::nullopt;
  case FamilyParamLayout::Kind::PerGroup:
    return view.layout.groupSize;
  case FamilyParamLayout::Kind::PerToken:
    if (shape.size() != 2 || ShapedType::isDynamic(shape[1]))
      return std::nullopt;
    return shape[1];
  case FamilyParamLayout::Kind::PerChannel: {
    int64_t block = 1;
    for (int64_t size : shape.drop_front(view.layout.axis + 1)) {
      if (ShapedType::isDynamic(size))
        return std::nullopt;
      block *= size;
    }
    return block;
  }
  }
  return std::nullopt;
}

FailureOr<SmallVector<Value>>
mlir::baracuda::buildFamilyKernelOperands(OpBuilder &b, Location loc,
                                          const FamilyOpView &view) {
  SmallVector<Value> operands;
  for (Value operand : view.operands) {
    if (!isa<MemRefType>(operand.getType())) {
      operands.push_back(operand); // A per-tensor parameter, by value.
      continue;
    }
    FailureOr<Value> flat = flattenBufferForKernel(b, loc, operand);
    if (failed(flat))
      return failure();
    operands.push_back(*flat);
  }

  Type i64 = b.getI64Type();
  auto toI64 = [&](Value index) -> Value {
    return arith::IndexCastOp::create(b, loc, i64, index);
  };
  auto constantI64 = [&](int64_t value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
  };
  Value data = view.dataBuffer();
  Value n = toI64(buildNumElements(b, loc, data));
  Value block, period;
  switch (view.layout.kind) {
  case FamilyParamLayout::Kind::PerTensor:
    block = arith::MaxSIOp::create(b, loc, n, constantI64(1));
    period = constantI64(1);
    break;
  case FamilyParamLayout::Kind::PerGroup:
    // Groups of G along the last axis: p(i) = i / G over all rows.
    block = constantI64(view.layout.groupSize);
    period = arith::DivUIOp::create(b, loc, n, block);
    break;
  case FamilyParamLayout::Kind::PerToken:
    block = toI64(memref::DimOp::create(b, loc, data, 1));
    period = toI64(memref::DimOp::create(b, loc, data, 0));
    break;
  case FamilyParamLayout::Kind::PerChannel: {
    auto rank = cast<MemRefType>(data.getType()).getRank();
    Value inner = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t dim = view.layout.axis + 1; dim < rank; ++dim)
      inner = arith::MulIOp::create(b, loc, inner,
                                    memref::DimOp::create(b, loc, data, dim));
    block = toI64(inner);
    period = toI64(memref::DimOp::create(b, loc, data, view.layout.axis));
    break;
  }
  }
  operands.append({n, block, period});
  operands.push_back(
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(view.qMin)));
  operands.push_back(
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(view.qMax)));
  auto [magic, shift] = buildBlockDivisorArgs(b, loc, block);
  operands.append({magic, shift});
  return operands;
}

std::pair<Value, Value> mlir::baracuda::buildBlockDivisorArgs(OpBuilder &b,
                                                              Location loc,
                                                              Value block) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  Value valid = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, block, c(2)),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, block,
                            c(::baracuda::kIndex32Limit)));
  // Any block outside the range computes with 2 (no shift of 64 or more)
  // and passes 0, 0.
  Value divisor = arith::SelectOp::create(b, loc, valid, block, c(2));
  Value ceilLog2 = arith::SubIOp::create(
      b, loc, c(64),
      math::CountLeadingZerosOp::create(
          b, loc, arith::SubIOp::create(b, loc, divisor, c(1))));
  Value dividend = arith::ShLIOp::create(
      b, loc, c(1), arith::AddIOp::create(b, loc, ceilLog2, c(31)));
  Value magic = arith::DivUIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, dividend,
                            arith::SubIOp::create(b, loc, divisor, c(1))),
      divisor);
  Value shift = arith::SubIOp::create(b, loc, ceilLog2, c(1));
  auto argument = [&](Value v) -> Value {
    return arith::SelectOp::create(b, loc, valid,
                                   arith::TruncIOp::create(b, loc, i32, v),
                                   arith::ConstantOp::create(
                                       b, loc, b.getI32IntegerAttr(0)));
  };
  return {argument(magic), argument(shift)};
}

LogicalResult mlir::baracuda::checkBaracudaOpsLowerable(ModuleOp module,
                                                        StringRef pass) {
  bool lowerable = true;
  module.walk([&](Operation *op) {
    bool tensorForm = isFamilyTensorOp(op);
    if (!tensorForm && !matchFamilyOp(op))
      return;
    if (op->getParentOfType<ModuleOp>() != module) {
      op->emitOpError("inside a nested builtin.module is not lowered by ")
          << pass << ", which lowers the ops of the module it runs on; run "
          << "it on the nested module (e.g. "
             "--pass-pipeline='builtin.module(builtin.module(...))')";
      lowerable = false;
    } else if (tensorForm) {
      op->emitOpError("must be bufferized before ")
          << pass << " (run --baracuda-bufferize first)";
      lowerable = false;
    }
  });
  return success(lowerable);
}

LogicalResult mlir::baracuda::checkGeneratedSymbolIsFree(ModuleOp module,
                                                         StringRef name,
                                                         StringRef pass) {
  Operation *existing = module.lookupSymbol(name);
  if (!existing)
    return success();
  return existing->emitOpError("defines symbol '@")
         << name << "', which " << pass
         << " generates (the runtime looks kernels up by this name); rename "
            "it";
}
