//===- MemoryPlacement.h - Which processor can reach a pointer ------------===//
//
// Internal. A kernel handed memory its processor cannot reach faults (CPU) or
// poisons the context (CUDA), so plans check operands before launching.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_MEMORYPLACEMENT_H
#define BARACUDA_RUNTIME_LIB_MEMORYPLACEMENT_H

#include "baracuda/runtime/CudaDriver.h"

#include <cstdint>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

enum class MemoryPlacement : uint8_t {
  /// Memory CUDA does not know (plain malloc/stack): the host only.
  HostOnly,
  /// cuMemAlloc memory: the device only.
  DeviceOnly,
  /// Pinned host or managed memory: both.
  HostAndDevice,
};

/// Classifies `pointer` with one cuPointerGetAttributes call (which, unlike
/// cuPointerGetAttribute, reports unknown memory without an error).
MemoryPlacement classifyPointer(const CudaDriver &driver, const void *pointer);

inline bool deviceCanAccess(MemoryPlacement placement) {
  return placement != MemoryPlacement::HostOnly;
}
inline bool hostCanAccess(MemoryPlacement placement) {
  return placement != MemoryPlacement::DeviceOnly;
}

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_MEMORYPLACEMENT_H
