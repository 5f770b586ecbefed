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
FunctionType getQuantizePerGroupKernelType(QuantizePerGroupIntoOp op);

/// The GPU kernel symbol for `op`'s element types (KernelAbi.h naming), of
/// the vectorized variant when `vectorWidth` > 1.
std::string getQuantizePerGroupKernelName(QuantizePerGroupIntoOp op,
                                          int vectorWidth = 1);

/// The vector widths of the vectorized GPU kernels that fit `op`'s group size
/// (KernelAbi.h's quantizePerGroupVectorWidthFits), wide before narrow;
/// empty when only the generic kernel fits.
SmallVector<int> getQuantizePerGroupVectorWidths(QuantizePerGroupIntoOp op);

/// The host (CPU) kernel symbol for `op`'s element types.
std::string getQuantizePerGroupCpuKernelName(QuantizePerGroupIntoOp op);

/// The operands of a kernel call for `op`, in kernel-argument order: the
/// flattened buffers, the element count, and the attributes as constants.
FailureOr<SmallVector<Value>>
buildQuantizePerGroupKernelOperands(OpBuilder &b, QuantizePerGroupIntoOp op);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEPERGROUPKERNELABI_H
