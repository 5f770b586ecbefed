//===- QuantizeFamilyChecks.cpp - Operand checks of the family's plans ----===//

#include "QuantizeFamilyChecks.h"

#include "baracuda/Support/KernelAbi.h"

#include <algorithm>
#include <cstdint>

namespace baracuda {

size_t quantizeFamilyAlignment(const QuantizeFamilyProblem &problem, int i,
                               int vectorWidth, bool parameterVectors) {
  size_t bytes = operandBytes(problem, i);
  if (vectorWidth == 1 || (isParameterSlot(problem, i) && !parameterVectors))
    return bytes;
  return std::min<size_t>(bytes * vectorWidth, kVectorAccessBytes);
}

bool quantizeFamilyWidthFits(const QuantizeFamilyProblem &problem,
                             int vectorWidth, bool parameterVectors) {
  if (vectorWidth == 1)
    return true;
  if (parameterVectors)
    return problem.layout != LayoutKind::PerTensor &&
           familyParameterVectorWidthFits(vectorWidth, problem.block,
                                          problem.period, problem.numel);
  if (problem.layout == LayoutKind::PerTensor)
    return problem.numel % vectorWidth == 0;
  return familyVectorWidthFits(vectorWidth, problem.block);
}

std::string quantizeFamilySizeText(const QuantizeFamilyProblem &problem,
                                   const std::string &sizes) {
  return sizes.empty() ? std::to_string(problem.numel) + " elements" : sizes;
}

Status checkQuantizeFamilyProblem(const QuantizeFamilyProblem &problem,
                                  const std::string &sizes) {
  Status types = validateQuantizeFamilyTypesAndRange(
      problem.op, problem.t, problem.q, problem.q_min, problem.q_max);
  if (!types.ok())
    return types;
  if (problem.numel < 0 || problem.block < 1 || problem.period < 1)
    return invalidProblem("numel (" + std::to_string(problem.numel) +
                          "), block (" + std::to_string(problem.block) +
                          ") and period (" + std::to_string(problem.period) +
                          ") must be >= 0, >= 1 and >= 1");
  // Sizes valid for the rules can still describe more bytes than any
  // address space holds: no such tensors exist, so no call with them is
  // right. The operands live in one (unified) address space together.
  using Bytes = unsigned __int128;
  const QuantizeOpSpec &op = specOf(problem);
  Bytes total = 0;
  std::string names;
  for (int i = 0; i < op.numOperands(); ++i) {
    if (byValue(problem, i))
      continue;
    total +=
        Bytes(uint64_t(operandLength(problem, i))) * operandBytes(problem, i);
    names += std::string(names.empty()               ? ""
                         : i + 1 == op.numOperands() ? " and "
                                                     : ", ") +
             op.operands[i].name;
  }
  if (total <= Bytes(PTRDIFF_MAX))
    return Status::success();
  // Exact below 2^64; the sizes here stay below 2^66.
  std::string bytes = total >> 64
                          ? std::to_string(uint64_t(total >> 60)) + " * 2^60"
                          : std::to_string(uint64_t(total));
  return invalidProblem(quantizeFamilySizeText(problem, sizes) + " needs " +
                        bytes + " bytes for " + names +
                        ", more than an address space holds (PTRDIFF_MAX = " +
                        std::to_string(PTRDIFF_MAX) + " bytes)");
}

Status checkQuantizeFamilyOperands(const QuantizeFamilyProblem &problem,
                                   const QuantizeFamilyOperands &operands,
                                   int vectorWidth, const std::string &prefix,
                                   std::string_view variant,
                                   const std::string &sizes) {
  if (problem.numel == 0)
    return Status::success(); // Touches no memory: any pointer will do.
  const QuantizeOpSpec &op = specOf(problem);
  for (int i = 0; i < op.numOperands(); ++i) {
    if (byValue(problem, i))
      continue;
    const void *pointer = operands.data[i];
    if (!pointer)
      return invalidProblem(prefix + op.operands[i].name +
                            " data is null for a non-empty problem (" +
                            quantizeFamilySizeText(problem, sizes) + ")");
    size_t alignment = quantizeFamilyAlignment(problem, i, vectorWidth);
    uintptr_t past = reinterpret_cast<uintptr_t>(pointer) % alignment;
    if (past != 0)
      return misalignedOperand(
          prefix + op.operands[i].name + " pointer " + pointerText(pointer) +
          " must be aligned to " + std::to_string(alignment) + " bytes (the " +
          std::string(variant) + " kernel's need); it is " +
          std::to_string(past) + " bytes past a multiple");
  }
  return Status::success();
}

bool isAlignedForWidth(const QuantizeFamilyProblem &problem,
                       const QuantizeFamilyOperands &operands, int vectorWidth,
                       bool parameterVectors) {
  for (int i = 0; i < specOf(problem).numOperands(); ++i)
    if (!byValue(problem, i) &&
        reinterpret_cast<uintptr_t>(operands.data[i]) %
                quantizeFamilyAlignment(problem, i, vectorWidth,
                                        parameterVectors) !=
            0)
      return false;
  return true;
}

Status checkQuantizeFamilyPlacement(const CudaDriver &driver, Backend backend,
                                    const DeviceTarget &target,
                                    const QuantizeFamilyProblem &problem,
                                    const QuantizeFamilyOperands &operands,
                                    const std::string &prefix) {
  const QuantizeOpSpec &op = specOf(problem);
  OperandRef refs[kMaxQuantizeOperands];
  size_t count = 0;
  for (int i = 0; i < op.numOperands(); ++i)
    if (!byValue(problem, i))
      refs[count++] = {op.operands[i].name, operands.data[i],
                       op.operands[i].isOutput()};
  return checkOperandPlacement(driver, backend, target, refs, count,
                               prefix.c_str());
}

} // namespace baracuda
