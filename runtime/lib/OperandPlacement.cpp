//===- OperandPlacement.cpp - Can the backend reach every operand? --------===//

#include "OperandPlacement.h"

#include "ScopedCudaContext.h"

#include <cstdio>
#include <string>

namespace baracuda {

std::string pointerText(const void *pointer) {
  char text[32];
  std::snprintf(text, sizeof(text), "%p", pointer);
  return text;
}

namespace {

/// Whether `target`'s context may access `pointer` (device memory of another
/// device) as the kernel needs. Only asked on this rare path, never per run.
///   - Memory of a context (cuMemAlloc): peer access is per context pair and
///     the driver has no query for it, so the runtime asks
///     cuCtxEnablePeerAccess: PEER_ACCESS_ALREADY_ENABLED means the caller
///     enabled it; success means it was off, and it is turned off again at
///     once (the runtime never leaves access the caller did not grant).
///     (CU_POINTER_ATTRIBUTE_ACCESS_FLAGS is no answer here: on an H200 pair
///     it reported access to cuMemAlloc memory of the other device with peer
///     access off, and the kernel faulted.)
///   - Memory without a context (stream-ordered pools, cuMemMap): access is
///     granted per device (cuMemPoolSetAccess, cuMemSetAccess), which
///     CU_POINTER_ATTRIBUTE_ACCESS_FLAGS reports: read for inputs,
///     read-write for outputs.
bool peerAccessible(const CudaDriver &driver, const DeviceTarget &target,
                    const void *pointer, bool written) {
  if (!driver.cuPointerGetAttribute || !target.context)
    return false;
  auto address = reinterpret_cast<CUdeviceptr>(pointer);
  CUcontext owner = nullptr;
  if (driver.cuPointerGetAttribute(&owner, CU_POINTER_ATTRIBUTE_CONTEXT,
                                   address) != CUDA_SUCCESS)
    owner = nullptr;
  ScopedCudaContext scoped(driver, target.context);
  if (scoped.result() != CUDA_SUCCESS)
    return false;
  if (owner) {
    if (!driver.cuCtxEnablePeerAccess || !driver.cuCtxDisablePeerAccess)
      return false;
    CUresult result = driver.cuCtxEnablePeerAccess(owner, 0);
    if (result == CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED)
      return true;
    if (result == CUDA_SUCCESS)
      (void)driver.cuCtxDisablePeerAccess(owner); // It was off: keep it so.
    return false;
  }
  // Zeroed 8 bytes: the driver writes an enum-sized value.
  unsigned long long flags = 0;
  if (driver.cuPointerGetAttribute(&flags, CU_POINTER_ATTRIBUTE_ACCESS_FLAGS,
                                   address) != CUDA_SUCCESS)
    return false;
  if (written)
    return flags == CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READWRITE;
  return flags == CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READ ||
         flags == CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READWRITE;
}

} // namespace

DeviceTarget currentDeviceTarget(const CudaDriver &driver) {
  DeviceTarget target;
  CUcontext current = nullptr;
  CUdevice device = 0;
  if (driver.cuCtxGetCurrent(&current) != CUDA_SUCCESS || !current ||
      driver.cuCtxGetDevice(&device) != CUDA_SUCCESS)
    return target;
  target.context = current;
  target.deviceOrdinal = static_cast<int>(device);
  return target;
}

Status checkOperandPlacement(const CudaDriver &driver, Backend backend,
                             const DeviceTarget &target,
                             const OperandRef *operands, size_t count,
                             const char *prefix) {
  for (size_t i = 0; i < count; ++i) {
    const OperandRef &operand = operands[i];
    PointerInfo info = classifyPointer(driver, operand.pointer);
    // Built only for a message: per call it would cost more than the check.
    auto what = [&] {
      return std::string(prefix) + operand.name + " pointer " +
             pointerText(operand.pointer);
    };
    if (info.placement == MemoryPlacement::Unknown)
      return invalidProblem(
          what() +
          " has an unknown placement: the CUDA driver cannot say where it "
          "lives (cuPointerGetAttributes: " +
          driver.errorString(info.error) +
          "; e.g. a process forked after CUDA was initialized), so no "
          "backend may touch it");
    if (backend == Backend::Cpu) {
      if (!hostCanAccess(info.placement))
        return invalidProblem(
            what() + " is CUDA device memory (device " +
            std::to_string(info.deviceOrdinal) +
            "); the CPU backend needs host, managed or pinned memory");
      continue;
    }
    if (!deviceCanAccess(info.placement))
      return invalidProblem(
          what() +
          " is host memory the GPU cannot access (CUDA does not know it); the "
          "CUDA backend needs device, managed or pinned host memory");
    if (info.placement == MemoryPlacement::DeviceOnly &&
        target.deviceOrdinal >= 0 &&
        info.deviceOrdinal != target.deviceOrdinal &&
        !peerAccessible(driver, target, operand.pointer, operand.written))
      return invalidProblem(
          what() + " is memory of CUDA device " +
          std::to_string(info.deviceOrdinal) +
          ", but the kernel would run on device " +
          std::to_string(target.deviceOrdinal) +
          " (the stream's or current context's); operands must live on the "
          "stream's device unless peer access from it to device " +
          std::to_string(info.deviceOrdinal) +
          " is enabled (cuCtxEnablePeerAccess)");
  }
  return Status::success();
}

} // namespace baracuda
