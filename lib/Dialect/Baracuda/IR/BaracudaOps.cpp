//===- BaracudaOps.cpp - baracuda dialect ops -----------------------------===//
//
// The quantization family is verified, checked at run time and given its
// memory effects here, once for all its ops, through
// QuantizeFamilyOpInterface and the shared rules.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::ElementKind;
using ::baracuda::FamilyOp;
using ::baracuda::LayoutKind;
using ::baracuda::MaybeShape;
using ::baracuda::OperandRole;
using ::baracuda::ParameterLayout;

std::optional<ElementKind> mlir::baracuda::getElementKind(Type type) {
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isSignedInteger(8))
    return ElementKind::S8;
  if (type.isUnsignedInteger(8))
    return ElementKind::U8;
  if (type.isSignlessInteger(32))
    return ElementKind::S32;
  return std::nullopt;
}

namespace {

bool isData(OperandRole role) {
  return role == OperandRole::Float || role == OperandRole::Quantized;
}

/// Whether operand `role` is a scalar under `layout` (per-tensor
/// parameters).
bool isScalarParameter(const ParameterLayout &layout, OperandRole role) {
  return layout.kind == LayoutKind::PerTensor && !isData(role);
}

MaybeShape toMaybeShape(ShapedType type) {
  MaybeShape shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    shape.push_back(type.isDynamicDim(d) ? std::nullopt
                                         : std::optional(type.getDimSize(d)));
  return shape;
}

std::string shapeText(ShapedType type) {
  return ::baracuda::shapeText(toMaybeShape(type));
}

/// Whether two possibly-unknown dims may be equal.
bool compatible(const ::baracuda::MaybeDim &a, const ::baracuda::MaybeDim &b) {
  return !a || !b || *a == *b;
}

LogicalResult fail(Operation *op, const ::baracuda::Status &status) {
  return op->emitOpError(status.message());
}

/// The operand kinds: tensors with a result, buffers in the default memory
/// space without; per-tensor parameters are scalars.
LogicalResult verifyOperandKinds(Operation *op, const ParameterLayout &layout,
                                 bool onTensors) {
  for (auto [operand, value] :
       llvm::zip_equal(::baracuda::familyOperands(
                           cast<QuantizeFamilyOpInterface>(op).getFamilyOp()),
                       op->getOperands())) {
    Type type = value.getType();
    if (isScalarParameter(layout, operand.role)) {
      if (isa<ShapedType>(type))
        return op->emitOpError()
               << operand.name
               << " must be a scalar under #baracuda.per_tensor (one value "
                  "for the whole tensor), got "
               << type;
      continue;
    }
    bool kindOk =
        onTensors ? isa<RankedTensorType>(type) : isa<MemRefType>(type);
    if (!kindOk)
      return op->emitOpError()
             << operand.name << " must be a "
             << (onTensors ? "ranked tensor (the op has a result)"
                           : "memref (the op has no result)")
             << ", got " << type;
    if (auto memref = dyn_cast<MemRefType>(type);
        memref && memref.getMemorySpace())
      return op->emitOpError()
             << operand.name << " type " << type
             << " is in a memory space; only the default memory space is "
                "supported (the kernels take plain host or device pointers)";
  }
  return success();
}

Type elementTypeOf(Type type) { return getElementTypeOrSelf(type); }

/// Element types: one float type T for the float data and tensor scales
/// (the compute type for a scalar scale), si8/ui8 for 8-bit data, i32
/// zero points. Sets `quantized` to the 8-bit kind when there is one.
LogicalResult verifyElementTypes(Operation *op, FamilyOp familyOp,
                                 const ParameterLayout &layout,
                                 std::optional<ElementKind> &quantized) {
  const auto &operands = ::baracuda::familyOperands(familyOp);
  const char *floatName = nullptr;
  Type floatType;
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    if (operand.role != OperandRole::Float)
      continue;
    Type element = elementTypeOf(value.getType());
    if (!floatType) {
      std::optional<ElementKind> kind = getElementKind(element);
      if (!kind || !::baracuda::isFamilyFloatElement(*kind))
        return op->emitOpError() << operand.name << " element type " << element
                                 << " must be one of f32, f64, f16, bf16";
      floatType = element;
      floatName = operand.name;
    } else if (element != floatType) {
      return op->emitOpError()
             << operand.name << " element type " << element << " must match "
             << floatName << " element type " << floatType;
    }
  }
  ElementKind computeKind =
      ::baracuda::familyComputeElement(*getElementKind(floatType));
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    Type element = elementTypeOf(value.getType());
    bool scalar = isScalarParameter(layout, operand.role);
    switch (operand.role) {
    case OperandRole::Float:
      break;
    case OperandRole::Quantized: {
      std::optional<ElementKind> kind = getElementKind(element);
      if (!kind || !::baracuda::isFamilyQuantizedElement(*kind)) {
        InFlightDiagnostic diag = op->emitOpError()
                                  << operand.name << " element type " << element
                                  << " must be si8 (s8) or ui8 (u8)";
        if (element.isSignlessInteger(8))
          diag << "; signless i8 does not say which";
        return diag;
      }
      quantized = kind;
      break;
    }
    case OperandRole::Scale:
      if (scalar && getElementKind(element) != computeKind)
        return op->emitOpError()
               << "scale type " << element << " must be "
               << ::baracuda::elementKindName(computeKind)
               << " under #baracuda.per_tensor (the compute type of "
               << floatType << " data)";
      if (!scalar && element != floatType)
        return op->emitOpError()
               << "scale element type " << element << " must match "
               << floatName << " element type " << floatType;
      break;
    case OperandRole::ZeroPoint:
      if (!element.isSignlessInteger(32))
        return op->emitOpError()
               << "zero_point " << (scalar ? "type " : "element type ")
               << element << " must be i32";
      break;
    }
  }
  return success();
}

/// Shapes: every data operand has the data's shape; scale and zero_point
/// have the layout's parameter shape (and each other's).
LogicalResult verifyShapes(Operation *op, FamilyOp familyOp,
                           const ParameterLayout &layout) {
  const auto &operands = ::baracuda::familyOperands(familyOp);
  // Every known dim of every operand within the descriptors' 32 bits.
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    auto shaped = dyn_cast<ShapedType>(value.getType());
    if (!shaped)
      continue;
    for (int64_t d = 0; d < shaped.getRank(); ++d)
      if (!shaped.isDynamicDim(d) &&
          shaped.getDimSize(d) > ::baracuda::kMaxFamilyDimSize)
        return op->emitOpError()
               << operand.name << " shape " << shapeText(shaped) << ": dim "
               << d << " must be at most " << ::baracuda::kMaxFamilyDimSize
               << " (the runtime's descriptors are 32-bit)";
  }
  const char *dataName = nullptr;
  ShapedType dataType;
  MaybeShape data;
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    if (!isData(operand.role))
      continue;
    auto type = cast<ShapedType>(value.getType());
    if (!dataType) {
      dataName = operand.name;
      dataType = type;
      data = toMaybeShape(type);
      continue;
    }
    bool same = type.getRank() == dataType.getRank();
    for (int64_t d = 0; same && d < type.getRank(); ++d) {
      ::baracuda::MaybeDim dim;
      if (!type.isDynamicDim(d))
        dim = type.getDimSize(d);
      same = compatible(dim, data[d]);
      if (!data[d])
        data[d] = dim; // The problem's size is what any operand pins down.
    }
    if (!same)
      return op->emitOpError()
             << operand.name << " shape " << shapeText(type) << " must equal "
             << dataName << " shape " << shapeText(dataType);
  }
  ::baracuda::Status status =
      ::baracuda::validateLayout(layout, dataType.getRank());
  if (status.ok())
    status = ::baracuda::validateDataShape(layout, data);
  if (!status.ok())
    return fail(op, status);
  if (layout.kind == LayoutKind::PerTensor)
    return success();

  MaybeShape expected = ::baracuda::parameterShape(layout, data);
  ShapedType scaleType;
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    if (isData(operand.role))
      continue;
    auto type = cast<ShapedType>(value.getType());
    MaybeShape actual = toMaybeShape(type);
    bool matches = actual.size() == expected.size();
    for (size_t d = 0; matches && d < actual.size(); ++d)
      matches = compatible(actual[d], expected[d]);
    if (!matches)
      return op->emitOpError(::baracuda::operandShapeRuleMessage(
          operand.name, shapeText(type),
          ::baracuda::parameterShapeWords(layout),
          ::baracuda::shapeText(expected)));
    // With data dims unknown, scale and zero_point still pin each other.
    if (scaleType && type.getShape() != scaleType.getShape()) {
      bool same = true;
      for (int64_t d = 0; d < type.getRank(); ++d)
        same &= type.isDynamicDim(d) || scaleType.isDynamicDim(d) ||
                type.getDimSize(d) == scaleType.getDimSize(d);
      if (!same)
        return op->emitOpError()
               << operand.name << " shape " << shapeText(type)
               << " must equal scale shape " << shapeText(scaleType);
    }
    if (operand.role == OperandRole::Scale)
      scaleType = type;
  }
  return success();
}

} // namespace

LogicalResult mlir::baracuda::verifyQuantizeFamilyOp(Operation *op) {
  auto family = cast<QuantizeFamilyOpInterface>(op);
  FamilyOp familyOp = family.getFamilyOp();
  ParameterLayout layout = family.getParameterLayout();
  bool onTensors = op->getNumResults() != 0;
  if (failed(verifyOperandKinds(op, layout, onTensors)))
    return failure();
  std::optional<ElementKind> quantized;
  if (failed(verifyElementTypes(op, familyOp, layout, quantized)) ||
      failed(verifyShapes(op, familyOp, layout)))
    return failure();
  if (std::optional<std::pair<int64_t, int64_t>> range =
          family.getQuantizationRange()) {
    ::baracuda::Status status = ::baracuda::validateRange(
        familyOp, quantized, range->first, range->second);
    if (!status.ok())
      return fail(op, status);
  }
  return success();
}

void mlir::baracuda::getQuantizeFamilyEffects(
    Operation *op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  auto dps = cast<DestinationStyleOpInterface>(op);
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (dps.isDpsInit(&operand))
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

namespace {

/// Dim `d` of a tensor or memref, as an index constant when static.
Value buildDim(OpBuilder &b, Location loc, Value value, int64_t d) {
  auto type = cast<ShapedType>(value.getType());
  if (!type.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
  if (isa<MemRefType>(type))
    return memref::DimOp::create(b, loc, value, d);
  return tensor::DimOp::create(b, loc, value, d);
}

/// Prints, when `anyFails` is true, one line (printf, stdout) with the
/// run-time shape of every shaped operand, so that the asserts that follow,
/// whose messages are constants, come with the numbers.
void buildPrintSizesIfFailed(OpBuilder &b, Location loc, Operation *op,
                             Value anyFails) {
  auto module = op->getParentOfType<ModuleOp>();
  if (!module)
    return;
  std::string format =
      op->getName().stripDialect().str() + ": sizes at run time:";
  SmallVector<Value> sizes;
  bool first = true;
  for (auto [operand, value] :
       llvm::zip_equal(::baracuda::familyOperands(
                           cast<QuantizeFamilyOpInterface>(op).getFamilyOp()),
                       op->getOperands())) {
    auto type = dyn_cast<ShapedType>(value.getType());
    if (!type)
      continue;
    format += std::string(first ? " " : ", ") + operand.name + " [";
    first = false;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      format += d ? ", %lld" : "%lld";
      sizes.push_back(buildDim(b, loc, value, d));
    }
    format += "]";
  }
  format += "\n";
  // One global per distinct format, named after its contents.
  std::string name =
      "baracuda_runtime_sizes_format_" +
      llvm::utohexstr(static_cast<uint64_t>(llvm::hash_value(format)));
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  if (!module.lookupSymbol<LLVM::GlobalOp>(name)) {
    OpBuilder moduleBuilder = OpBuilder::atBlockBegin(module.getBody());
    std::string text = format;
    text.push_back('\0');
    LLVM::GlobalOp::create(
        moduleBuilder, loc,
        LLVM::LLVMArrayType::get(moduleBuilder.getI8Type(), text.size()),
        /*isConstant=*/true, LLVM::Linkage::Internal, name,
        moduleBuilder.getStringAttr(text));
  }
  FailureOr<LLVM::LLVMFuncOp> printf = LLVM::lookupOrCreateFn(
      b, module, "printf", {ptrType}, b.getI32Type(), /*isVarArg=*/true);
  if (failed(printf))
    return;
  scf::IfOp::create(b, loc, anyFails, [&](OpBuilder &then, Location l) {
    SmallVector<Value> args = {
        LLVM::AddressOfOp::create(then, l, ptrType, name)};
    for (Value size : sizes)
      args.push_back(
          arith::IndexCastOp::create(then, l, then.getI64Type(), size));
    LLVM::CallOp::create(then, l, *printf, args);
    scf::YieldOp::create(then, l);
  });
}

} // namespace

void mlir::baracuda::buildQuantizeFamilyRuntimeChecks(
    Operation *op, OpBuilder &b, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  auto family = cast<QuantizeFamilyOpInterface>(op);
  ParameterLayout layout = family.getParameterLayout();
  const auto &operands = ::baracuda::familyOperands(family.getFamilyOp());
  auto equal = [&](Value lhs, Value rhs) -> Value {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, rhs);
  };
  SmallVector<std::pair<Value, std::string>> checks;

  // The data shape is the first data operand's; the others must equal it.
  Value data;
  const char *dataName = nullptr;
  SmallVector<Value> dataDims;
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    if (!isData(operand.role))
      continue;
    auto type = cast<ShapedType>(value.getType());
    if (!data) {
      data = value;
      dataName = operand.name;
      for (int64_t d = 0; d < type.getRank(); ++d)
        dataDims.push_back(buildDim(b, loc, value, d));
      continue;
    }
    auto dataType = cast<ShapedType>(data.getType());
    Value all;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d) && !dataType.isDynamicDim(d))
        continue;
      Value same = equal(buildDim(b, loc, value, d), dataDims[d]);
      all = all ? arith::AndIOp::create(b, loc, all, same) : same;
    }
    if (all)
      checks.push_back({all, std::string(operand.name) + " shape " +
                                 shapeText(type) + " must equal " + dataName +
                                 " shape " + shapeText(dataType)});
  }
  auto dataType = cast<ShapedType>(data.getType());

  // The data rules that involve a dynamic dim: the group divisibility.
  SmallVector<Value> expected;
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    break;
  case LayoutKind::PerChannel:
    expected.push_back(dataDims[layout.axis]);
    break;
  case LayoutKind::PerToken:
    expected.push_back(dataDims[0]);
    break;
  case LayoutKind::PerGroup: {
    Value group = arith::ConstantIndexOp::create(b, loc, layout.groupSize);
    if (dataType.isDynamicDim(1)) {
      Value rem = arith::RemUIOp::create(b, loc, dataDims[1], group);
      checks.push_back({equal(rem, arith::ConstantIndexOp::create(b, loc, 0)),
                        ::baracuda::groupDivisibilityRuleMessage(
                            std::string("dim 1 of ") + dataName, "",
                            std::to_string(layout.groupSize))});
    }
    expected.push_back(dataDims[0]);
    expected.push_back(arith::DivUIOp::create(b, loc, dataDims[1], group));
    break;
  }
  }

  // Parameter shapes, over the dims where the parameter or the data dims it
  // comes from are dynamic.
  MaybeShape expectedStatic =
      ::baracuda::parameterShape(layout, toMaybeShape(dataType));
  for (auto [operand, value] : llvm::zip_equal(operands, op->getOperands())) {
    if (isData(operand.role) || layout.kind == LayoutKind::PerTensor)
      continue;
    auto type = cast<ShapedType>(value.getType());
    Value all;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d) && expectedStatic[d])
        continue;
      Value same = equal(buildDim(b, loc, value, d), expected[d]);
      all = all ? arith::AndIOp::create(b, loc, all, same) : same;
    }
    if (all)
      checks.push_back(
          {all, std::string(operand.name) + " shape " + shapeText(type) +
                    " must be " +
                    ::baracuda::parameterShapeWords(layout, dataName)});
  }
  if (checks.empty())
    return;

  Value allPass;
  for (auto &check : checks)
    allPass = allPass ? arith::AndIOp::create(b, loc, allPass, check.first)
                      : check.first;
  Value anyFails = arith::XOrIOp::create(
      b, loc, allPass, arith::ConstantIntOp::create(b, loc, 1, 1));
  buildPrintSizesIfFailed(b, loc, op, anyFails);
  std::string prefix = op->getName().stripDialect().str() + " (" +
                       ::baracuda::layoutText(layout) + "): ";
  for (auto &[passes, rule] : checks)
    cf::AssertOp::create(b, loc, passes,
                         generateErrorMessage(op, prefix + rule));
}

#include "baracuda/Dialect/Baracuda/IR/BaracudaInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
