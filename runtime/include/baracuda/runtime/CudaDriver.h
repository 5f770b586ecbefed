//===- CudaDriver.h - CUDA driver entry points loaded at run time -*- C++
//-*-===//
//
// The runtime never links libcuda: like IREE's CUDA HAL it dlopens
// "libcuda.so.1" once and fills one table of driver entry points, so a binary
// starts (and its CPU backend works) on a machine without a driver, and a
// CUDA request fails with a clear Status instead of a loader error.
//
// <cuda.h> is included for its types and prototypes only.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_CUDADRIVER_H
#define BARACUDA_RUNTIME_CUDADRIVER_H

#include "baracuda/Support/Status.h"

#include <cuda.h>

#include <string>

// The table's member names are cuda.h's macro-expanded names (cuMemAlloc is
// cuMemAlloc_v2, ...). Per-thread-default-stream builds rename them again,
// which would give the table two layouts in one program.
#ifdef CUDA_API_PER_THREAD_DEFAULT_STREAM
#error                                                                         \
    "baracuda/runtime/CudaDriver.h does not support CUDA_API_PER_THREAD_DEFAULT_STREAM"
#endif

/// X(member, symbol, fallbackSymbol): required driver entry points. `symbol`
/// is the exported name that cuda.h maps `member` to; `fallbackSymbol` (or
/// nullptr) is tried when an older driver lacks `symbol`.
#define BARACUDA_CUDA_DRIVER_REQUIRED_SYMBOLS(X)                               \
  X(cuInit, "cuInit", nullptr)                                                 \
  X(cuDriverGetVersion, "cuDriverGetVersion", nullptr)                         \
  X(cuGetErrorName, "cuGetErrorName", nullptr)                                 \
  X(cuGetErrorString, "cuGetErrorString", nullptr)                             \
  X(cuDeviceGet, "cuDeviceGet", nullptr)                                       \
  X(cuDeviceGetCount, "cuDeviceGetCount", nullptr)                             \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", nullptr)                     \
  X(cuDeviceGetName, "cuDeviceGetName", nullptr)                               \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", nullptr)             \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2",                 \
    "cuDevicePrimaryCtxRelease")                                               \
  X(cuCtxGetCurrent, "cuCtxGetCurrent", nullptr)                               \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", nullptr)                               \
  X(cuCtxPushCurrent, "cuCtxPushCurrent_v2", nullptr)                          \
  X(cuCtxPopCurrent, "cuCtxPopCurrent_v2", nullptr)                            \
  X(cuCtxGetDevice, "cuCtxGetDevice", nullptr)                                 \
  X(cuCtxSynchronize, "cuCtxSynchronize", nullptr)                             \
  X(cuStreamGetCtx, "cuStreamGetCtx", nullptr)                                 \
  X(cuStreamCreate, "cuStreamCreate", nullptr)                                 \
  X(cuStreamDestroy, "cuStreamDestroy_v2", nullptr)                            \
  X(cuStreamSynchronize, "cuStreamSynchronize", nullptr)                       \
  X(cuModuleLoadData, "cuModuleLoadData", nullptr)                             \
  X(cuModuleUnload, "cuModuleUnload", nullptr)                                 \
  X(cuModuleGetFunction, "cuModuleGetFunction", nullptr)                       \
  X(cuOccupancyMaxActiveBlocksPerMultiprocessor,                               \
    "cuOccupancyMaxActiveBlocksPerMultiprocessor", nullptr)                    \
  X(cuLaunchKernel, "cuLaunchKernel", nullptr)                                 \
  X(cuPointerGetAttributes, "cuPointerGetAttributes", nullptr)                 \
  X(cuMemAlloc, "cuMemAlloc_v2", nullptr)                                      \
  X(cuMemFree, "cuMemFree_v2", nullptr)                                        \
  X(cuMemAllocHost, "cuMemAllocHost_v2", nullptr)                              \
  X(cuMemFreeHost, "cuMemFreeHost", nullptr)                                   \
  X(cuMemAllocManaged, "cuMemAllocManaged", nullptr)                           \
  X(cuMemcpyHtoD, "cuMemcpyHtoD_v2", nullptr)                                  \
  X(cuMemcpyDtoH, "cuMemcpyDtoH_v2", nullptr)                                  \
  X(cuMemsetD8, "cuMemsetD8_v2", nullptr)                                      \
  X(cuEventCreate, "cuEventCreate", nullptr)                                   \
  X(cuEventDestroy, "cuEventDestroy_v2", nullptr)                              \
  X(cuEventRecord, "cuEventRecord", nullptr)                                   \
  X(cuEventSynchronize, "cuEventSynchronize", nullptr)                         \
  X(cuEventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime")

/// X(member, symbol, fallbackSymbol): entry points that may be missing on an
/// older driver; their member is nullptr then.
#define BARACUDA_CUDA_DRIVER_OPTIONAL_SYMBOLS(X)                               \
  X(cuCtxGetId, "cuCtxGetId", nullptr)

namespace baracuda {

/// The CUDA driver entry points, filled once per process from libcuda.so.1.
struct CudaDriver {
#define BARACUDA_CUDA_DRIVER_MEMBER(member, symbol, fallbackSymbol)            \
  decltype(&::member) member = nullptr;
  BARACUDA_CUDA_DRIVER_REQUIRED_SYMBOLS(BARACUDA_CUDA_DRIVER_MEMBER)
  BARACUDA_CUDA_DRIVER_OPTIONAL_SYMBOLS(BARACUDA_CUDA_DRIVER_MEMBER)
#undef BARACUDA_CUDA_DRIVER_MEMBER

  /// Loads libcuda.so.1 and calls cuInit(0), once per process (thread-safe;
  /// later calls return the first outcome). Returns the table, or nullptr and
  /// sets `*whyNot` (when given) to an Unsupported status:
  ///   "CUDA driver not available: libcuda.so.1: <dlerror>"
  ///   "CUDA driver not available: libcuda.so.1 has no entry point <symbol>"
  ///   "CUDA driver not usable: cuInit: CUDA_ERROR_NO_DEVICE (...)"
  static const CudaDriver *get(Status *whyNot = nullptr);

  /// Like get(), but never loads libcuda into a process that has not loaded
  /// it already (by us or by anyone else, e.g. the CUDA runtime). Used where
  /// CUDA pointers can only exist if libcuda is already there, so a CPU-only
  /// program never pays for driver initialization.
  static const CudaDriver *getIfAlreadyInProcess();

  /// "CUDA_ERROR_INVALID_VALUE (invalid argument)" for `result`.
  std::string errorString(CUresult result) const;
};

/// "<what>: <errorString(result)>" as a status of `code` (Internal by
/// default): the form of every driver failure the runtime reports.
Status cudaError(const CudaDriver &driver, CUresult result,
                 const std::string &what,
                 StatusCode code = StatusCode::Internal);

} // namespace baracuda

#endif // BARACUDA_RUNTIME_CUDADRIVER_H
