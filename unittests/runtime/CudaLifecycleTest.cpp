//===- CudaLifecycleTest.cpp - The runtime across CUDA context lifecycles -===//
//
// Issue 9: contexts created and destroyed many times (their CUcontext values
// are reused, their ids never), libraries dropped before and after their
// contexts (a library must not unload a module of a destroyed context),
// primary-context reset, and several threads each with its own context.
// Skips without a CUDA device; scripts/device_check.sh runs it on the GPU.
//
//===----------------------------------------------------------------------===//

#include "CudaProblem.h"

#include "baracuda/Support/EmbeddedCudaImage.h"
#include "baracuda/Support/KernelAbi.h"

#include <dlfcn.h>

#include <atomic>
#include <cstring>
#include <thread>

namespace baracuda::test {
namespace {

#define BARACUDA_REQUIRE_CONTEXT_API()                                         \
  do {                                                                         \
    if (std::optional<std::string> reason = cudaUnavailableReason())           \
      GTEST_SKIP() << *reason;                                                 \
    const CudaDriver &cu = *CudaDriver::get();                                 \
    ASSERT_TRUE(cu.cuCtxCreate &&cu.cuCtxDestroy &&cu.cuCtxGetId &&cu          \
                    .cuDevicePrimaryCtxReset)                                  \
        << "the driver lacks a context entry point the runtime relies on";     \
  } while (false)

/// A context of its own on `ordinal`, current on the calling thread:
/// cuCtxCreate_v2 (every driver has it), else the table's cuCtxCreate_v4.
CUcontext createContext(int ordinal) {
  const CudaDriver &cu = *CudaDriver::get();
  using CreateV2 = CUresult (*)(CUcontext *, unsigned, CUdevice);
  static CreateV2 createV2 = [] {
    void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
    return library
               ? reinterpret_cast<CreateV2>(dlsym(library, "cuCtxCreate_v2"))
               : nullptr;
  }();
  CUdevice device = 0;
  CUcontext context = nullptr;
  if (cu.cuDeviceGet(&device, ordinal) != CUDA_SUCCESS)
    return nullptr;
  CUresult result =
      createV2
          ? createV2(&context, 0, device)
          : cu.cuCtxCreate(&context, /*ctxCreateParams=*/nullptr, 0, device);
  return result == CUDA_SUCCESS ? context : nullptr; // Current now.
}

void destroyContext(CUcontext context) {
  ASSERT_EQ(CudaDriver::get()->cuCtxDestroy(context), CUDA_SUCCESS);
}

/// Runs one problem through the C ABI on the current context's default
/// stream and checks it; `library` (when given) through the C++ plan.
::testing::AssertionResult
runsCorrectly(uint64_t seed,
              const std::shared_ptr<const KernelLibrary> &library = nullptr) {
  Result<DeviceProblem> p = DeviceProblem::make(seed);
  if (!p)
    return ::testing::AssertionFailure() << p.status().message();
  if (!library) {
    if (int32_t status = p->run(nullptr))
      return ::testing::AssertionFailure()
             << "status " << status << ": "
             << baracuda_kernels_last_error_message();
  } else {
    Status status =
        runTypedPlan(Stream::cuda(nullptr), p->problem,
                     reinterpret_cast<const void *>(p->input.address()),
                     reinterpret_cast<const void *>(p->scale.address()),
                     reinterpret_cast<const int32_t *>(p->zeroPoint.address()),
                     reinterpret_cast<void *>(p->output.address()),
                     PlanPreference::Default, library);
    if (!status.ok())
      return ::testing::AssertionFailure() << status.message();
  }
  if (CudaDriver::get()->cuCtxSynchronize() != CUDA_SUCCESS)
    return ::testing::AssertionFailure() << "cuCtxSynchronize failed";
  return p->matchesReference();
}

/// A user library: the embedded image that fits device 0 as bytes.
std::shared_ptr<const KernelLibrary> userLibrary(int smVersion) {
  const EmbeddedCudaImage *best = nullptr;
  for (size_t i = 0; i < kNumEmbeddedCudaImages; ++i) {
    const EmbeddedCudaImage &image = kEmbeddedCudaImages[i];
    if (std::strcmp(image.module, kGpuKernelModuleName) == 0 &&
        image.smVersion <= smVersion &&
        (!best || image.smVersion > best->smVersion))
      best = &image;
  }
  if (!best)
    return nullptr;
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCudaImage(best->data, best->size);
  return library ? *library : nullptr;
}

TEST(CudaLifecycleTest, ManyContextsCreatedAndDestroyed) {
  BARACUDA_REQUIRE_CONTEXT_API();
  // Handles repeat across cycles, ids do not: every cycle must load its own
  // module and select its own plan (the C ABI's per-thread cache).
  for (int cycle = 0; cycle < 30; ++cycle) {
    CUcontext context = createContext(0);
    ASSERT_NE(context, nullptr);
    EXPECT_TRUE(runsCorrectly(1000 + cycle)) << "cycle " << cycle;
    destroyContext(context);
  }
}

TEST(CudaLifecycleTest, LibrariesDroppedBeforeAndAfterTheirContexts) {
  BARACUDA_REQUIRE_CONTEXT_API();
  Result<CudaDevice> probe = CudaDevice::open(0);
  ASSERT_TRUE(probe.ok());
  int sm = probe->smVersion();
  for (int round = 0; round < 5; ++round) {
    // A: load a user library, destroy A, keep the library.
    CUcontext a = createContext(0);
    ASSERT_NE(a, nullptr);
    std::shared_ptr<const KernelLibrary> first = userLibrary(sm);
    ASSERT_NE(first, nullptr);
    EXPECT_TRUE(runsCorrectly(2000 + round, first));
    destroyContext(a);
    // B, maybe at A's address: another library; then drop the first one
    // (its module died with A and must not be unloaded).
    CUcontext b = createContext(0);
    ASSERT_NE(b, nullptr);
    std::shared_ptr<const KernelLibrary> second = userLibrary(sm);
    EXPECT_TRUE(runsCorrectly(2100 + round, second));
    first.reset();
    EXPECT_TRUE(runsCorrectly(2200 + round, second)) << "after dropping A's";
    // The first library used in B, then dropped before B dies.
    std::shared_ptr<const KernelLibrary> third = userLibrary(sm);
    EXPECT_TRUE(runsCorrectly(2300 + round, third));
    third.reset();
    EXPECT_TRUE(runsCorrectly(2400 + round, second));
    second.reset();
    destroyContext(b);
  }
}

TEST(CudaLifecycleTest, PrimaryContextReset) {
  BARACUDA_REQUIRE_CONTEXT_API();
  const CudaDriver &cu = *CudaDriver::get();
  // Each round uses the primary context, then resets it (destroying its
  // resources, our module included); the next round's retain re-creates it,
  // at the same CUcontext value under a new id.
  for (int round = 0; round < 4; ++round) {
    Result<CudaDevice> device = CudaDevice::open(0);
    ASSERT_TRUE(device.ok()) << device.status().message();
    EXPECT_TRUE(runsCorrectly(3000 + round)) << "round " << round;
    ASSERT_EQ(cu.cuDevicePrimaryCtxReset(device->device()), CUDA_SUCCESS);
  }
}

TEST(CudaLifecycleTest, ThreadsEachWithItsOwnContext) {
  BARACUDA_REQUIRE_CONTEXT_API();
  int devices = 0;
  ASSERT_EQ(CudaDriver::get()->cuDeviceGetCount(&devices), CUDA_SUCCESS);
  std::atomic<int> failures{0};
  std::vector<std::string> messages(6);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 4; ++round) {
        CUcontext context = createContext(t % devices);
        if (!context) {
          messages[t] = "cuCtxCreate failed";
          ++failures;
          return;
        }
        for (int i = 0; i < 5; ++i) {
          ::testing::AssertionResult ok = runsCorrectly(4000 + 100 * t + i);
          if (!ok) {
            messages[t] = ok.message();
            ++failures;
          }
        }
        if (CudaDriver::get()->cuCtxDestroy(context) != CUDA_SUCCESS)
          ++failures;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  std::string all;
  for (const std::string &message : messages)
    all += message.empty() ? "" : message + " | ";
  EXPECT_EQ(failures.load(), 0) << all;
}

} // namespace
} // namespace baracuda::test
