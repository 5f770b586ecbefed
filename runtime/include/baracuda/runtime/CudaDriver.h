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
#include "baracuda/runtime/Result.h"

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
  X(cuFuncGetAttribute, "cuFuncGetAttribute", nullptr)                         \
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
///
/// cuCtxGetId (CUDA 12.0) tells contexts apart for the runtime's caches: a
/// CUcontext value is reused after destroy/create. Without it the CUDA
/// backend is Unsupported (see cudaContextId); the rest serve tests and tools
/// (context lifecycles, several GPUs).
#define BARACUDA_CUDA_DRIVER_OPTIONAL_SYMBOLS(X)                               \
  X(cuCtxGetId, "cuCtxGetId", nullptr)                                         \
  X(cuCtxCreate, "cuCtxCreate_v4", nullptr)                                    \
  X(cuCtxDestroy, "cuCtxDestroy_v2", nullptr)                                  \
  X(cuDevicePrimaryCtxReset, "cuDevicePrimaryCtxReset_v2", nullptr)            \
  X(cuDeviceCanAccessPeer, "cuDeviceCanAccessPeer", nullptr)                   \
  X(cuCtxEnablePeerAccess, "cuCtxEnablePeerAccess", nullptr)                   \
  X(cuCtxDisablePeerAccess, "cuCtxDisablePeerAccess", nullptr)                 \
  X(cuPointerGetAttribute, "cuPointerGetAttribute", nullptr)

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

  /// The table when CUDA memory can exist in this process, else nullptr.
  /// CUDA memory exists only where the driver was initialized: in this
  /// process (by us or anyone else, e.g. the CUDA runtime), or in a parent
  /// that forked this one after initializing it (the child's driver calls
  /// then fail, so its pointers are of unknown placement). Never loads
  /// libcuda into a process that has not mapped it and never calls cuInit:
  /// a CPU-only program, or one that merely links libcuda, pays nothing and
  /// stays fork-safe. Used by the CPU backend's operand checks.
  static const CudaDriver *getIfCudaMemoryCanExist();

  /// "CUDA_ERROR_INVALID_VALUE (invalid argument, code 1)" for `result`;
  /// "CUDA error 12345 (unknown to this driver)" for a code the driver does
  /// not name (never the name of another code).
  std::string errorString(CUresult result) const;
};

/// The process-unique id of `context` (cuCtxGetId), the key of every
/// per-context cache: a CUcontext value is reused after destroy/create, an id
/// never. Unsupported on drivers older than CUDA 12.0 (no cuCtxGetId): the
/// runtime then refuses CUDA streams rather than risk handing a cached
/// module or plan of a destroyed context to a new one at the same address.
Result<uint64_t> cudaContextId(const CudaDriver &driver, CUcontext context);

/// "<what>: <errorString(result)>" as a status of `code` (Internal by
/// default): the form of every driver failure the runtime reports.
Status cudaError(const CudaDriver &driver, CUresult result,
                 const std::string &what,
                 StatusCode code = StatusCode::Internal);

} // namespace baracuda

#endif // BARACUDA_RUNTIME_CUDADRIVER_H
