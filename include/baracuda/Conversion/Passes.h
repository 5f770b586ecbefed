//===- Passes.h - baracuda conversion passes --------------------*- C++ -*-===//

#ifndef BARACUDA_CONVERSION_PASSES_H
#define BARACUDA_CONVERSION_PASSES_H

#include "baracuda/Support/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::baracuda {

/// The bounds of convert-baracuda-to-gpu's `vectors-per-thread`: each vector
/// in flight holds its loads in registers, so beyond 16 the kernels spill
/// while compile time grows with the unrolled body (512 took 31 s); four
/// already gained nothing on an H100 (docs/performance.md).
constexpr int kMinVectorsPerThread = 1; // 0 is the per-kernel rule
constexpr int kMaxVectorsPerThread = 16;

/// The most resident blocks per multiprocessor any chip has: the bound of
/// `min-blocks-per-multiprocessor` and of the staged kernels' nvvm.minctasm.
constexpr int kMaxBlocksPerMultiprocessor = 32;

#define GEN_PASS_DECL
#include "baracuda/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "baracuda/Conversion/Passes.h.inc"

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_PASSES_H
