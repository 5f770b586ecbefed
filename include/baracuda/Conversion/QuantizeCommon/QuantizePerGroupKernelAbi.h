//===- QuantizePerGroupKernelAbi.h - Kernel signature in IR -----*- C++ -*-===//
//
// The IR side of include/baracuda/Support/KernelAbi.h: the signature of the
// shape-generic quantize_per_group kernels and the operands a call site
// passes. Shared by the GPU and CPU lowerings.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEPERGROUPKERNELABI_H
#define BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEPERGROUPKERNELABI_H

#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir::baracuda {

/// Positions of the kernel arguments.
enum QuantizePerGroupKernelArg : unsigned {
  kInputArg = 0,
  kScaleArg,
  kZeroPointArg,
  kOutputArg,
  kNumElementsArg,
  kGroupSizeArg,
  kQMinArg,
  kQMaxArg,
  kNumQuantizePerGroupKernelArgs,
};

/// (memref<?xIn>, memref<?xIn>, memref<?xi32>, memref<?xiN>, i64, i64, i32,
/// i32) -> ().
SmallVector<Type> getQuantizePerGroupKernelArgTypes(MLIRContext *ctx,
                                                    Type inputElementType,
                                                    IntegerType storageType);

/// The kernel function type for `op`'s element types (shared by the GPU and
/// CPU kernels).
FunctionType getQuantizePerGroupKernelType(QuantizeOp op);

/// The GPU kernel symbol for `op`'s element types (KernelAbi.h naming), of
/// the vectorized variant when `vectorWidth` > 1.
std::string getQuantizePerGroupKernelName(QuantizeOp op, int vectorWidth = 1);

/// The vector widths of the vectorized GPU kernels that fit `op`'s group size
/// (KernelAbi.h's quantizePerGroupVectorWidthFits), wide before narrow;
/// empty when only the generic kernel fits.
SmallVector<int> getQuantizePerGroupVectorWidths(QuantizeOp op);

/// The host (CPU) kernel symbol for `op`'s element types.
std::string getQuantizePerGroupCpuKernelName(QuantizeOp op);

/// The operands of a kernel call for `op`, in kernel-argument order: the
/// flattened buffers, the element count, and the attributes as constants.
FailureOr<SmallVector<Value>>
buildQuantizePerGroupKernelOperands(OpBuilder &b, QuantizeOp op);

/// Emits an error, and fails, for each baracuda op in `module` that `pass`
/// cannot lower: the tensor form (not bufferized) and ops inside a nested
/// `builtin.module` (the passes lower the module they run on, whose symbol
/// table holds the kernels). Without this the pipelines would succeed and
/// leave such ops in their output.
LogicalResult checkBaracudaOpsLowerable(ModuleOp module, StringRef pass);

/// Fails, with an error naming `name`, when `module` already defines the
/// symbol `name` that `pass` is about to generate: the runtime finds kernels
/// by these names, so a user symbol must neither be taken for a kernel nor
/// renamed out of the way silently.
LogicalResult checkGeneratedSymbolIsFree(ModuleOp module, StringRef name,
                                         StringRef pass);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEPERGROUPKERNELABI_H
