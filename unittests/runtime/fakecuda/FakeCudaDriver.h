//===- FakeCudaDriver.h - A libcuda.so.1 for driver-path tests --*- C++ -*-===//
//
// A stand-in for the CUDA driver, built as libcuda.so.1 and found through
// LD_LIBRARY_PATH by the fake-driver tests, so the runtime's driver paths
// (no cuInit on CPU calls, unknown pointer placements, fork children, error
// names, per-context caches, operands of another device, a driver without
// cuCtxGetId, the order of CudaBuffer's transfers) are tested on machines
// without a GPU. It launches nothing and moves no memory: cuLaunchKernel
// records the kernel's name, the memory calls their order. Pointers in
// [kFakeDeviceBase, 2 * kFakeDeviceBase) are device memory of device
// (pointer >> 36) & 0xF; other pointers are memory CUDA does not know. Like
// the real driver, every call but cuInit, cuDriverGetVersion and the error
// names answers CUDA_ERROR_NOT_INITIALIZED (3) before cuInit and in a child
// forked after it.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
#define BARACUDA_UNITTESTS_RUNTIME_FAKECUDADRIVER_H

#include <cstdint>

namespace baracuda::test {

inline constexpr uintptr_t kFakeDeviceBase = uintptr_t{1} << 44;

/// A fake device pointer of device `ordinal`.
inline void *fakeDevicePointer(int ordinal, uintptr_t offset = 0) {
  return reinterpret_cast<void *>(kFakeDeviceBase | (uintptr_t(ordinal) << 36) |
                                  offset);
}

/// The fake's state and knobs, reached with dlsym(handle, "fakeCudaState").
struct FakeCudaState {
  int initCalls = 0;
  int initResult = 0; ///< cuInit's answer.
  int initialized = 0;
  int initPid = 0;
  int pointerResult = 0; ///< cuPointerGetAttributes' answer once initialized.
  /// CU_POINTER_ATTRIBUTE_ACCESS_FLAGS' answer (for memory of devices 3+,
  /// which has no context, like pool memory).
  unsigned accessFlags = 0;
  /// Peer access of the current context to the others (devices 0-2 have
  /// contexts 0x2000 + ordinal), as cuCtxEnable/DisablePeerAccess set it.
  int peerAccessEnabled = 0;
  int peerEnableCalls = 0;
  uintptr_t currentContext = 0x1000;
  unsigned long long currentContextId = 1;
  /// cuCtxGetId calls on a context other than the current one: another
  /// thread's context, which that thread may be destroying.
  int otherContextIdQueries = 0;
  int contextDevice = 0;
  int multiprocessors = 132;
  /// CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE (kHz) and _GLOBAL_MEMORY_BUS_WIDTH
  /// (bits); 0: a driver that does not say.
  int memoryClockKHz = 0;
  int memoryBusBits = 0;
  int moduleLoadCalls = 0;
  int moduleLoadResult = 0;
  /// cuFuncGetAttribute(MAX_THREADS_PER_BLOCK)'s answer for a kernel (by
  /// name): the block it was compiled for. Unset: 1024, a kernel compiled
  /// for no particular block (the tests set it to the family's sizes).
  int (*maxThreadsPerBlockOf)(const char *kernel) = nullptr;
  int launchCalls = 0;
  const char *lastLaunched = nullptr;
  /// Blocks in x and threads per block in x of the last launch.
  unsigned lastGridX = 0;
  unsigned lastBlockX = 0;
  /// Where set to the launched kernel's argument count (its memrefs' five
  /// values each, then the seven scalars of KernelAbi.h), cuLaunchKernel
  /// copies those scalars: num_elements, block, period, then q_min, q_max,
  /// block_magic, block_shift.
  unsigned launchArgumentCount = 0;
  int64_t lastSizes[3] = {};
  int32_t lastInt32s[4] = {};
  /// The memory calls, in order, one letter each (CudaBuffer's transfers):
  /// P cuCtxPushCurrent, p cuCtxPopCurrent, S cuCtxSynchronize, M cuMemsetD8,
  /// H cuMemcpyHtoD, D cuMemcpyDtoH; truncated past its size. The test
  /// clears transferCallCount before the call it reads.
  char transferCalls[32] = {};
  int transferCallCount = 0;
  /// The context of the last cuCtxPushCurrent.
  uintptr_t lastPushedContext = 0;
  /// cuCtxSynchronize's answer (a fault of earlier work, e.g. 700).
  int contextSynchronizeResult = 0;
  /// cuMemAlloc hands out device memory of device contextDevice from
  /// fakeDevicePointer(contextDevice, nextAllocationOffset); nothing is
  /// readable or writable there (the transfers only record).
  uintptr_t nextAllocationOffset = 0x100;
};

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
