//===- BaracudaDialect.td - baracuda dialect definition ----*- tablegen -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_TD
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_TD

include "mlir/IR/OpBase.td"

def Baracuda_Dialect : Dialect {
  let name = "baracuda";
  let summary = "Fast, exact, verifiable ML ops for GPUs and CPUs";
  let description = [{
    The `baracuda` dialect holds ML ops whose verifiers encode the descriptor
    rules of the op (shapes, dtypes, divisibility, ranges). The rules are
    plain C++ functions (`include/baracuda/Rules/`) that the MLIR-free
    runtime calls too, so IR the verifier accepts is exactly what the
    runtime's `Plan::select` accepts.

    The quantization family (`quantize`, `dequantize`, their backward ops,
    `fake_quantize` and its backward) takes its parameters under one of four
    layouts, given as an attribute: `#baracuda.per_tensor`,
    `#baracuda.per_channel<axis = A>`, `#baracuda.per_token` and
    `#baracuda.per_group<size = G>`.

    Ops are lowered by `convert-baracuda-to-gpu` (NVVM, cubin and PTX) and
    `convert-baracuda-to-scf` (host code through LLVM) into shape-generic
    kernels whose sizes and quantization ranges are run-time arguments.
  }];
  let cppNamespace = "::mlir::baracuda";
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
  // Runtime verification (RuntimeVerifiableOpInterface) emits these.
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

class Baracuda_Op<string mnemonic, list<Trait> traits = []>
    : Op<Baracuda_Dialect, mnemonic, traits>;

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_TD
