//===- QuantizeFamilyChecks.h - Operand checks of the family's plans ------===//
//
// Internal. What QuantizeFamilyPlan and the C ABI's stream-less
// _can_implement check, over any op of the family: the problem's own rules
// (select), null and misaligned pointers, and memory the backend cannot
// reach. Messages start with the caller's prefix ("quantize_per_channel: ")
// and name the operand, the rule and the numbers.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_QUANTIZEFAMILYCHECKS_H
#define BARACUDA_RUNTIME_LIB_QUANTIZEFAMILYCHECKS_H

#include "OperandPlacement.h"

#include "baracuda/runtime/QuantizeFamilyPlan.h"

#include <string>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

inline const QuantizeOpSpec &specOf(const QuantizeFamilyProblem &problem) {
  return quantizeOpSpec(problem.op);
}
/// Whether operand i holds parameters (scale, zero point).
inline bool isParameterSlot(const QuantizeFamilyProblem &problem, int i) {
  return specOf(problem).operands[i].isParameter();
}
/// Whether operand i is passed by value (a per-tensor scale or zero point).
inline bool byValue(const QuantizeFamilyProblem &problem, int i) {
  return problem.layout == LayoutKind::PerTensor && isParameterSlot(problem, i);
}
/// Elements of operand i.
inline int64_t operandLength(const QuantizeFamilyProblem &problem, int i) {
  return isParameterSlot(problem, i) ? problem.numParameters() : problem.numel;
}
/// Bytes of one element of operand i.
inline size_t operandBytes(const QuantizeFamilyProblem &problem, int i) {
  return elementKindSize(
      specOf(problem).operandElement(i, problem.t, problem.q));
}

/// What a kernel of `vectorWidth` needs of operand i's address: its
/// element's alignment, and for a vectorized kernel's data streams (and a
/// parameter-vector kernel's parameters) the vector's, up to one 16-byte
/// access (KernelAbi.h).
size_t quantizeFamilyAlignment(const QuantizeFamilyProblem &problem, int i,
                               int vectorWidth, bool parameterVectors = false);

/// Whether a kernel of `vectorWidth` may run `problem`: no vector straddles
/// two parameters (block a power of two and a multiple of the width, as
/// KernelAbi.h's rule for groups); per tensor, whole vectors; a
/// parameter-vector kernel: familyParameterVectorWidthFits.
bool quantizeFamilyWidthFits(const QuantizeFamilyProblem &problem,
                             int vectorWidth, bool parameterVectors = false);

/// How messages name `problem`'s size: `sizes` (a face's own words, e.g.
/// "[outer_size, axis_size] = [2, 64]"), or "<numel> elements" when empty.
std::string quantizeFamilySizeText(const QuantizeFamilyProblem &problem,
                                   const std::string &sizes);

/// What select checks of a problem: its types and range
/// (validateQuantizeFamilyTypesAndRange), numel >= 0, block and period
/// >= 1, and that its operands fit one address space (PTRDIFF_MAX bytes;
/// the message names the size as quantizeFamilySizeText). No prefix.
Status checkQuantizeFamilyProblem(const QuantizeFamilyProblem &problem,
                                  const std::string &sizes = {});

/// Null data pointers of a non-empty problem (InvalidProblem, naming the
/// size as quantizeFamilySizeText) and the alignment a kernel of
/// `vectorWidth` needs (MisalignedOperand). Nothing for an empty problem.
Status checkQuantizeFamilyOperands(const QuantizeFamilyProblem &problem,
                                   const QuantizeFamilyOperands &operands,
                                   int vectorWidth, const std::string &prefix,
                                   std::string_view variant,
                                   const std::string &sizes = {});

/// Whether every data pointer meets a kernel of `vectorWidth`'s alignment.
bool isAlignedForWidth(const QuantizeFamilyProblem &problem,
                       const QuantizeFamilyOperands &operands, int vectorWidth,
                       bool parameterVectors = false);

/// checkOperandPlacement over the problem's memory operands.
Status checkQuantizeFamilyPlacement(const CudaDriver &driver, Backend backend,
                                    const DeviceTarget &target,
                                    const QuantizeFamilyProblem &problem,
                                    const QuantizeFamilyOperands &operands,
                                    const std::string &prefix);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_QUANTIZEFAMILYCHECKS_H
