//===- QuantizeProblem.h - Host tensors of one quantize_per_group run -----===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_QUANTIZEPROBLEM_H
#define BARACUDA_TOOLS_BARACUDARUN_QUANTIZEPROBLEM_H

#include "baracuda/Rules/QuantizePerGroupRules.h"

#include <cstdint>
#include <vector>

namespace baracuda::run {

/// A quantize_per_group problem with its operands in host memory: input and
/// scale as raw bytes of `desc.input_element` (f16/bf16 as 16-bit words).
struct QuantizeProblem {
  QuantizePerGroupDescriptor desc;
  std::vector<uint8_t> input;
  std::vector<uint8_t> scale;
  std::vector<int32_t> zeroPoint;

  int64_t numElements() const {
    return int64_t(desc.outer_size) * int64_t(desc.axis_size);
  }
  int64_t numGroupsTotal() const {
    return int64_t(desc.outer_size) * int64_t(desc.num_groups());
  }
  /// Bytes one run reads and writes: input, scale, zero_point and output.
  int64_t bytesMoved() const {
    int64_t inSize = int64_t(elementKindSize(desc.input_element));
    int64_t outSize = int64_t(elementKindSize(desc.output_element));
    return numElements() * (inSize + outSize) +
           numGroupsTotal() * (inSize + int64_t(sizeof(int32_t)));
  }
};

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_QUANTIZEPROBLEM_H
