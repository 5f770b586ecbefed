//===- BaracudaOps.td - baracuda dialect ops ---------------*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD

include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/RuntimeVerifiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Quantization family
//===----------------------------------------------------------------------===//

// Operand types are deliberately loose here (any ranked tensor or memref):
// rank, element types and memory space are checked by the C++ verifier,
// whose messages name the operand and its type, and the dtype rules live in
// the shared rule function so that the verifier and the runtime report the
// same rule with the same message. The attributes are signed 32-bit (si32):
// the parser rejects a literal outside [-2^31, 2^31) instead of wrapping it
// (an i32 attribute reads 4294967295 as -1).
def Baracuda_QuantizePerGroupOp : Baracuda_Op<"quantize_per_group", [
    Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
        ["reifyResultShapes"]>,
    DeclareOpInterfaceMethods<RuntimeVerifiableOpInterface>]> {
  let summary = "Per-group affine quantization along the last axis";
  let description = [{
    Quantizes `input` (`[outer, axis]`, f32/f64/f16/bf16) to 8-bit integers.
    The last axis is split into contiguous groups of `group_size` elements;
    group `g` of row `r` uses `scale[r, g]` and `zero_point[r, g]`, so
    `scale` and `zero_point` are `[outer, axis / group_size]`.

    Per element, with `C` = f64 for f64 input and f32 otherwise:

    ```
    v = scale == 0 ? 0 : x / scale      // in C, IEEE, no flush to zero
    v = isnan(v) ? 0 : v
    q = clamp(roundeven(v) + zero_point, q_min, q_max)   // exact, saturating
    ```

    The zero point is added after rounding (ties go to even before the
    shift). The result element type tells signed (`si8`) from unsigned
    (`ui8`) output; `q_min` and `q_max` must lie in its range.

    Rules: `group_size > 0`; `axis % group_size == 0`; `q_max >= q_min`,
    both in the output type's range; `scale`/`zero_point` shapes; element
    types; every static size at most 2^31 - 1 (the runtime's descriptors
    are 32-bit). The verifier checks them on the static part of the types;
    `-generate-runtime-verification` (on by default in the `baracuda-to-*`
    pipelines) emits `cf.assert`s for the shape rules that involve a
    dynamic size, preceded by a `printf` of the actual sizes when one fails.

    Example:

    ```mlir
    %q = baracuda.quantize_per_group %x, %scale, %zp
           group_size = 128 range = [-128, 127]
           : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32>
           -> tensor<?x4096xsi8>
    ```
  }];

  let arguments = (ins
    AnyRankedTensor:$input,
    AnyRankedTensor:$scale,
    AnyRankedTensor:$zero_point,
    SI32Attr:$group_size,
    SI32Attr:$q_min,
    SI32Attr:$q_max
  );
  let results = (outs AnyRankedTensor:$output);

  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point
    `group_size` `=` $group_size `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict `:` type($input) `,` type($scale) `,` type($zero_point)
    `->` type($output)
  }];

  let hasVerifier = 1;
}

def Baracuda_QuantizePerGroupIntoOp : Baracuda_Op<"quantize_per_group_into", [
    DeclareOpInterfaceMethods<RuntimeVerifiableOpInterface>]> {
  let summary = "quantize_per_group writing into a given buffer";
  let description = [{
    The bufferized form of `baracuda.quantize_per_group`: the same rules and
    semantics, reading `input`, `scale` and `zero_point` and writing every
    element of `output`. One-shot bufferization produces it; the
    `convert-baracuda-to-gpu` and `convert-baracuda-to-scf` passes lower it.
    The buffers must be in the default memory space (checked by the
    verifier) and contiguous row-major (identity layout) to be lowered;
    bufferizing `quantize_per_group` copies a strided operand (e.g. from
    `tensor.extract_slice`) into a contiguous buffer first.

    ```mlir
    baracuda.quantize_per_group_into %x, %scale, %zp, %out
      group_size = 128 range = [0, 255]
      : memref<?x4096xf32>, memref<?x32xf32>, memref<?x32xi32>, memref<?x4096xui8>
    ```
  }];

  let arguments = (ins
    Arg<AnyMemRef, "", [MemRead]>:$input,
    Arg<AnyMemRef, "", [MemRead]>:$scale,
    Arg<AnyMemRef, "", [MemRead]>:$zero_point,
    Arg<AnyMemRef, "", [MemWrite]>:$output,
    SI32Attr:$group_size,
    SI32Attr:$q_min,
    SI32Attr:$q_max
  );

  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point `,` $output
    `group_size` `=` $group_size `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict `:` type($input) `,` type($scale) `,` type($zero_point) `,`
    type($output)
  }];

  let hasVerifier = 1;
}

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD
