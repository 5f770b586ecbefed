//===- FamilyKernelAbi.h - Kernels of the quantization family ---*- C++ -*-===//
//
// The IR side of include/baracuda/Support/KernelAbi.h: what a kernel of the
// quantization family is (FamilyKernelSpec: op, element types, operands and
// their roles), its signature and name, and how an op of the dialect maps to
// one (matchFamilyOp, the only place that knows the op classes). Shared by
// the GPU and CPU lowerings, whose kernel skeletons take a spec and an
// element function (FamilyElement.h).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYKERNELABI_H
#define BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYKERNELABI_H

#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Support/KernelAbi.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace mlir::baracuda {

/// How a kernel indexes one of its tensor operands.
enum class KernelOperandRole {
  Data,      ///< read at element i (x, q, dy)
  Parameter, ///< read at parameter p(i) (scale, zero_point), or by value
  Result,    ///< written at element i (the op's out)
};

/// One tensor operand of a kernel, in the kernel's argument order.
struct KernelOperand {
  KernelOperandRole role;
  /// The memref's element type (signless storage for integers), or for a
  /// per-tensor kernel's parameters the scalar argument's type (C, i32).
  Type elementType;
};

/// A kernel of the quantization family: everything its name, signature and
/// body depend on. One per (op, per-tensor or not, element types).
struct FamilyKernelSpec {
  ::baracuda::FamilyOp op;
  /// Parameters by value (no loads); else memrefs read at p(i).
  bool perTensor = false;
  /// The op's float type T (x, dy, y, dx and memory scales).
  FloatType floatType;
  /// si8/ui8 for quantize and dequantize; null for the other ops.
  IntegerType quantizedType;
  /// The tensor operands, ins then out, in the op's operand order.
  SmallVector<KernelOperand> operands;

  /// f64 for f64 T, f32 otherwise.
  FloatType getComputeType() const;
  /// Whether the op reads q_min / q_max.
  bool hasRange() const;

  /// Argument positions after the tensor operands (KernelAbi.h).
  unsigned getNumElementsArg() const { return operands.size(); }
  unsigned getBlockArg() const { return operands.size() + 1; }
  unsigned getPeriodArg() const { return operands.size() + 2; }
  unsigned getQMinArg() const { return operands.size() + 3; }
  unsigned getQMaxArg() const { return operands.size() + 4; }
  unsigned getBlockMagicArg() const { return operands.size() + 5; }
  unsigned getBlockShiftArg() const { return operands.size() + 6; }
  unsigned getNumArgs() const { return operands.size() + 7; }

  /// Argument positions of the operands of one role, in order.
  SmallVector<unsigned> getArgs(KernelOperandRole role) const;
  /// The position of the (only) result operand.
  unsigned getResultArg() const;

  /// (memref<?xE>... or scalars, i64, i64, i64, i32, i32, i32, i32) -> ().
  FunctionType getFunctionType(MLIRContext *ctx) const;
  /// The GPU kernel symbol (KernelAbi.h's familyKernelName), of the
  /// vectorized variant when `vectorWidth` > 1, of the parameter-vector
  /// one with `parameterVectors`, of the ring variant with `asyncRing`, of
  /// the 32-bit variant with `index32`.
  std::string getKernelName(int vectorWidth = 1, bool parameterVectors = false,
                            bool asyncRing = false, bool index32 = false) const;
  /// The CPU kernel symbol (familyCpuKernelName).
  std::string getCpuKernelName() const;
  /// The vector widths of the vectorized GPU kernels, wide (where there is
  /// one) before narrow (KernelAbi.h's familyVectorWidths).
  SmallVector<int> getVectorWidths() const;
  /// The vector width of the parameter-vector GPU kernel (KernelAbi.h's
  /// familyParameterVectorWidth).
  int getParameterVectorWidth() const;
  /// Stages of the parameter-vector GPU kernel's asynchronous copies
  /// (KernelAbi.h's familyParameterVectorAsyncStages); 0: none.
  int getParameterVectorAsyncStages() const;
  /// Whether the parameter-vector GPU kernel has a 32-bit variant
  /// (KernelAbi.h's familyHasParameterVectorIndex32); never for per-tensor
  /// kernels, which have no parameter-vector kernel.
  bool hasParameterVectorIndex32() const;
  /// Slots of the ring variant of the wide kernel with parameters in memory
  /// (KernelAbi.h's familyAsyncRingStages); 0: no such variant.
  int getAsyncRingStages() const;
  /// Vectors per loop step of a vectorized GPU kernel of `vectorWidth`
  /// elements per vector (KernelAbi.h's familyVectorsPerThread).
  int getVectorsPerThread(bool parameterVectors, int vectorWidth) const;
  /// Threads per GPU block of the op's kernels (QuantizeFamily.def's
  /// BARACUDA_QF_THREADS_PER_BLOCK_<Kind>, familyThreadsPerBlock).
  int getThreadsPerBlock() const;
  /// The width of the wide kernel when it stages its output through shared
  /// memory (KernelAbi.h's familyStagesWideStores), else 0.
  int getStagedWideVectorWidth() const;
  /// Resident threads per multiprocessor its staged wide kernel is compiled
  /// for (KernelAbi.h's familyStagedMinThreadsPerMultiprocessor).
  int getStagedMinThreadsPerMultiprocessor() const;
  /// Resident threads per multiprocessor its ring variant is compiled for
  /// (KernelAbi.h's familyRingMinThreadsPerMultiprocessor).
  int getRingMinThreadsPerMultiprocessor() const;
};

/// The spec of `op`'s kernel for float type `floatType` and, for quantize and
/// dequantize, quantized type `quantizedType` (si8/ui8).
FamilyKernelSpec getFamilyKernelSpec(::baracuda::FamilyOp op, bool perTensor,
                                     FloatType floatType,
                                     IntegerType quantizedType);

/// Which parameter element i of the flattened data uses (family contract):
/// p(i) = (i / block) % period, block and period from the data shape.
struct FamilyParamLayout {
  enum class Kind { PerTensor, PerChannel, PerToken, PerGroup };
  Kind kind = Kind::PerTensor;
  int64_t axis = 0;      ///< PerChannel
  int64_t groupSize = 1; ///< PerGroup
};

/// An op of the family as the lowerings see it.
struct FamilyOpView {
  FamilyKernelSpec spec;
  /// The op's tensor operands, ins then out (buffers; the per-tensor
  /// parameters are scalars).
  SmallVector<Value> operands;
  FamilyParamLayout layout;
  int32_t qMin = 0, qMax = 0;
  /// The buffer whose shape defines num_elements, block and period (the
  /// op's out).
  Value dataBuffer() const { return operands.back(); }
};

/// The view of `op` if it is a buffer-form op of the family; nullopt for
/// any other op. The one mapping from op classes to kernels.
std::optional<FamilyOpView> matchFamilyOp(Operation *op);

/// The block of `view` when it is known at compile time.
std::optional<int64_t> getStaticBlock(const FamilyOpView &view);

/// The operands of a kernel call for `view`, in kernel-argument order: the
/// flattened buffers (and scalars), num_elements, block, period, q_min,
/// q_max, and block's divisor (buildBlockDivisorArgs).
FailureOr<SmallVector<Value>>
buildFamilyKernelOperands(OpBuilder &b, Location loc, const FamilyOpView &view);

/// The block_magic and block_shift arguments (i32) for the i64 `block`, as
/// KernelAbi.h's familyBlockDivisorArgs computes them: l = ceil(log2 block),
/// magic = ceil(2^(31 + l) / block), shift = l - 1 for a block from 2 to
/// kIndex32Limit, else 0 and 0.
std::pair<Value, Value> buildBlockDivisorArgs(OpBuilder &b, Location loc,
                                              Value block);

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

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYKERNELABI_H
