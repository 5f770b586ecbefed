//===- RunProblem.h - Host operands of one family run ---------------------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_RUNPROBLEM_H
#define BARACUDA_TOOLS_BARACUDARUN_RUNPROBLEM_H

#include "baracuda/Rules/QuantizeDescriptorRules.h"

#include <cstdint>
#include <string>
#include <vector>

namespace baracuda::run {

/// One problem of the quantization family with its inputs in host memory,
/// laid out as the family table (QuantizeFamily.h) says: operands[i] holds
/// operand i of the op in kernel order, as raw bytes of its element type
/// (f16/bf16 as 16-bit words); the output's slot stays empty, and so do the
/// scale and zero-point slots of a per-tensor problem, whose parameters are
/// the scalars below.
struct RunProblem {
  /// "dequantize_per_channel".
  std::string stem;
  /// op, layout, types, numel / block / period, range: what the plan runs.
  QuantizeFamilyProblem family;
  ParameterLayout layout;
  std::vector<int64_t> shape;
  std::vector<std::vector<uint8_t>> operands;
  /// Per tensor: the scale as the C type holds it (f32 for f32/f16/bf16).
  double scalarScale = 0;
  int32_t scalarZeroPoint = 0;

  const QuantizeOpSpec &spec() const { return quantizeOpSpec(family.op); }
  int64_t numElements() const { return family.numel; }
  /// The element type of operand `index`.
  ElementKind elementOf(int index) const {
    return spec().operandElement(index, family.t, family.q);
  }
  /// Elements operand `index` holds: numel for data, the parameter count
  /// for scale / zero point (0 per tensor: they are scalars).
  int64_t elementsOf(int index) const {
    return spec().operands[index].isParameter() ? family.numParameters()
                                                : family.numel;
  }
  int outputIndex() const { return spec().numOperands() - 1; }
  /// "quantize_per_channel_f16_s8": the SKU's name.
  std::string skuName() const;
  /// Bytes one run reads and writes (every operand once).
  int64_t bytesMoved() const;
};

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_RUNPROBLEM_H
