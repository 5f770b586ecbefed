//===- BaracudaOps.cpp - baracuda dialect ops -----------------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"
#include "baracuda/Rules/QuantizePerGroupRules.h"

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

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::ElementKind;

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
::baracuda::MaybeShape2 toMaybeShape(ShapedType type) {
  ::baracuda::MaybeShape2 shape;
  for (int i = 0; i < 2; ++i)
    if (!type.isDynamicDim(i))
      shape[i] = type.getDimSize(i);
  return shape;
}

/// Checks that `type` is a 2-D tensor (`bufferized` false) or a 2-D memref
/// in the default memory space (`bufferized` true), naming the operand.
LogicalResult verifyOperandType(Operation *op, StringRef name, Type type,
                                bool bufferized) {
  auto shaped = dyn_cast<ShapedType>(type);
  bool kindOk =
      bufferized ? isa<MemRefType>(type) : isa<RankedTensorType>(type);
  if (!kindOk || shaped.getRank() != 2)
    return op->emitOpError()
           << name << " must be a 2-D " << (bufferized ? "memref" : "tensor")
           << ", got " << type;
  if (auto memref = dyn_cast<MemRefType>(type);
      memref && memref.getMemorySpace())
    return op->emitOpError()
           << name << " type " << type
           << " is in a memory space; only the default memory space is "
              "supported (the kernels take plain host or device pointers)";
  return success();
}

/// Verifies a quantize_per_group-family op through the shared rule functions,
/// so the message is the one the runtime gives for the same problem.
LogicalResult verifyQuantizePerGroup(Operation *op, Type inputType,
                                     Type scaleType, Type zeroPointType,
                                     Type outputType, int64_t groupSize,
                                     int64_t qMin, int64_t qMax,
                                     bool bufferized) {
  const std::pair<StringRef, Type> operands[] = {{"input", inputType},
                                                 {"scale", scaleType},
                                                 {"zero_point", zeroPointType},
                                                 {"output", outputType}};
  for (auto [name, type] : operands)
    if (failed(verifyOperandType(op, name, type, bufferized)))
      return failure();
  auto input = cast<ShapedType>(inputType);
  auto scale = cast<ShapedType>(scaleType);
  auto zeroPoint = cast<ShapedType>(zeroPointType);
  auto output = cast<ShapedType>(outputType);

  std::optional<ElementKind> inKind = getElementKind(input.getElementType());
  if (!inKind || !::baracuda::isQuantizePerGroupInputElement(*inKind))
    return op->emitOpError("input element type ")
           << input.getElementType() << " must be one of f32, f64, f16, bf16";
  if (scale.getElementType() != input.getElementType())
    return op->emitOpError("scale element type ")
           << scale.getElementType() << " must match input element type "
           << input.getElementType();
  if (!zeroPoint.getElementType().isSignlessInteger(32))
    return op->emitOpError("zero_point element type ")
           << zeroPoint.getElementType() << " must be i32";
  std::optional<ElementKind> outKind = getElementKind(output.getElementType());
  if (!outKind || !::baracuda::isQuantizePerGroupOutputElement(*outKind)) {
    InFlightDiagnostic diag = op->emitOpError("output element type ")
                              << output.getElementType()
                              << " must be si8 (s8) or ui8 (u8)";
    if (output.getElementType().isSignlessInteger(8))
      diag << "; signless i8 does not say which";
    return diag;
  }

  ::baracuda::QuantizePerGroupProblem problem;
  ::baracuda::MaybeShape2 inShape = toMaybeShape(input);
  ::baracuda::MaybeShape2 outShape = toMaybeShape(output);
  // The problem size is what either [outer, axis] operand pins down.
  problem.outer_size = inShape[0] ? inShape[0] : outShape[0];
  problem.axis_size = inShape[1] ? inShape[1] : outShape[1];
  problem.group_size = groupSize;
  problem.q_min = qMin;
  problem.q_max = qMax;
  problem.input_element = *inKind;
  problem.output_element = *outKind;

  ::baracuda::Status status =
      ::baracuda::validateQuantizePerGroupProblem(problem);
  if (status.ok())
    status = ::baracuda::validateQuantizePerGroupShapes(
        problem, inShape, toMaybeShape(scale), toMaybeShape(zeroPoint),
        outShape);
  if (!status.ok())
    return op->emitOpError(status.message());
  return success();
}

/// `[?, 8]`: a type's static shape as the rule messages write shapes.
std::string shapeText(ShapedType type) {
  std::string text = "[";
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d)
      text += ", ";
    text += type.isDynamicDim(d) ? "?" : std::to_string(type.getDimSize(d));
  }
  return text + "]";
}

/// Dim `d` of a tensor or memref, as an index constant when static.
Value buildDim(OpBuilder &b, Location loc, Value value, int64_t d) {
  auto type = cast<ShapedType>(value.getType());
  if (!type.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
  if (isa<MemRefType>(type))
    return memref::DimOp::create(b, loc, value, d);
  return tensor::DimOp::create(b, loc, value, d);
}

/// Prints, when `anyFails` is true, the run-time sizes of the four
/// operands and the group size (printf, stdout, one line), so that the
/// assert that follows, whose message is a constant, comes with the numbers.
void buildPrintSizesIfFailed(OpBuilder &b, Location loc, Operation *op,
                             Value anyFails, ArrayRef<Value> sizes) {
  auto module = op->getParentOfType<ModuleOp>();
  if (!module)
    return;
  static constexpr StringLiteral kFormatName = "baracuda_runtime_sizes_format";
  static constexpr StringLiteral kFormat =
      "quantize_per_group: sizes at run time: input [%lld, %lld], scale "
      "[%lld, %lld], zero_point [%lld, %lld], output [%lld, %lld], "
      "group_size %lld\n";
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  auto format = module.lookupSymbol<LLVM::GlobalOp>(kFormatName);
  if (!format) {
    OpBuilder moduleBuilder = OpBuilder::atBlockBegin(module.getBody());
    std::string text = kFormat.str();
    text.push_back('\0');
    format = LLVM::GlobalOp::create(
        moduleBuilder, loc,
        LLVM::LLVMArrayType::get(moduleBuilder.getI8Type(), text.size()),
        /*isConstant=*/true, LLVM::Linkage::Internal, kFormatName,
        moduleBuilder.getStringAttr(text));
  }
  FailureOr<LLVM::LLVMFuncOp> printf = LLVM::lookupOrCreateFn(
      b, module, "printf", {ptrType}, b.getI32Type(), /*isVarArg=*/true);
  if (failed(printf))
    return;
  scf::IfOp::create(b, loc, anyFails, [&](OpBuilder &then, Location l) {
    SmallVector<Value> args = {
        LLVM::AddressOfOp::create(then, l, ptrType, kFormatName)};
    for (Value size : sizes)
      args.push_back(
          arith::IndexCastOp::create(then, l, then.getI64Type(), size));
    LLVM::CallOp::create(then, l, *printf, args);
    scf::YieldOp::create(then, l);
  });
}

/// The run-time half of the verifier: a `cf.assert` for each shape rule that
/// involves a dynamic size (the static ones were checked by the verifier),
/// preceded, when one fails, by a line with the actual sizes. The problem is
/// [outer, axis] = the input's shape. `output` is the output buffer, or null
/// for the tensor op, whose result has the input's dynamic dims by
/// construction (reifyResultShapes) and is given by `outputType`.
void buildQuantizePerGroupRuntimeChecks(
    Operation *op, OpBuilder &b, Location loc, Value input, Value scale,
    Value zeroPoint, Value output, ShapedType outputType, int64_t groupSize,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  auto inputType = cast<ShapedType>(input.getType());
  auto equal = [&](Value lhs, Value rhs) -> Value {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, rhs);
  };
  SmallVector<std::pair<Value, std::string>> checks;
  std::string group = std::to_string(groupSize);
  Value outer = buildDim(b, loc, input, 0);
  Value axis = buildDim(b, loc, input, 1);
  Value groupValue = arith::ConstantIndexOp::create(b, loc, groupSize);
  if (inputType.isDynamicDim(1)) {
    Value rem = arith::RemUIOp::create(b, loc, axis, groupValue);
    checks.push_back(
        {equal(rem, arith::ConstantIndexOp::create(b, loc, 0)),
         ::baracuda::quantizePerGroupAxisRuleMessage("dim 1 of input", group)});
  }
  Value groups = arith::DivUIOp::create(b, loc, axis, groupValue);

  // The dims of an operand; the tensor op's dynamic result dims are the
  // input's.
  auto dimsOf = [&](Value operand, ShapedType type) -> std::array<Value, 2> {
    std::array<Value, 2> dims;
    for (int64_t d = 0; d < 2; ++d)
      dims[d] = operand
                    ? buildDim(b, loc, operand, d)
                    : (type.isDynamicDim(d) ? (d == 0 ? outer : axis)
                                            : arith::ConstantIndexOp::create(
                                                  b, loc, type.getDimSize(d)));
    return dims;
  };
  // One check per operand, over the dims where it or the input is dynamic
  // (and that can differ).
  auto checkOperand = [&](StringRef name, ShapedType type,
                          std::array<Value, 2> dims, bool perGroup) {
    Value all;
    for (int64_t d = 0; d < 2; ++d) {
      if (!type.isDynamicDim(d) && !inputType.isDynamicDim(d))
        continue;
      Value expected = d == 0 ? outer : (perGroup ? groups : axis);
      // The tensor op's dynamic result dims are the input's own values: an
      // assert on them could never fail.
      if (dims[d] == expected)
        continue;
      Value same = equal(dims[d], expected);
      all = all ? arith::AndIOp::create(b, loc, all, same) : same;
    }
    if (!all)
      return;
    std::string required =
        perGroup ? "[dim 0 of input, dim 1 of input / " + group + "]"
                 : "[dim 0 of input, dim 1 of input]";
    checks.push_back(
        {all, ::baracuda::quantizePerGroupShapeRuleMessage(
                  name.str(), shapeText(type), perGroup, required)});
  };
  auto scaleType = cast<ShapedType>(scale.getType());
  auto zeroPointType = cast<ShapedType>(zeroPoint.getType());
  std::array<Value, 2> outputDims = dimsOf(output, outputType);
  std::array<Value, 2> scaleDims = dimsOf(scale, scaleType);
  std::array<Value, 2> zeroPointDims = dimsOf(zeroPoint, zeroPointType);
  checkOperand("output", outputType, outputDims, /*perGroup=*/false);
  checkOperand("scale", scaleType, scaleDims, /*perGroup=*/true);
  checkOperand("zero_point", zeroPointType, zeroPointDims, /*perGroup=*/true);
  if (checks.empty())
    return;

  Value allPass;
  for (auto &check : checks)
    allPass = allPass ? arith::AndIOp::create(b, loc, allPass, check.first)
                      : check.first;
  Value anyFails = arith::XOrIOp::create(
      b, loc, allPass, arith::ConstantIntOp::create(b, loc, 1, 1));
  buildPrintSizesIfFailed(b, loc, op, anyFails,
                          {outer, axis, scaleDims[0], scaleDims[1],
                           zeroPointDims[0], zeroPointDims[1], outputDims[0],
                           outputDims[1], groupValue});
  for (auto &[passes, rule] : checks)
    cf::AssertOp::create(
        b, loc, passes,
        generateErrorMessage(op, "quantize_per_group: " + rule));
}
} // namespace

//===----------------------------------------------------------------------===//
// QuantizePerGroupOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizePerGroupOp::verify() {
  return verifyQuantizePerGroup(*this, getInput().getType(),
                                getScale().getType(), getZeroPoint().getType(),
                                getOutput().getType(), getGroupSize(),
                                getQMin(), getQMax(), /*bufferized=*/false);
}

LogicalResult QuantizePerGroupOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  // The output has the input's shape.
  SmallVector<OpFoldResult> dims;
  auto outputType = cast<ShapedType>(getOutput().getType());
  for (int64_t i = 0; i < outputType.getRank(); ++i) {
    if (!outputType.isDynamicDim(i))
      dims.push_back(builder.getIndexAttr(outputType.getDimSize(i)));
    else
      dims.push_back(tensor::getMixedSize(builder, getLoc(), getInput(), i));
  }
  reifiedReturnShapes.push_back(std::move(dims));
  return success();
}

void QuantizePerGroupOp::generateRuntimeVerification(
    OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  buildQuantizePerGroupRuntimeChecks(
      *this, builder, loc, getInput(), getScale(), getZeroPoint(),
      /*output=*/Value(), cast<ShapedType>(getOutput().getType()),
      getGroupSize(), generateErrorMessage);
}

//===----------------------------------------------------------------------===//
// QuantizePerGroupIntoOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizePerGroupIntoOp::verify() {
  return verifyQuantizePerGroup(*this, getInput().getType(),
                                getScale().getType(), getZeroPoint().getType(),
                                getOutput().getType(), getGroupSize(),
                                getQMin(), getQMax(), /*bufferized=*/true);
}

void QuantizePerGroupIntoOp::generateRuntimeVerification(
    OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  buildQuantizePerGroupRuntimeChecks(*this, builder, loc, getInput(),
                                     getScale(), getZeroPoint(), getOutput(),
                                     cast<ShapedType>(getOutput().getType()),
                                     getGroupSize(), generateErrorMessage);
}

#define GET_OP_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
