//===- BaracudaOps.td - baracuda dialect ops ---------------*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD

include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.td"
include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.td"
include "baracuda/Dialect/Baracuda/IR/BaracudaInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/RuntimeVerifiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Quantization family
//===----------------------------------------------------------------------===//

// Every op of the family is one record: destination-style (the idiom of
// `linalg`), so it exists on tensors (one result, tied to `outs`) and on
// buffers (no result) and bufferizes through the upstream interface. The
// operand types are deliberately loose here (any type): ranks, element
// types, shapes and the memory space are checked by the family verifier
// (verifyQuantizeFamilyOp), whose messages name the operand and come from
// the shared rules (include/baracuda/Rules/QuantizeFamilyRules.h) that the
// runtime reports too. `familyOp` names the ::baracuda::FamilyOp; `init` the
// destination operand. The attributes are signed 32-bit (si32): the parser
// rejects a literal outside [-2^31, 2^31) instead of wrapping it.
class Baracuda_FamilyOp<string mnemonic, string familyOp, string init>
    : Baracuda_Op<mnemonic, [
        DestinationStyleOpInterface,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
        DeclareOpInterfaceMethods<RuntimeVerifiableOpInterface>,
        Baracuda_QuantizeFamilyOpInterface]> {
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let extraClassDeclaration = [{
    static constexpr ::baracuda::FamilyOp kFamilyOp =
        ::baracuda::FamilyOp::}] # familyOp # [{;
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return get}] # init # [{Mutable();
    }
  }];
  let extraClassDefinition = [{
    void $cppClass::getEffects(
        ::llvm::SmallVectorImpl<::mlir::SideEffects::EffectInstance<
            ::mlir::MemoryEffects::Effect>> &effects) {
      ::mlir::baracuda::getQuantizeFamilyEffects(*this, effects);
    }
    void $cppClass::generateRuntimeVerification(
        ::mlir::OpBuilder &builder, ::mlir::Location loc,
        ::llvm::function_ref<std::string(::mlir::Operation *,
                                         ::llvm::StringRef)>
            generateErrorMessage) {
      ::mlir::baracuda::buildQuantizeFamilyRuntimeChecks(
          *this, builder, loc, generateErrorMessage);
    }
  }];
}

// The semantics of every op, per element, with C = f64 for f64 data and f32
// otherwise, p = the element's (scale, zero_point) under the layout, and
//   v = scale == 0 ? 0 : x / scale;  v = isnan(v) ? 0 : v     (in C)
//   inside = q_min <= roundeven(v) + zero_point <= q_max       (exact)
// are in docs/Semantics.md; each op's description gives its formula.

def Baracuda_QuantizeOp
    : Baracuda_FamilyOp<"quantize", "Quantize", "Output"> {
  let summary = "Affine quantization to 8-bit integers";
  let description = [{
    `output = clamp(roundeven(v) + zero_point, q_min, q_max)` with
    `v = scale == 0 ? 0 : input / scale` in C (f64 for f64 input, f32
    otherwise; IEEE, no flush to zero) and NaN quotients taken as 0; the sum
    is exact, so ±Inf and huge quotients saturate. The zero point is added
    after rounding (ties go to even before the shift). The output element
    type (`si8` or `ui8`) tells signed from unsigned; `q_min` and `q_max`
    must lie in its range.

    ```mlir
    %q = baracuda.quantize
           ins(%x, %scale, %zp : tensor<?x4096xf16>, tensor<?x32xf16>,
               tensor<?x32xi32>)
           outs(%init : tensor<?x4096xsi8>)
           layout = #baracuda.per_group<size = 128> range = [-128, 127]
           -> tensor<?x4096xsi8>
    ```
  }];
  let arguments = (ins AnyType:$input, AnyType:$scale, AnyType:$zero_point,
                       AnyShaped:$output,
                       Baracuda_ParameterLayoutAttrInterface:$layout,
                       SI32Attr:$q_min, SI32Attr:$q_max);
  let assemblyFormat = [{
    `ins` `(` $input `,` $scale `,` $zero_point `:` type($input) `,`
    type($scale) `,` type($zero_point) `)`
    `outs` `(` $output `:` type($output) `)`
    `layout` `=` $layout `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict (`->` type($result)^)?
  }];
}

def Baracuda_DequantizeOp
    : Baracuda_FamilyOp<"dequantize", "Dequantize", "Output"> {
  let summary = "Affine dequantization of 8-bit integers";
  let description = [{
    `output = T(C(input - zero_point) * C(scale))`: the difference exact in
    integers, converted to C (f64 for f64 output, f32 otherwise), one
    multiply in C, one rounding to the output type T.

    ```mlir
    %x = baracuda.dequantize
           ins(%q, %scale, %zp : tensor<8x16xsi8>, tensor<16xf32>,
               tensor<16xi32>)
           outs(%init : tensor<8x16xf32>)
           layout = #baracuda.per_channel<axis = 1> -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins AnyType:$input, AnyType:$scale, AnyType:$zero_point,
                       AnyShaped:$output,
                       Baracuda_ParameterLayoutAttrInterface:$layout);
  let assemblyFormat = [{
    `ins` `(` $input `,` $scale `,` $zero_point `:` type($input) `,`
    type($scale) `,` type($zero_point) `)`
    `outs` `(` $output `:` type($output) `)`
    `layout` `=` $layout attr-dict (`->` type($result)^)?
  }];
}

def Baracuda_QuantizeBackwardOp
    : Baracuda_FamilyOp<"quantize_backward", "QuantizeBackward", "GradInput"> {
  let summary = "Straight-through gradient of quantize";
  let description = [{
    `grad_input = inside && scale != 0 ? T(C(grad_output) / C(scale)) : +0`,
    where `inside` holds when `q_min <= roundeven(v) + zero_point <= q_max`
    (inclusive, as PyTorch; `v` as in `quantize`, computed exactly). The
    masked-out gradient is a select: +0, even for a NaN `grad_output`.
  }];
  let arguments = (ins AnyType:$grad_output, AnyType:$input, AnyType:$scale,
                       AnyType:$zero_point, AnyShaped:$grad_input,
                       Baracuda_ParameterLayoutAttrInterface:$layout,
                       SI32Attr:$q_min, SI32Attr:$q_max);
  let assemblyFormat = [{
    `ins` `(` $grad_output `,` $input `,` $scale `,` $zero_point `:`
    type($grad_output) `,` type($input) `,` type($scale) `,`
    type($zero_point) `)`
    `outs` `(` $grad_input `:` type($grad_input) `)`
    `layout` `=` $layout `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict (`->` type($result)^)?
  }];
}

def Baracuda_DequantizeBackwardOp
    : Baracuda_FamilyOp<"dequantize_backward", "DequantizeBackward",
                        "GradInput"> {
  let summary = "Gradient of dequantize with respect to its input";
  let description = [{
    `grad_input = T(C(grad_output) * C(scale))`.
  }];
  let arguments = (ins AnyType:$grad_output, AnyType:$scale,
                       AnyShaped:$grad_input,
                       Baracuda_ParameterLayoutAttrInterface:$layout);
  let assemblyFormat = [{
    `ins` `(` $grad_output `,` $scale `:` type($grad_output) `,` type($scale)
    `)` `outs` `(` $grad_input `:` type($grad_input) `)`
    `layout` `=` $layout attr-dict (`->` type($result)^)?
  }];
}

def Baracuda_FakeQuantizeOp
    : Baracuda_FamilyOp<"fake_quantize", "FakeQuantize", "Output"> {
  let summary = "Quantize then dequantize, in one pass";
  let description = [{
    `output = T(C(clamp(roundeven(v) + zero_point, q_min, q_max) -
    zero_point) * C(scale))`, `v` as in `quantize`: the quantized value is
    kept in 32 bits, so the range is any [q_min, q_max] of si32.
  }];
  let arguments = (ins AnyType:$input, AnyType:$scale, AnyType:$zero_point,
                       AnyShaped:$output,
                       Baracuda_ParameterLayoutAttrInterface:$layout,
                       SI32Attr:$q_min, SI32Attr:$q_max);
  let assemblyFormat = [{
    `ins` `(` $input `,` $scale `,` $zero_point `:` type($input) `,`
    type($scale) `,` type($zero_point) `)`
    `outs` `(` $output `:` type($output) `)`
    `layout` `=` $layout `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict (`->` type($result)^)?
  }];
}

def Baracuda_FakeQuantizeBackwardOp
    : Baracuda_FamilyOp<"fake_quantize_backward", "FakeQuantizeBackward",
                        "GradInput"> {
  let summary = "Straight-through gradient of fake_quantize";
  let description = [{
    `grad_input = inside ? grad_output : +0` (no `1 / scale`, as PyTorch;
    a select, so a masked-out NaN gives +0), `inside` as in
    `quantize_backward`.
  }];
  let arguments = (ins AnyType:$grad_output, AnyType:$input, AnyType:$scale,
                       AnyType:$zero_point, AnyShaped:$grad_input,
                       Baracuda_ParameterLayoutAttrInterface:$layout,
                       SI32Attr:$q_min, SI32Attr:$q_max);
  let assemblyFormat = [{
    `ins` `(` $grad_output `,` $input `,` $scale `,` $zero_point `:`
    type($grad_output) `,` type($input) `,` type($scale) `,`
    type($zero_point) `)`
    `outs` `(` $grad_input `:` type($grad_input) `)`
    `layout` `=` $layout `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict (`->` type($result)^)?
  }];
}

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD
