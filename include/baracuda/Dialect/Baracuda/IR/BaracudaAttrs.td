//===- BaracudaAttrs.td - baracuda dialect attributes ------*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_TD

include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.td"
include "mlir/IR/AttrTypeBase.td"

//===----------------------------------------------------------------------===//
// Parameter layouts
//===----------------------------------------------------------------------===//

// One concept for the four granularities of the quantization family: which
// (scale, zero_point) an element uses. Each attribute gives the MLIR-free
// ParameterLayout that the shared rules (include/baracuda/Rules/
// QuantizeFamilyRules.h), both lowerings and the runtime take: element i of
// the row-major data uses parameter (i / block) % period.
def Baracuda_ParameterLayoutAttrInterface
    : AttrInterface<"ParameterLayoutAttrInterface"> {
  let cppNamespace = "::mlir::baracuda";
  let description = [{
    A parameter layout of the quantization family: `#baracuda.per_tensor`,
    `#baracuda.per_channel<axis = A>`, `#baracuda.per_token` or
    `#baracuda.per_group<size = G>`.
  }];
  let methods = [
    InterfaceMethod<"The layout as the shared rules take it.",
      "::baracuda::ParameterLayout", "getLayout">,
  ];
}

class Baracuda_LayoutAttr<string name, string attrMnemonic>
    : AttrDef<Baracuda_Dialect, name,
              [DeclareAttrInterfaceMethods<
                  Baracuda_ParameterLayoutAttrInterface>]> {
  let mnemonic = attrMnemonic;
}

def Baracuda_PerTensorAttr : Baracuda_LayoutAttr<"PerTensor", "per_tensor"> {
  let summary = "One scale and zero point for the whole tensor";
  let description = [{
    `scale` and `zero_point` are scalars: a float of the compute type (f64
    for f64 data, f32 otherwise) and an `i32`.
  }];
}

def Baracuda_PerChannelAttr
    : Baracuda_LayoutAttr<"PerChannel", "per_channel"> {
  let summary = "One scale and zero point per index along `axis`";
  let description = [{
    Data of any rank; `scale` and `zero_point` are `[dim(axis)]`.
  }];
  let parameters = (ins "int32_t":$axis);
  let assemblyFormat = "`<` `axis` `=` $axis `>`";
}

def Baracuda_PerTokenAttr : Baracuda_LayoutAttr<"PerToken", "per_token"> {
  let summary = "One scale and zero point per row of 2-D data";
  let description = [{
    Data `[n, d]`; `scale` and `zero_point` are `[n]`.
  }];
}

def Baracuda_PerGroupAttr : Baracuda_LayoutAttr<"PerGroup", "per_group"> {
  let summary = "One scale and zero point per group of `size` elements of a row";
  let description = [{
    Data `[outer, axis]` with `axis % size == 0`; the last axis is split into
    contiguous groups of `size` elements; `scale` and `zero_point` are
    `[outer, axis / size]`.
  }];
  let parameters = (ins "int32_t":$size);
  let assemblyFormat = "`<` `size` `=` $size `>`";
}

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_TD
