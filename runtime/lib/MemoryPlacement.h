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
  /// cuMemAlloc memory: its device only (and peers that enabled access).
  DeviceOnly,
  /// Pinned host memory: the host and every device.
  PinnedHost,
  /// Managed memory: the host and every device.
  Managed,
  /// The driver could not say (cuPointerGetAttributes failed, e.g. in a
  /// child forked after CUDA was initialized): nobody may touch it.
  Unknown,
};

/// Where a pointer lives.
struct PointerInfo {
  MemoryPlacement placement = MemoryPlacement::Unknown;
  /// The device ordinal of DeviceOnly memory, else -1.
  int deviceOrdinal = -1;
  /// The driver's error when placement is Unknown.
  CUresult error = CUDA_SUCCESS;
};

/// Classifies `pointer` with one cuPointerGetAttributes call (which, unlike
/// cuPointerGetAttribute, reports memory CUDA does not know without an
/// error, and answers the device in the same call).
PointerInfo classifyPointer(const CudaDriver &driver, const void *pointer);

inline bool deviceCanAccess(MemoryPlacement placement) {
  return placement == MemoryPlacement::DeviceOnly ||
         placement == MemoryPlacement::PinnedHost ||
         placement == MemoryPlacement::Managed;
}
inline bool hostCanAccess(MemoryPlacement placement) {
  return placement == MemoryPlacement::HostOnly ||
         placement == MemoryPlacement::PinnedHost ||
         placement == MemoryPlacement::Managed;
}

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_MEMORYPLACEMENT_H
