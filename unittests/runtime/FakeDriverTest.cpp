//===- FakeDriverTest.cpp - Driver paths, tested against a fake libcuda ---===//
//
// Runs with fakecuda/'s libcuda.so.1 on LD_LIBRARY_PATH (ctest sets it; one
// process per test, since the driver is loaded once per process). Covers
// what a CPU-only machine cannot otherwise reach: CPU calls never run cuInit
// (issue 9), pointers the driver cannot classify are refused, also in a
// child forked after CUDA was initialized, error codes the driver does not
// name print as numbers, a failed module load is remembered per context,
// the C ABI's plan cache follows context ids (not handles), operands of
// another device are refused unless peer access covers them (issue 12), and
// a driver without cuCtxGetId is refused for CUDA. The FakeOldDriverTest
// suite runs against fakecuda-old/ (no cuCtxGetId).
//
//===----------------------------------------------------------------------===//

#include "CApiTestSupport.h"
#include "QuantizeTestSupport.h"
#include "fakecuda/FakeCudaDriver.h"

#include "baracuda/Support/KernelAbi.h"
#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/CudaDriver.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baracuda::test {
namespace {

/// The op of a family kernel symbol (KernelAbi.h's familyKernelName): the
/// longest op name the symbol starts with ("quantize_backward_f32_v4" is
/// quantize_backward's, not quantize's).
FamilyOp opOfKernelName(std::string_view symbol) {
  std::optional<FamilyOp> best;
  size_t bestLength = 0;
#define BARACUDA_QF_OP_VALUE(kind, ...) FamilyOp::kind,
  for (FamilyOp op : {BARACUDA_QF_OPS(BARACUDA_QF_OP_VALUE, )}) {
#undef BARACUDA_QF_OP_VALUE
    std::string prefix = std::string(familyOpName(op)) + "_";
    if (symbol.rfind(prefix, 0) == 0 && prefix.size() > bestLength) {
      best = op;
      bestLength = prefix.size();
    }
  }
  EXPECT_TRUE(best.has_value()) << symbol;
  return best.value_or(FamilyOp::Quantize);
}

/// The block a kernel of the library is compiled for: its op's
/// (QuantizeFamily.def), which the fake reports as the kernel's most threads
/// per block (PTX .maxntid).
int compiledThreadsPerBlock(const char *kernel) {
  return familyThreadsPerBlock(opOfKernelName(kernel));
}

/// The fake's state: maps libcuda.so.1 (as a framework linking libcuda
/// would) without initializing it. Its kernels report the block sizes the
/// compiler builds them for.
FakeCudaState *fake() {
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return nullptr;
  auto *stateOf =
      reinterpret_cast<FakeCudaState *(*)()>(dlsym(library, "fakeCudaState"));
  FakeCudaState *state = stateOf ? stateOf() : nullptr;
  if (state)
    state->maxThreadsPerBlockOf = &compiledThreadsPerBlock;
  return state;
}

#define BARACUDA_REQUIRE_FAKE(state)                                           \
  FakeCudaState *state = fake();                                               \
  if (!state)                                                                  \
    GTEST_SKIP() << "libcuda.so.1 is not the fake driver (run under ctest, "   \
                    "which puts fakecuda/ on LD_LIBRARY_PATH)";

/// A small f32 -> s8 problem in host memory.
struct HostProblem {
  std::vector<float> input = std::vector<float>(16, 1.5f);
  std::vector<float> scale = std::vector<float>(4, 0.5f);
  std::vector<int32_t> zeroPoint = std::vector<int32_t>(4, 0);
  std::vector<int8_t> output = std::vector<int8_t>(16, 0x5A);

  int32_t run(void *stream) {
    return baracuda_kernels_quantize_per_group_f32_s8_run(
        2, 8, 4, -128, 127, input.data(), scale.data(), zeroPoint.data(),
        output.data(), nullptr, 0, stream);
  }
  int32_t canImplement() {
    return baracuda_kernels_quantize_per_group_f32_s8_can_implement(
        2, 8, 4, -128, 127, input.data(), scale.data(), zeroPoint.data(),
        output.data());
  }
};

std::string lastError() { return baracuda_kernels_last_error_message(); }

// --- Issue 9: CPU calls, unknown placements, fork, error names --------===//

TEST(FakeDriverTest, CpuCallsNeverInitializeCuda) {
  BARACUDA_REQUIRE_FAKE(state);
  HostProblem p;
  EXPECT_EQ(p.canImplement(), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_EQ(p.run(BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(p.output[0], 3);
  Result<QuantizePerGroupPlan<float, int8_t>> plan =
      QuantizePerGroupPlan<float, int8_t>::select(
          Stream::cpu(), QuantizePerGroupDescriptor{2, 8, 4, -128, 127});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(state->initCalls, 0) << "a CPU call ran cuInit";
  EXPECT_EQ(CudaDriver::getIfCudaMemoryCanExist(), nullptr);
  // Once someone initializes the driver, CPU calls consult it.
  ASSERT_NE(CudaDriver::get(), nullptr);
  EXPECT_EQ(state->initCalls, 1);
  EXPECT_NE(CudaDriver::getIfCudaMemoryCanExist(), nullptr);
  EXPECT_EQ(p.run(BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
      << lastError();
}

TEST(FakeDriverTest, UnknownPlacementIsRefused) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr); // CUDA initialized in the process.
  state->pointerResult = 999;            // ... but the driver cannot say.
  HostProblem p;
  EXPECT_EQ(p.run(BARACUDA_CPU_STREAM), BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(lastError(), "quantize_per_group: input pointer "))
      << lastError();
  EXPECT_TRUE(contains(lastError(), "unknown placement")) << lastError();
  EXPECT_TRUE(contains(lastError(), "CUDA_ERROR_UNKNOWN")) << lastError();
  EXPECT_EQ(p.output[0], 0x5A) << "the kernel ran";
  EXPECT_EQ(p.canImplement(), BARACUDA_KERNELS_INVALID_PROBLEM);
  Result<QuantizePerGroupPlan<float, int8_t>> plan =
      QuantizePerGroupPlan<float, int8_t>::select(
          Stream::cpu(), QuantizePerGroupDescriptor{2, 8, 4, -128, 127});
  ASSERT_TRUE(plan.ok());
  QuantizePerGroupArgs<float, int8_t> args{{p.input.data(), {2, 8}},
                                           {p.scale.data(), {2, 2}},
                                           {p.zeroPoint.data(), {2, 2}},
                                           {p.output.data(), {2, 8}}};
  EXPECT_EQ(plan->run(Stream::cpu(), Workspace{}, args).code(),
            StatusCode::InvalidProblem);
}

/// Exit status of `body` run in a forked child.
int inForkedChild(int (*body)()) {
  pid_t child = fork();
  if (child == 0)
    _exit(body());
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

TEST(FakeDriverTest, ChildForkedAfterCudaInitRefusesWhatItCannotClassify) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  // In the child every driver call fails (as after a real fork), so device
  // pointers would look like host memory: the CPU must refuse them.
  EXPECT_EQ(
      inForkedChild([] { return int(HostProblem().run(BARACUDA_CPU_STREAM)); }),
      BARACUDA_KERNELS_INVALID_PROBLEM);
}

TEST(FakeDriverTest, ChildForkedAfterAnotherLibraryInitializedCuda) {
  BARACUDA_REQUIRE_FAKE(state);
  // A framework initialized the driver; the runtime never looked before the
  // fork, so only its fork handler can tell the child.
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(library, nullptr);
  auto cuInitOfFramework =
      reinterpret_cast<int (*)(unsigned)>(dlsym(library, "cuInit"));
  ASSERT_NE(cuInitOfFramework, nullptr);
  ASSERT_EQ(cuInitOfFramework(0), 0);
  EXPECT_EQ(
      inForkedChild([] { return int(HostProblem().run(BARACUDA_CPU_STREAM)); }),
      BARACUDA_KERNELS_INVALID_PROBLEM);
}

TEST(FakeDriverTest, ChildOfAProcessWithoutCudaRunsOnTheCpu) {
  BARACUDA_REQUIRE_FAKE(state);
  EXPECT_EQ(
      inForkedChild([] { return int(HostProblem().run(BARACUDA_CPU_STREAM)); }),
      BARACUDA_KERNELS_SUCCESS);
  EXPECT_EQ(state->initCalls, 0);
}

TEST(FakeDriverTest, CodesTheDriverDoesNotNamePrintAsNumbers) {
  BARACUDA_REQUIRE_FAKE(state);
  const CudaDriver *driver = CudaDriver::get();
  ASSERT_NE(driver, nullptr);
  EXPECT_EQ(driver->errorString(CUresult(12345)),
            "CUDA error 12345 (unknown to this driver)");
  EXPECT_EQ(driver->errorString(CUDA_ERROR_UNKNOWN),
            "CUDA_ERROR_UNKNOWN (fake driver error, code 999)");
}

TEST(FakeDriverTest, FailedCuInitNamesItsCode) {
  BARACUDA_REQUIRE_FAKE(state);
  state->initResult = 34; // The toolkit stub's CUDA_ERROR_STUB_LIBRARY.
  Status whyNot;
  EXPECT_EQ(CudaDriver::get(&whyNot), nullptr);
  EXPECT_EQ(whyNot.code(), StatusCode::Unsupported);
  EXPECT_EQ(whyNot.message(), "CUDA driver not usable: cuInit: CUDA error 34 "
                              "(unknown to this driver)");
  HostProblem p;
  EXPECT_EQ(p.run(BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
      << lastError();
}

// --- Issue 9: per-context module cache and plan cache ----------------===//

TEST(FakeDriverTest, FailedModuleLoadIsRememberedPerContext) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->moduleLoadResult = 209; // CUDA_ERROR_NO_BINARY_FOR_GPU
  QuantizePerGroupDescriptor desc{2, 8, 4, -128, 127};
  std::string first;
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<QuantizePerGroupPlan<float, int8_t>> plan =
        QuantizePerGroupPlan<float, int8_t>::select(Stream::cuda(nullptr),
                                                    desc);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
    if (attempt == 0)
      first = plan.status().message();
    EXPECT_EQ(plan.status().message(), first);
  }
  EXPECT_TRUE(contains(first, "CUDA_ERROR_NO_BINARY_FOR_GPU")) << first;
  EXPECT_EQ(state->moduleLoadCalls, 1) << "the failed load was retried";
  // Another context (a new id) tries for itself.
  state->currentContextId = 2;
  state->moduleLoadResult = 0;
  bool selected =
      QuantizePerGroupPlan<float, int8_t>::select(Stream::cuda(nullptr), desc)
          .ok();
  EXPECT_TRUE(selected);
  EXPECT_EQ(state->moduleLoadCalls, 2);
}

/// f16 -> s8 [64 x 4096] group 128 on fake device-0 memory, on the default
/// stream of the fake's current context.
int32_t runDeviceProblem(void *input = fakeDevicePointer(0, 0x0000),
                         void *output = fakeDevicePointer(0, 0x800000)) {
  return baracuda_kernels_quantize_per_group_f16_s8_run(
      64, 4096, 128, -128, 127, input, fakeDevicePointer(0, 0x400000),
      fakeDevicePointer(0, 0x600000), output, nullptr, 0, nullptr);
}

// A kernel compiled for another block than its catalog entry's (an image
// built from another QuantizeFamily.def) fails the module load, naming the
// kernel, for more threads and for fewer alike: fewer would not launch,
// more would run with registers and grids sized for other blocks.
TEST(FakeDriverTest, KernelOfAnotherBlockSizeFailsTheLoad) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  constexpr const char *kernel = "quantize_f16_s8_v8";
  const int compiled = compiledThreadsPerBlock(kernel);
  static int other = 0;
  state->maxThreadsPerBlockOf = [](const char *name) {
    return std::string_view(name) == kernel ? other
                                            : compiledThreadsPerBlock(name);
  };
  unsigned long long contextId = 700;
  for (int threads : {compiled * 2, compiled / 2, 1024}) {
    if (threads == compiled)
      continue;
    SCOPED_TRACE(threads);
    other = threads;
    state->currentContextId = ++contextId; // A new context loads the module.
    state->launchCalls = 0;
    ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_INTERNAL_ERROR);
    std::string message = lastError();
    EXPECT_TRUE(contains(message, std::string("kernel ") + kernel)) << message;
    EXPECT_TRUE(contains(message, "up to " + std::to_string(threads) +
                                      " threads; the runtime launches it "
                                      "with " +
                                      std::to_string(compiled)))
        << message;
    EXPECT_TRUE(contains(message, "compiled for another block size"))
        << message;
    EXPECT_EQ(state->launchCalls, 0);
  }
  // Built for its block, the same kernel loads and runs.
  other = compiled;
  state->currentContextId = ++contextId;
  EXPECT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_EQ(state->lastBlockX, static_cast<unsigned>(compiled));
}

TEST(FakeDriverTest, CApiPlanCacheFollowsContextIdsNotHandles) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  // A device with one multiprocessor: the problem fills many waves, so the
  // wide kernel runs.
  state->multiprocessors = 1;
  ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
  std::string small = state->lastLaunched;
  // That context is destroyed and another created at the same handle, on a
  // device so large that the problem is below one wave: the narrow kernel.
  state->currentContextId = 2;
  state->multiprocessors = 100000;
  ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
  std::string large = state->lastLaunched;
  EXPECT_NE(small, large) << "the plan of the destroyed context was reused";
  Result<QuantizePerGroupPlan<Half, int8_t>> fresh =
      QuantizePerGroupPlan<Half, int8_t>::select(
          Stream::cuda(nullptr),
          QuantizePerGroupDescriptor{64, 4096, 128, -128, 127, ElementKind::F16,
                                     ElementKind::S8});
  ASSERT_TRUE(fresh.ok());
  // Kernel names end in "_v8" where the variant is "vec8".
  std::string variant(fresh->sku().variant);
  ASSERT_EQ(variant.rfind("vec", 0), 0u) << variant;
  std::string suffix = "_v" + variant.substr(3);
  EXPECT_EQ(large.substr(large.size() - suffix.size()), suffix) << large;
  EXPECT_EQ(state->launchCalls, 2);
}

// The ring variant of the wide kernel (16-bit quantize with parameters in
// memory) runs where the device's DRAM bandwidth per SM reaches
// KernelAbi.h's threshold, read when a context's module loads, unless
// BARACUDA_ASYNC_RINGS says "on" or "off".
TEST(FakeDriverTest, RingVariantFollowsMemoryBandwidthPerMultiprocessor) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  unsetenv("BARACUDA_ASYNC_RINGS");
  struct Case {
    int clockKHz, busBits, multiprocessors;
    const char *forced; ///< BARACUDA_ASYNC_RINGS, or null.
    bool ring;
  };
  const Case cases[] = {
      {0, 0, 132, nullptr, false},          // the driver does not say
      {2619000, 5120, 132, nullptr, false}, // H100 SXM: 25 GB/s per SM
      {3201000, 6016, 132, nullptr, true},  // H200: 36.5 GB/s per SM
      {3201000, 6016, 132, "off", false},
      {0, 0, 132, "on", true},
  };
  unsigned long long contextId = 500;
  for (const Case &c : cases) {
    SCOPED_TRACE(::testing::Message()
                 << c.clockKHz << " kHz x " << c.busBits << " bits, "
                 << c.multiprocessors << " SMs, BARACUDA_ASYNC_RINGS="
                 << (c.forced ? c.forced : "(unset)"));
    if (c.forced)
      setenv("BARACUDA_ASYNC_RINGS", c.forced, 1);
    else
      unsetenv("BARACUDA_ASYNC_RINGS");
    state->memoryClockKHz = c.clockKHz;
    state->memoryBusBits = c.busBits;
    state->multiprocessors = c.multiprocessors;
    state->currentContextId = ++contextId; // A new context loads the module.
    // f16 -> s8 [2048 x 4096] group 128: 2^19 wide vectors fill the wave of
    // 132 SMs x 8 fake blocks x 256 threads, so a wide kernel runs.
    ASSERT_EQ(baracuda_kernels_quantize_per_group_f16_s8_run(
                  2048, 4096, 128, -128, 127, fakeDevicePointer(0, 0),
                  fakeDevicePointer(0, 0x4000000),
                  fakeDevicePointer(0, 0x5000000),
                  fakeDevicePointer(0, 0x6000000), nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    std::string launched = state->lastLaunched;
    EXPECT_EQ(launched, c.ring ? "quantize_f16_s8_v16_ring"
                               : "quantize_f16_s8_v16");
    // Below a wave of wide vectors the size class drops both wide kernels,
    // the ring variant with the register one: the narrow kernel runs.
    ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
    EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8_v8");
  }
  unsetenv("BARACUDA_ASYNC_RINGS");
  state->memoryClockKHz = state->memoryBusBits = 0;
}

// The per-tensor kernels of the ops with a range and the kernels with
// parameters in memory run one tile per block (no wave limit) unless the
// device has fast memory per SM, where they keep kQuantizeMaxWaves;
// fake_quantize_backward's per-tensor kernel, whose result only selects dy,
// runs one tile per block on both (KernelAbi.h's familyMaxWaves), and
// dequantize f32's parameter-vector kernel three steps per thread on fast
// memory (familyMinStepsPerThread).
TEST(FakeDriverTest, GridsFollowMemoryBandwidthPerMultiprocessor) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  constexpr int64_t numel = int64_t{8192} * 8192;
  constexpr int sms = 132;
  struct Case {
    int clockKHz, busBits;
    bool fastMemory;
  };
  const Case cases[] = {
      {2619000, 5120, false}, // H100 SXM: 25 GB/s per SM
      {3201000, 6016, true},  // H200: 36.5 GB/s per SM
      {0, 0, false},          // the driver does not say
  };
  unsigned long long contextId = 600;
  for (const Case &c : cases) {
    SCOPED_TRACE(::testing::Message()
                 << c.clockKHz << " kHz x " << c.busBits << " bits");
    state->memoryClockKHz = c.clockKHz;
    state->memoryBusBits = c.busBits;
    state->multiprocessors = sms;
    state->currentContextId = ++contextId; // A new context loads the module.
    // The last launch's grid: familyGridBlocks with `maxWaves`, rounded for
    // a parameter-vector kernel ("_pv<width>", expected where `period` > 0)
    // so that its stride is a multiple of the period.
    auto expectGrid = [&](int64_t maxWaves, int64_t period = 0,
                          int minStepsPerThread = 1,
                          int64_t elements = 0) {
      std::string launched = state->lastLaunched;
      bool parameterVectors = launched.rfind("_pv") != std::string::npos;
      ASSERT_EQ(parameterVectors, period > 0) << launched;
      std::string tag = parameterVectors ? "_pv" : "_v";
      size_t suffix = launched.rfind(tag);
      ASSERT_NE(suffix, std::string::npos) << launched;
      int width = std::stoi(launched.substr(suffix + tag.size()));
      // Launched in blocks of its op's size (QuantizeFamily.def); the fake
      // device holds 2048 threads per SM.
      int threads = familyThreadsPerBlock(opOfKernelName(launched));
      EXPECT_EQ(state->lastBlockX, static_cast<unsigned>(threads)) << launched;
      int residentBlocks = 2048 / threads;
      int64_t blocks =
          familyGridBlocks(maxWaves, threads, width, kQuantizeVectorsPerThread,
                           elements > 0 ? elements : numel, sms, residentBlocks,
                           minStepsPerThread);
      if (parameterVectors)
        blocks = familyParameterVectorGridBlocks(
            blocks, threads, width, period,
            familyWaveBlocks(maxWaves, sms, residentBlocks));
      EXPECT_EQ(state->lastGridX, blocks) << launched;
    };
    void *x = fakeDevicePointer(0, 0), *out = fakeDevicePointer(0, 1ull << 30);
    void *dy = fakeDevicePointer(0, 2ull << 30);
    ASSERT_EQ(baracuda_kernels_quantize_per_tensor_f32_s8_run(
                  numel, 0.5f, 0, -128, 127, x, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(c.fastMemory ? kQuantizeMaxWaves : kQuantizeUnlimitedWaves);
    ASSERT_EQ(baracuda_kernels_fake_quantize_backward_f32_run(
                  numel, 0.5f, 0, -128, 127, x, dy, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves);
    // The ops without a range: no limit on every device.
    ASSERT_EQ(baracuda_kernels_dequantize_per_tensor_f32_s8_run(
                  numel, 0.5f, 0, x, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves);
    // Parameters in memory: 8192 tokens of 8192.
    void *scale = fakeDevicePointer(0, 3ull << 30);
    void *zeroPoint = fakeDevicePointer(0, (3ull << 30) + 0x100000);
    ASSERT_EQ(baracuda_kernels_quantize_per_token_backward_f32_run(
                  8192, 8192, -128, 127, dy, x, scale, zeroPoint, out, nullptr,
                  0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(c.fastMemory ? kDividingWideTypeWaves
                            : kQuantizeUnlimitedWaves);
    // dequantize_backward per_token on rows of 14336, no power of two: at
    // least two vectors per thread (familyBlockDivisorMinSteps); on rows of
    // 16384 one tile per block.
    ASSERT_EQ(baracuda_kernels_dequantize_per_token_backward_f32_run(
                  4096, 14336, dy, scale, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves, 0, kBlockDivisorVectorsPerThread,
               int64_t{4096} * 14336);
    ASSERT_EQ(baracuda_kernels_dequantize_per_token_backward_f32_run(
                  4096, 16384, dy, scale, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves, 0, 1, int64_t{4096} * 16384);
    // quantize_backward on 16-bit T keeps kQuantizeMaxWaves.
    ASSERT_EQ(baracuda_kernels_quantize_per_token_backward_bf16_run(
                  8192, 8192, -128, 127, dy, x, scale, zeroPoint, out, nullptr,
                  0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(c.fastMemory ? kQuantizeMaxWaves : kQuantizeUnlimitedWaves);
    // Parameter vectors (per_channel on the last axis of 8192x8192),
    // dequantize f32 (4 bytes of q per vector): three steps per thread with
    // fast memory, one tile per block without, the grid rounded so that its
    // stride is a multiple of the 8192 channels.
    const int32_t shape4[4] = {8192, 8192, 1, 1};
    ASSERT_EQ(baracuda_kernels_dequantize_per_channel_f32_s8_run(
                  numel, shape4, 1, x, scale, zeroPoint, out, nullptr, 0,
                  nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves, /*period=*/8192,
               c.fastMemory ? kFewDataBytesParameterVectorSteps : 1);
    // dequantize_backward's vector reads 16 bytes of dy: one tile per
    // block on both.
    ASSERT_EQ(baracuda_kernels_dequantize_per_channel_backward_f32_run(
                  numel, shape4, 1, scale, dy, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(kQuantizeUnlimitedWaves, /*period=*/8192);
    // quantize f16 on the last axis of 2112x5120: one wave of 1056 blocks
    // of 2048 elements, five tiles per block; 5120 channels need multiples
    // of 5 blocks: 1055, not 1060 (four blocks after the wave).
    const int32_t wideShape4[4] = {2112, 5120, 1, 1};
    ASSERT_EQ(baracuda_kernels_quantize_per_channel_f16_s8_run(
                  int64_t{2112} * 5120, wideShape4, 1, -128, 127, x, scale,
                  zeroPoint, out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    expectGrid(1, /*period=*/5120, 1, int64_t{2112} * 5120);
    EXPECT_EQ(state->lastGridX, 1055u);
  }
  state->memoryClockKHz = state->memoryBusBits = 0;
}

/// Device pointers of device 0 for a family op's data, scale, zero point
/// and output, far enough apart for any problem of these tests.
struct FakeFamilyOperands {
  void *x, *scale, *zeroPoint, *out;
};
FakeFamilyOperands fakeFamilyOperands() {
  return {fakeDevicePointer(0, 0), fakeDevicePointer(0, 16ull << 30),
          fakeDevicePointer(0, 17ull << 30), fakeDevicePointer(0, 8ull << 30)};
}

// The parameter-vector kernels' 32-bit variants (KernelAbi.h's
// familyHasParameterVectorIndex32) run where every size of the launch fits
// them (familyFitsIndex32), the 64-bit kernel elsewhere and wherever
// BARACUDA_INDEX32_VARIANTS is "off"; a kernel without such a variant runs
// its 64-bit one.
TEST(FakeDriverTest, ParameterVectorKernelsCountIn32BitsWhereTheLaunchFits) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->multiprocessors = 132;
  const FakeFamilyOperands ops = fakeFamilyOperands();
  // per_channel on the last axis of rows x 2^20: block 1, period 2^20.
  auto dequantize = [&](int32_t rows) {
    const int32_t shape4[4] = {rows, 1 << 20, 1, 1};
    return baracuda_kernels_dequantize_per_channel_f16_s8_run(
        int64_t{rows} << 20, shape4, 1, ops.x, ops.scale, ops.zeroPoint,
        ops.out, nullptr, 0, nullptr);
  };
  unsigned long long contextId = 700;
  for (const char *forced : {static_cast<const char *>(nullptr), "off"}) {
    SCOPED_TRACE(::testing::Message() << "BARACUDA_INDEX32_VARIANTS="
                                      << (forced ? forced : "(unset)"));
    if (forced)
      setenv("BARACUDA_INDEX32_VARIANTS", forced, 1);
    else
      unsetenv("BARACUDA_INDEX32_VARIANTS");
    state->currentContextId = ++contextId; // A new context loads the module.
    // 1023 x 2^20 = 2^30 - 2^20 elements, every size below 2^30.
    ASSERT_EQ(dequantize(1023), BARACUDA_KERNELS_SUCCESS) << lastError();
    EXPECT_STREQ(state->lastLaunched, forced ? "dequantize_f16_s8_pv8"
                                             : "dequantize_f16_s8_pv8_i32");
    // 1024 x 2^20 = 2^30 elements: past kIndex32Limit.
    ASSERT_EQ(dequantize(1024), BARACUDA_KERNELS_SUCCESS) << lastError();
    EXPECT_STREQ(state->lastLaunched, "dequantize_f16_s8_pv8");
    // 16-bit quantize has no 32-bit variant.
    const int32_t shape4[4] = {64, 4096, 1, 1};
    ASSERT_EQ(baracuda_kernels_quantize_per_channel_f16_s8_run(
                  64 * 4096, shape4, 1, -128, 127, ops.x, ops.scale,
                  ops.zeroPoint, ops.out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8_pv8");
  }
  unsetenv("BARACUDA_INDEX32_VARIANTS");
}

// Every launch passes the sizes and block's divisor as KernelAbi.h orders
// them; the divisor (block_magic, block_shift) is computed here by hand:
// l = ceil(log2 block), magic = ceil(2^(31 + l) / block), shift = l - 1,
// and 0, 0 for block 1, which no kernel divides by.
TEST(FakeDriverTest, LaunchesPassTheBlockDivisor) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->multiprocessors = 132;
  state->currentContextId = 801; // A new context loads the module.
  const FakeFamilyOperands ops = fakeFamilyOperands();
  // x, scale, zero_point, q: four memrefs of five values, seven scalars;
  // reset on every way out, since the next test's launches have others.
  state->launchArgumentCount = 4 * 5 + 7;
  struct StopCopying {
    FakeCudaState *state;
    ~StopCopying() { state->launchArgumentCount = 0; }
  } stopCopying{state};
  struct Case {
    int32_t tokens, channels;
    uint32_t magic;
    int32_t shift;
  };
  for (Case c : {Case{8192, 5120, 0xcccccccdu, 12},
                 Case{37, 11008, 0xbe82fa0cu, 13},
                 Case{8192, 4096, 0x80000000u, 11}, Case{64, 1, 0, 0}}) {
    ASSERT_EQ(baracuda_kernels_quantize_per_token_f16_s8_run(
                  c.tokens, c.channels, -128, 127, ops.x, ops.scale,
                  ops.zeroPoint, ops.out, nullptr, 0, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    SCOPED_TRACE(state->lastLaunched);
    EXPECT_EQ(state->lastSizes[0], int64_t{c.tokens} * c.channels);
    EXPECT_EQ(state->lastSizes[1], c.channels);
    EXPECT_EQ(state->lastSizes[2], c.tokens);
    EXPECT_EQ(state->lastInt32s[0], -128);
    EXPECT_EQ(state->lastInt32s[1], 127);
    EXPECT_EQ(static_cast<uint32_t>(state->lastInt32s[2]), c.magic);
    EXPECT_EQ(state->lastInt32s[3], c.shift);
  }
}

// A block that is no power of two (per_token over 5120 or 11008 channels)
// runs the vectorized kernels where the launch fits their 32-bit loops,
// which divide by any block (KernelAbi.h's familyBlockNeedsIndex32), and
// the generic kernel past them; a power of two runs them at any size.
TEST(FakeDriverTest, BlocksThatAreNoPowerOfTwoRunVectorizedWhereTheLaunchFits) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->multiprocessors = 132;
  state->currentContextId = 800; // A new context loads the module.
  const FakeFamilyOperands ops = fakeFamilyOperands();
  auto quantize = [&](int32_t tokens, int32_t channels) {
    return baracuda_kernels_quantize_per_token_f16_s8_run(
        tokens, channels, -128, 127, ops.x, ops.scale, ops.zeroPoint, ops.out,
        nullptr, 0, nullptr);
  };
  ASSERT_EQ(quantize(8192, 5120), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8_v16");
  // Below a wave of the wide kernel: the narrow one.
  ASSERT_EQ(quantize(37, 11008), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8_v8");
  // 209716 x 5120 is just past 2^30 elements (kIndex32Limit).
  ASSERT_EQ(quantize(209716, 5120), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8");
  ASSERT_EQ(quantize(262144, 4096), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8_v16");
  // Not a multiple of the narrow width (8): the generic kernel at any size.
  ASSERT_EQ(quantize(64, 5124), BARACUDA_KERNELS_SUCCESS) << lastError();
  EXPECT_STREQ(state->lastLaunched, "quantize_f16_s8");
}

// A thread's first launch in a new context must not touch the contexts the
// library ran in before: another thread may be destroying one of them, and
// CUDA forbids any call on a context during its cuCtxDestroy (the lifecycle
// test's threads crashed on such a probe).
TEST(FakeDriverTest, NewContextDoesNotProbeTheLibrarysOtherContexts) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->multiprocessors = 132;
  ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
  for (int context = 1; context <= 3; ++context) {
    state->currentContext = 0x1000 + 0x100 * context;
    state->currentContextId = 100 + context;
    int loads = state->moduleLoadCalls;
    ASSERT_EQ(runDeviceProblem(), BARACUDA_KERNELS_SUCCESS) << lastError();
    EXPECT_EQ(state->moduleLoadCalls, loads + 1) << "context " << context;
  }
  EXPECT_EQ(state->otherContextIdQueries, 0)
      << "cuCtxGetId was called on a context other than the stream's";
}

// --- Issue 12: operands of another device ----------------------------===//

TEST(FakeDriverTest, OperandOfAnotherDeviceIsRefusedUnlessPeerAccessCoversIt) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  state->contextDevice = 0;
  // Input of device 1 on device 0's stream, no peer access.
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(1)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(lastError(), "quantize_per_group: input pointer "))
      << lastError();
  EXPECT_TRUE(contains(lastError(), "is memory of CUDA device 1, but the "
                                    "kernel would run on device 0"))
      << lastError();
  EXPECT_EQ(state->launchCalls, 0);
  // Stream-less: against the current context's device.
  EXPECT_EQ(baracuda_kernels_quantize_per_group_f16_s8_can_implement(
                64, 4096, 128, -128, 127, fakeDevicePointer(1),
                fakeDevicePointer(0, 0x400000), fakeDevicePointer(0, 0x600000),
                fakeDevicePointer(0, 0x800000)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(lastError(), "device 1")) << lastError();
  // The probe that found peer access off left it off.
  EXPECT_EQ(state->peerAccessEnabled, 0);
  EXPECT_GE(state->peerEnableCalls, 1);
  // With peer access from the stream's context, device 1's memory runs,
  // as input and as output.
  state->peerAccessEnabled = 1;
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(1)), BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(0), fakeDevicePointer(1)),
            BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(state->peerAccessEnabled, 1);
  EXPECT_EQ(state->launchCalls, 2);
  state->peerAccessEnabled = 0;
  // Memory without a context (device 3 here, like pool memory): the access
  // flags decide, read for the input, read-write for the output.
  state->accessFlags = 1; // CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READ
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(3)), BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(0), fakeDevicePointer(3)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(lastError(), "output pointer")) << lastError();
  state->accessFlags = 3; // CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READWRITE
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(0), fakeDevicePointer(3)),
            BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(state->launchCalls, 4);
  state->accessFlags = 0;
  EXPECT_EQ(runDeviceProblem(fakeDevicePointer(3)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  // The C++ plan on the same stream.
  Result<QuantizePerGroupPlan<Half, int8_t>> plan =
      QuantizePerGroupPlan<Half, int8_t>::select(
          Stream::cuda(nullptr),
          QuantizePerGroupDescriptor{64, 4096, 128, -128, 127, ElementKind::F16,
                                     ElementKind::S8});
  ASSERT_TRUE(plan.ok());
  QuantizePerGroupArgs<Half, int8_t> args{
      {static_cast<const Half *>(fakeDevicePointer(0)), {64, 4096}},
      {static_cast<const Half *>(fakeDevicePointer(2, 0x400000)), {64, 32}},
      {static_cast<const int32_t *>(fakeDevicePointer(0, 0x600000)), {64, 32}},
      {static_cast<int8_t *>(fakeDevicePointer(0, 0x800000)), {64, 4096}}};
  Status refused = plan->run(Stream::cuda(nullptr), Workspace{}, args);
  EXPECT_EQ(refused.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(refused.message(), "scale pointer"))
      << refused.message();
  EXPECT_TRUE(contains(refused.message(), "device 2")) << refused.message();
  EXPECT_EQ(plan->can_implement(args).code(), StatusCode::InvalidProblem);
}

// --- CudaBuffer's transfers against every stream of their context -----===//

// Each transfer runs in the buffer's context between two cuCtxSynchronize:
// the legacy stream's memset and copies do not wait for non-blocking streams
// (a poison fill landed after the kernel; unittests/runtime/CudaBufferTest.cpp
// shows it on a GPU). Here the order of the calls, without one.
TEST(FakeDriverTest, BufferTransfersRunBetweenContextSynchronizations) {
  BARACUDA_REQUIRE_FAKE(state);
  ASSERT_NE(CudaDriver::get(), nullptr);
  Result<CudaBuffer> buffer = CudaBuffer::allocate(64);
  ASSERT_TRUE(buffer.ok()) << buffer.status().message();
  uintptr_t allocatedIn = state->currentContext;
  // Another context current at the transfer: it must still run in the
  // buffer's.
  state->currentContext = 0x2001;
  std::vector<uint8_t> host(64);
  auto clearTransferCalls = [&] {
    state->transferCallCount = 0;
    state->transferCalls[0] = '\0';
    state->lastPushedContext = 0;
  };
  struct Transfer {
    const char *name;
    std::function<Status()> call;
    const char *calls;
  };
  std::vector<Transfer> transfers = {
      {"fill", [&] { return buffer->fill(0xA5); }, "PSMSp"},
      {"copyFromHost",
       [&] { return buffer->copyFromHost(host.data(), host.size()); },
       "PSHSp"},
      {"copyToHost",
       [&] { return buffer->copyToHost(host.data(), host.size()); },
       "PSDSp"},
  };
  for (const Transfer &transfer : transfers) {
    clearTransferCalls();
    Status status = transfer.call();
    EXPECT_TRUE(status.ok()) << transfer.name << ": " << status.message();
    EXPECT_STREQ(state->transferCalls, transfer.calls) << transfer.name;
    EXPECT_EQ(state->lastPushedContext, allocatedIn) << transfer.name;
  }
  // A fault of earlier work: reported, nothing transferred, the context
  // popped again.
  state->contextSynchronizeResult = 999;
  clearTransferCalls();
  Status failed = buffer->fill(0);
  EXPECT_EQ(failed.code(), StatusCode::Internal) << failed.message();
  EXPECT_TRUE(contains(failed.message(), "work before the transfer"))
      << failed.message();
  EXPECT_STREQ(state->transferCalls, "PSp");
  state->contextSynchronizeResult = 0;
  state->currentContext = allocatedIn;
}

// --- Issue 9: a driver without cuCtxGetId (fakecuda-old/) -------------===//

TEST(FakeOldDriverTest, CudaStreamsAreRefusedWithTheReason) {
  BARACUDA_REQUIRE_FAKE(state);
  const CudaDriver *driver = CudaDriver::get();
  ASSERT_NE(driver, nullptr);
  if (driver->cuCtxGetId)
    GTEST_SKIP() << "this fake has cuCtxGetId (the suite runs against "
                    "fakecuda-old/)";
  EXPECT_EQ(runDeviceProblem(), BARACUDA_KERNELS_UNSUPPORTED);
  EXPECT_TRUE(contains(lastError(), "needs cuCtxGetId")) << lastError();
  EXPECT_EQ(runDeviceProblem(), BARACUDA_KERNELS_UNSUPPORTED);
  EXPECT_EQ(state->moduleLoadCalls, 0);
  EXPECT_EQ(state->launchCalls, 0);
  HostProblem p;
  EXPECT_EQ(p.run(BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
      << lastError();
}

} // namespace
} // namespace baracuda::test
