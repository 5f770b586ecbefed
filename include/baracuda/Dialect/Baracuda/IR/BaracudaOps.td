//===- BaracudaOps.td - baracuda dialect ops ---------------*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_TD

include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Quantization family
//===----------------------------------------------------------------------===//

// Element types are deliberately loose here (any float, any integer): the
// dtype rules live in the shared rule function so that the verifier and the
// runtime report the same rule with the same message.
def Baracuda_QuantizePerGroupOp : Baracuda_Op<"quantize_per_group", [
    Pure,
    AllElementTypesMatch<["input", "scale"]>,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
        ["reifyResultShapes"]>]> {
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

    Rules (checked on the static part of the types; dynamic sizes are
    checked by the runtime): `group_size > 0`; `axis % group_size == 0`;
    `q_max >= q_min`; `scale`/`zero_point` shapes; element types.

    Example:

    ```mlir
    %q = baracuda.quantize_per_group %x, %scale, %zp
           group_size = 128 range = [-128, 127]
           : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32>
           -> tensor<?x4096xsi8>
    ```
  }];

  let arguments = (ins
    2DTensorOf<[AnyFloat]>:$input,
    2DTensorOf<[AnyFloat]>:$scale,
    2DTensorOf<[I32]>:$zero_point,
    I32Attr:$group_size,
    I32Attr:$q_min,
    I32Attr:$q_max
  );
  let results = (outs 2DTensorOf<[AnyInteger]>:$output);

  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point
    `group_size` `=` $group_size `range` `=` `[` $q_min `,` $q_max `]`
    attr-dict `:` type($input) `,` type($scale) `,` type($zero_point)
    `->` type($output)
  }];

  let hasVerifier = 1;
}

def Baracuda_QuantizePerGroupIntoOp : Baracuda_Op<"quantize_per_group_into", [
    AllElementTypesMatch<["input", "scale"]>]> {
  let summary = "quantize_per_group writing into a given buffer";
  let description = [{
    The bufferized form of `baracuda.quantize_per_group`: the same rules and
    semantics, reading `input`, `scale` and `zero_point` and writing every
    element of `output`. One-shot bufferization produces it; the
    `convert-baracuda-to-gpu` and `convert-baracuda-to-scf` passes lower it.
    The buffers must be contiguous row-major (identity layout) to be lowered.

    ```mlir
    baracuda.quantize_per_group_into %x, %scale, %zp, %out
      group_size = 128 range = [0, 255]
      : memref<?x4096xf32>, memref<?x32xf32>, memref<?x32xi32>, memref<?x4096xui8>
    ```
  }];

  let arguments = (ins
    Arg<MemRefRankOf<[AnyFloat], [2]>, "", [MemRead]>:$input,
    Arg<MemRefRankOf<[AnyFloat], [2]>, "", [MemRead]>:$scale,
    Arg<MemRefRankOf<[I32], [2]>, "", [MemRead]>:$zero_point,
    Arg<MemRefRankOf<[AnyInteger], [2]>, "", [MemWrite]>:$output,
    I32Attr:$group_size,
    I32Attr:$q_min,
    I32Attr:$q_max
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
