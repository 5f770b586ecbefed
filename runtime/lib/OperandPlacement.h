//===- OperandPlacement.h - Can the backend reach every operand? ----------===//
//
// Internal. The memory check every plan runs before a launch, shared by all
// ops: a CPU kernel handed device memory faults; a CUDA kernel handed host
// memory, or memory of another device without peer access, poisons the
// context for the whole process. One cuPointerGetAttributes per operand
// answers the kind of memory and its device.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_OPERANDPLACEMENT_H
#define BARACUDA_RUNTIME_LIB_OPERANDPLACEMENT_H

#include "MemoryPlacement.h"

#include "baracuda/runtime/Stream.h"

#include <cstddef>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

/// One data operand of a launch.
struct OperandRef {
  const char *name;    ///< "input", "scale", ...: for messages.
  const void *pointer; ///< Its data.
  bool written;        ///< The kernel stores to it.
};

/// The device a CUDA launch runs on.
struct DeviceTarget {
  /// The launch's context (peer access is enabled per context), or nullptr.
  CUcontext context = nullptr;
  /// Its device's ordinal, or -1 when no device is known (stream-less checks
  /// with no current context): then any device's memory is accepted.
  int deviceOrdinal = -1;
};

/// InvalidProblem (message: `prefix`, the operand, its pointer, the rule and
/// both devices) unless `backend` can reach every operand:
///   - memory whose placement the driver cannot tell: never (Unknown);
///   - CPU: host, pinned host or managed memory;
///   - CUDA: device memory of target.deviceOrdinal, pinned host or managed
///     memory, or device memory of another device when the target context
///     has peer access to it (enabled by the caller: cuCtxEnablePeerAccess
///     for context memory; for pool/cuMemMap memory the access flags, read
///     for inputs, read-write for outputs). Only the mismatch path asks.
Status checkOperandPlacement(const CudaDriver &driver, Backend backend,
                             const DeviceTarget &target,
                             const OperandRef *operands, size_t count,
                             const char *prefix);

/// The current context and its device (deviceOrdinal -1 when none is
/// current): the target of checks that know no stream.
DeviceTarget currentDeviceTarget(const CudaDriver &driver);

/// "0x7f..." for messages.
std::string pointerText(const void *pointer);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_OPERANDPLACEMENT_H
