//===- HostElements.h - Read one float element of a host buffer -----------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_HOSTELEMENTS_H
#define BARACUDA_TOOLS_BARACUDARUN_HOSTELEMENTS_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Testing/QuantizeReference.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace baracuda::run {

/// Element `index` of a dense buffer of float kind `kind` (f16/bf16 as raw
/// 16-bit words), widened exactly to double.
inline double floatElementAt(const void *bytes, size_t index,
                             ElementKind kind) {
  const uint8_t *at =
      static_cast<const uint8_t *>(bytes) + index * elementKindSize(kind);
  switch (kind) {
  case ElementKind::F64: {
    double v;
    std::memcpy(&v, at, sizeof(v));
    return v;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, at, sizeof(bits));
    return kind == ElementKind::F16 ? testing::halfToFloat(bits)
                                    : testing::bf16ToFloat(bits);
  }
  default: {
    float v;
    std::memcpy(&v, at, sizeof(v));
    return v;
  }
  }
}

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_HOSTELEMENTS_H
