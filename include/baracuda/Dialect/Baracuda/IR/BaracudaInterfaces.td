//===- BaracudaInterfaces.td - baracuda op interfaces ------*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAINTERFACES_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAINTERFACES_TD

include "mlir/IR/OpBase.td"

def Baracuda_QuantizeFamilyOpInterface
    : OpInterface<"QuantizeFamilyOpInterface"> {
  let cppNamespace = "::mlir::baracuda";
  let description = [{
    An op of the quantization family: elementwise with broadcast
    parameters. Its operands are, in order, those of
    `::baracuda::familyOperands(getFamilyOp())` (inputs, then the one
    destination), and it has a `layout` attribute. The verifier, the
    run-time checks, bufferization and both lowerings handle every op of
    the family through this interface.
  }];
  let methods = [
    InterfaceMethod<"Which op of the family this is.",
      "::baracuda::FamilyOp", "getFamilyOp", (ins), [{}],
      [{ return ConcreteOp::kFamilyOp; }]>,
    InterfaceMethod<"The parameter layout.",
      "::baracuda::ParameterLayout", "getParameterLayout", (ins), [{}],
      [{ return $_op.getLayout().getLayout(); }]>,
    InterfaceMethod<"[q_min, q_max] for the ops that have a range.",
      "std::optional<std::pair<int64_t, int64_t>>", "getQuantizationRange",
      (ins), [{}], [{
        auto qMin = $_op->template getAttrOfType<::mlir::IntegerAttr>("q_min");
        auto qMax = $_op->template getAttrOfType<::mlir::IntegerAttr>("q_max");
        if (!qMin || !qMax)
          return std::nullopt;
        return std::make_pair(qMin.getInt(), qMax.getInt());
      }]>,
  ];
  let verify = [{ return ::mlir::baracuda::verifyQuantizeFamilyOp($_op); }];
}

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAINTERFACES_TD
