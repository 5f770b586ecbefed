//===- QuantizeFamily.cpp - The quantization family as C++ tables ---------===//

#include "baracuda/Family/QuantizeFamily.h"

#include "baracuda/Support/KernelAbi.h"

namespace baracuda {

std::string quantizeKernelName(const QuantizeKernelKey &key, int vectorWidth) {
  return familyKernelName(key.op, key.perTensor, key.t, key.q, vectorWidth);
}

std::string quantizeCpuKernelName(const QuantizeKernelKey &key) {
  return familyCpuKernelName(key.op, key.perTensor, key.t, key.q);
}

std::string QuantizeStemSku::name() const {
  std::string text = std::string(stem) + "_" + std::string(elementKindName(t));
  if (q)
    text += "_" + std::string(elementKindName(*q));
  return text;
}

} // namespace baracuda
