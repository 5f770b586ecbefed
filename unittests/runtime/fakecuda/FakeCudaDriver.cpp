//===- FakeCudaDriver.cpp - A libcuda.so.1 for driver-path tests ----------===//
//
// See FakeCudaDriver.h. Entry points take the parameter types of cuda.h's
// (as plain C types); the ones the runtime needs but the tests do not
// exercise answer CUDA_ERROR_NOT_SUPPORTED.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaDriver.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>

using baracuda::test::FakeCudaState;
using baracuda::test::kFakeDeviceBase;

namespace {

FakeCudaState state;

constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kNotInitialized = 3;
constexpr int kInvalidContext = 201;
constexpr int kNotSupported = 801;

bool usable() { return state.initialized && state.initPid == getpid(); }

void recordTransferCall(char call) {
  if (state.transferCallCount < int(sizeof(state.transferCalls)) - 1)
    state.transferCalls[state.transferCallCount++] = call;
  state.transferCalls[state.transferCallCount] = '\0';
}

const char *nameOf(int code) {
  switch (code) {
  case 0:
    return "CUDA_SUCCESS";
  case 1:
    return "CUDA_ERROR_INVALID_VALUE";
  case 3:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case 201:
    return "CUDA_ERROR_INVALID_CONTEXT";
  case 209:
    return "CUDA_ERROR_NO_BINARY_FOR_GPU";
  case 801:
    return "CUDA_ERROR_NOT_SUPPORTED";
  case 999:
    return "CUDA_ERROR_UNKNOWN";
  default:
    return nullptr; // Like the driver: unknown codes have no name.
  }
}

} // namespace

#define FAKE_REQUIRE_INIT()                                                    \
  if (!usable())                                                               \
  return kNotInitialized

#define FAKE_UNSUPPORTED(name)                                                 \
  extern "C" int name() {                                                      \
    FAKE_REQUIRE_INIT();                                                       \
    return kNotSupported;                                                      \
  }

extern "C" {

FakeCudaState *fakeCudaState() { return &state; }

int cuInit(unsigned) {
  ++state.initCalls;
  if (state.initResult)
    return state.initResult;
  state.initialized = 1;
  state.initPid = getpid();
  return kSuccess;
}
int cuDriverGetVersion(int *version) {
  *version = 13000;
  return kSuccess;
}
int cuGetErrorName(int code, const char **name) {
  *name = nameOf(code);
  return *name ? kSuccess : kInvalidValue;
}
int cuGetErrorString(int code, const char **text) {
  *text = nameOf(code) ? "fake driver error" : nullptr;
  return *text ? kSuccess : kInvalidValue;
}
int cuDeviceGetCount(int *count) {
  FAKE_REQUIRE_INIT();
  *count = 2;
  return kSuccess;
}
int cuDeviceGet(int *device, int ordinal) {
  FAKE_REQUIRE_INIT();
  *device = ordinal;
  return kSuccess;
}
int cuDeviceGetAttribute(int *value, int attribute, int) {
  FAKE_REQUIRE_INIT();
  switch (attribute) {
  case 16: // CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT
    *value = state.multiprocessors;
    break;
  case 36: // CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE
    *value = state.memoryClockKHz;
    break;
  case 37: // CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH
    *value = state.memoryBusBits;
    break;
  case 75: // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
    *value = 9;
    break;
  default:
    *value = 0;
  }
  return kSuccess;
}
int cuCtxGetCurrent(void **context) {
  FAKE_REQUIRE_INIT();
  *context = reinterpret_cast<void *>(state.currentContext);
  return kSuccess;
}
int cuStreamGetCtx(void *, void **context) { return cuCtxGetCurrent(context); }
#ifndef FAKE_CUDA_WITHOUT_CTX_GET_ID
int cuCtxGetId(void *context, unsigned long long *id) {
  FAKE_REQUIRE_INIT();
  if (reinterpret_cast<uintptr_t>(context) != state.currentContext) {
    ++state.otherContextIdQueries;
    return kInvalidContext; // A context that is gone.
  }
  *id = state.currentContextId;
  return kSuccess;
}
#endif
int cuCtxSetCurrent(void *) {
  FAKE_REQUIRE_INIT();
  return kSuccess;
}
int cuCtxPushCurrent_v2(void *context) {
  FAKE_REQUIRE_INIT();
  recordTransferCall('P');
  state.lastPushedContext = reinterpret_cast<uintptr_t>(context);
  return kSuccess;
}
int cuCtxPopCurrent_v2(void **) {
  FAKE_REQUIRE_INIT();
  recordTransferCall('p');
  return kSuccess;
}
int cuCtxSynchronize() {
  FAKE_REQUIRE_INIT();
  recordTransferCall('S');
  return state.contextSynchronizeResult;
}
int cuMemAlloc_v2(unsigned long long *address, size_t bytes) {
  FAKE_REQUIRE_INIT();
  *address = reinterpret_cast<uintptr_t>(
      baracuda::test::fakeDevicePointer(state.contextDevice,
                                        state.nextAllocationOffset));
  state.nextAllocationOffset += (bytes + 255) / 256 * 256;
  return kSuccess;
}
int cuMemFree_v2(unsigned long long) {
  FAKE_REQUIRE_INIT();
  return kSuccess;
}
int cuMemsetD8_v2(unsigned long long, unsigned char, size_t) {
  FAKE_REQUIRE_INIT();
  recordTransferCall('M');
  return kSuccess;
}
int cuMemcpyHtoD_v2(unsigned long long, const void *, size_t) {
  FAKE_REQUIRE_INIT();
  recordTransferCall('H');
  return kSuccess;
}
int cuMemcpyDtoH_v2(void *, unsigned long long, size_t) {
  FAKE_REQUIRE_INIT();
  recordTransferCall('D');
  return kSuccess;
}
int cuCtxGetDevice(int *device) {
  FAKE_REQUIRE_INIT();
  *device = state.contextDevice;
  return kSuccess;
}
int cuModuleLoadData(void **module, const void *) {
  FAKE_REQUIRE_INIT();
  ++state.moduleLoadCalls;
  if (state.moduleLoadResult)
    return state.moduleLoadResult;
  *module = reinterpret_cast<void *>(uintptr_t{0x1234});
  return kSuccess;
}
int cuModuleUnload(void *) {
  FAKE_REQUIRE_INIT();
  return kSuccess;
}
int cuModuleGetFunction(void **function, void *, const char *name) {
  FAKE_REQUIRE_INIT();
  // The "function" is its name, kept for the process (no leak to report).
  static std::deque<std::string> names;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  *function = const_cast<char *>(names.emplace_back(name).c_str());
  return kSuccess;
}
int cuFuncGetAttribute(int *value, int attribute, void *function) {
  FAKE_REQUIRE_INIT();
  if (attribute != 0) // CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK
    return 1;         // CUDA_ERROR_INVALID_VALUE
  const char *kernel = static_cast<const char *>(function);
  *value =
      state.maxThreadsPerBlockOf ? state.maxThreadsPerBlockOf(kernel) : 1024;
  return kSuccess;
}
int cuOccupancyMaxActiveBlocksPerMultiprocessor(int *blocks, void *,
                                                int blockSize, size_t) {
  FAKE_REQUIRE_INIT();
  // A multiprocessor of 2048 threads, every kernel limited by threads only:
  // eight blocks of 256.
  *blocks = blockSize > 0 ? std::max(1, 2048 / blockSize) : 0;
  return kSuccess;
}
int cuLaunchKernel(void *function, unsigned gridX, unsigned, unsigned,
                   unsigned blockX, unsigned, unsigned, unsigned, void *,
                   void **params, void **) {
  FAKE_REQUIRE_INIT();
  ++state.launchCalls;
  state.lastLaunched = static_cast<const char *>(function);
  state.lastGridX = gridX;
  state.lastBlockX = blockX;
  if (unsigned count = state.launchArgumentCount; count >= 7) {
    for (unsigned i = 0; i < 3; ++i)
      std::memcpy(&state.lastSizes[i], params[count - 7 + i], 8);
    for (unsigned i = 0; i < 4; ++i)
      std::memcpy(&state.lastInt32s[i], params[count - 4 + i], 4);
  }
  return kSuccess;
}
int cuPointerGetAttributes(unsigned count, const int *attributes, void **data,
                           unsigned long long pointer) {
  FAKE_REQUIRE_INIT();
  if (state.pointerResult)
    return state.pointerResult;
  bool device = pointer >= kFakeDeviceBase && pointer < 2 * kFakeDeviceBase;
  for (unsigned i = 0; i < count; ++i) {
    switch (attributes[i]) {
    case 2: // CU_POINTER_ATTRIBUTE_MEMORY_TYPE: CU_MEMORYTYPE_DEVICE or 0
      *static_cast<unsigned *>(data[i]) = device ? 2 : 0;
      break;
    case 8: // CU_POINTER_ATTRIBUTE_IS_MANAGED
      *static_cast<unsigned *>(data[i]) = 0;
      break;
    case 9: // CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
      *static_cast<int *>(data[i]) = device ? int((pointer >> 36) & 0xF) : -2;
      break;
    default:
      return kInvalidValue;
    }
  }
  return kSuccess;
}
int cuPointerGetAttribute(void *data, int attribute,
                          unsigned long long pointer) {
  FAKE_REQUIRE_INIT();
  int ordinal = int((pointer >> 36) & 0xF);
  switch (attribute) {
  case 1: // CU_POINTER_ATTRIBUTE_CONTEXT: devices 0-2 have one, 3+ none
    *static_cast<void **>(data) =
        ordinal < 3 ? reinterpret_cast<void *>(uintptr_t{0x2000} + ordinal)
                    : nullptr;
    return kSuccess;
  case 16: // CU_POINTER_ATTRIBUTE_ACCESS_FLAGS
    *static_cast<unsigned *>(data) = state.accessFlags;
    return kSuccess;
  default:
    return kNotSupported;
  }
}
int cuCtxEnablePeerAccess(void *, unsigned) {
  FAKE_REQUIRE_INIT();
  ++state.peerEnableCalls;
  if (state.peerAccessEnabled)
    return 704; // CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED
  state.peerAccessEnabled = 1;
  return kSuccess;
}
int cuCtxDisablePeerAccess(void *) {
  FAKE_REQUIRE_INIT();
  if (!state.peerAccessEnabled)
    return 705; // CUDA_ERROR_PEER_ACCESS_NOT_ENABLED
  state.peerAccessEnabled = 0;
  return kSuccess;
}

} // extern "C"

FAKE_UNSUPPORTED(cuDeviceGetName)
FAKE_UNSUPPORTED(cuDevicePrimaryCtxRetain)
FAKE_UNSUPPORTED(cuDevicePrimaryCtxRelease_v2)
FAKE_UNSUPPORTED(cuStreamCreate)
FAKE_UNSUPPORTED(cuStreamDestroy_v2)
FAKE_UNSUPPORTED(cuStreamSynchronize)
FAKE_UNSUPPORTED(cuMemAllocHost_v2)
FAKE_UNSUPPORTED(cuMemFreeHost)
FAKE_UNSUPPORTED(cuMemAllocManaged)
FAKE_UNSUPPORTED(cuEventCreate)
FAKE_UNSUPPORTED(cuEventDestroy_v2)
FAKE_UNSUPPORTED(cuEventRecord)
FAKE_UNSUPPORTED(cuEventSynchronize)
FAKE_UNSUPPORTED(cuEventElapsedTime)
