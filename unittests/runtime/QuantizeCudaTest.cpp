//===- QuantizeCudaTest.cpp - CUDA backend: plans, C ABI, bit-exactness ---===//
//
// The same matrix as the CPU tests, on the GPU through the embedded images,
// plus the CUDA-only contract: memory placement checks, streams, contexts,
// external images and the C ABI on CUDA streams. Always built; every test
// skips with the reason when there is no CUDA driver or device. All suites
// have "Cuda" in their names, so --gtest_filter='*Cuda*' selects them.
//
//===----------------------------------------------------------------------===//

#include "CApiTestSupport.h"
#include "QuantizeTestSupport.h"

#include "KernelCatalog.h"
#include "baracuda/Support/EmbeddedCudaImage.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/CudaDriver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace baracuda::test {
namespace {

/// Device copies of a problem's operands, the output poisoned and guarded.
struct DeviceOperands {
  CudaBuffer input, scale, zeroPoint, output;

  static Result<DeviceOperands>
  upload(const QuantizeProblem &problem, uint8_t poison,
         CudaMemoryKind kind = CudaMemoryKind::Device) {
    auto allocate = [&](size_t bytes) {
      return CudaBuffer::allocate(bytes, kind);
    };
    Result<CudaBuffer> input = allocate(problem.input.size());
    Result<CudaBuffer> scale = allocate(problem.scale.size());
    Result<CudaBuffer> zeroPoint = allocate(problem.zeroPoint.size() * 4);
    Result<CudaBuffer> output = allocate(problem.outputBytes() + kGuardBytes);
    for (const Status *status : {&input.status(), &scale.status(),
                                 &zeroPoint.status(), &output.status()})
      if (!status->ok())
        return *status;
    DeviceOperands operands{std::move(*input), std::move(*scale),
                            std::move(*zeroPoint), std::move(*output)};
    for (Status status :
         {operands.input.copyFromHost(problem.input.data(),
                                      problem.input.size()),
          operands.scale.copyFromHost(problem.scale.data(),
                                      problem.scale.size()),
          operands.zeroPoint.copyFromHost(problem.zeroPoint.data(),
                                          problem.zeroPoint.size() * 4),
          operands.output.fill(poison)})
      if (!status.ok())
        return status;
    return Result<DeviceOperands>(std::move(operands));
  }

  /// The output, after checking the guard bytes kept `poison`.
  Result<std::vector<uint8_t>> download(const QuantizeProblem &problem,
                                        uint8_t poison) const {
    std::vector<uint8_t> bytes(output.bytes());
    Status status = output.copyToHost(bytes.data(), bytes.size());
    if (!status.ok())
      return status;
    for (size_t i = problem.outputBytes(); i < bytes.size(); ++i)
      if (bytes[i] != poison)
        return internalError("the kernel wrote past the output, at byte " +
                             std::to_string(i));
    bytes.resize(problem.outputBytes());
    return bytes;
  }
};

/// Runs the typed plan on `stream` (nullptr: the default stream).
Result<std::vector<uint8_t>> runOnCuda(
    const QuantizeProblem &problem, uint8_t poison, CUstream stream,
    PlanPreference preference = PlanPreference::Default,
    std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin(),
    CudaMemoryKind kind = CudaMemoryKind::Device) {
  Result<DeviceOperands> operands =
      DeviceOperands::upload(problem, poison, kind);
  if (!operands)
    return operands.status();
  Status status =
      runTypedPlan(Stream::cuda(stream), problem, operands->input.data(),
                   operands->scale.data(),
                   static_cast<const int32_t *>(operands->zeroPoint.data()),
                   operands->output.data(), preference, std::move(library));
  if (!status.ok())
    return status;
  const CudaDriver &driver = *CudaDriver::get();
  if (CUresult result = driver.cuStreamSynchronize(stream))
    return cudaError(driver, result, "cuStreamSynchronize after the kernel");
  return operands->download(problem, poison);
}

// --- Bit-exact matrix ---------------------------------------------------===//

template <typename Pair>
class QuantizePerGroupCudaTest : public ::testing::Test {
protected:
  void SetUp() override {
    BARACUDA_REQUIRE_CUDA_DEVICE();
    Result<CudaStream> created = CudaStream::create();
    ASSERT_TRUE(created.ok()) << created.status().message();
    stream_.emplace(std::move(*created));
  }
  CUstream stream() const { return stream_->get(); }

  /// The bit-exact matrix through plans selected with `preference`.
  void expectMatrixMatchesReferenceWith(PlanPreference preference) const {
    CUstream stream = this->stream();
    expectMatrixMatchesReference(
        kIn, kOut,
        [stream, preference](const QuantizeProblem &problem, uint8_t poison) {
          return runOnCuda(problem, poison, stream, preference);
        });
  }

  static constexpr ElementKind kIn = elementKindOf<typename Pair::Input>;
  static constexpr ElementKind kOut = elementKindOf<typename Pair::Output>;
  std::optional<CudaStream> stream_;
};
TYPED_TEST_SUITE(QuantizePerGroupCudaTest, AllQuantizePairs, QuantizePairNames);

TYPED_TEST(QuantizePerGroupCudaTest, MatrixMatchesReference) {
  this->expectMatrixMatchesReferenceWith(PlanPreference::Default);
}

TYPED_TEST(QuantizePerGroupCudaTest, GenericVariantMatrixMatchesReference) {
  this->expectMatrixMatchesReferenceWith(PlanPreference::PreferGeneric);
}

// Small problems take the narrow vectorized kernels under Default (the size
// class); this runs the wide ones on the same matrix.
TYPED_TEST(QuantizePerGroupCudaTest, WidestVariantMatrixMatchesReference) {
  this->expectMatrixMatchesReferenceWith(PlanPreference::PreferWidestVectors);
}

TYPED_TEST(QuantizePerGroupCudaTest, DefaultStreamMatchesReference) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem =
      randomProblem(this->kIn, this->kOut, "default stream", 5, 1024, 128,
                    quantRanges(this->kOut)[0].first,
                    quantRanges(this->kOut)[0].second, random);
  expectMatchesReference(problem, [](const QuantizeProblem &p, uint8_t poison) {
    return runOnCuda(p, poison, /*stream=*/nullptr);
  });
}

// Managed and pinned host memory are device-accessible: accepted and right.
TYPED_TEST(QuantizePerGroupCudaTest, ManagedAndPinnedMemoryMatchReference) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem =
      randomProblem(this->kIn, this->kOut, "managed", 3, 256, 32,
                    quantRanges(this->kOut)[1].first,
                    quantRanges(this->kOut)[1].second, random);
  CUstream stream = this->stream();
  for (CudaMemoryKind kind :
       {CudaMemoryKind::Managed, CudaMemoryKind::PinnedHost})
    expectMatchesReference(
        problem, [stream, kind](const QuantizeProblem &p, uint8_t poison) {
          return runOnCuda(p, poison, stream, PlanPreference::Default,
                           KernelLibrary::builtin(), kind);
        });
}

// A library made from the embedded image bytes (as baracuda-run makes one
// from a user-compiled module) runs the same kernels.
TYPED_TEST(QuantizePerGroupCudaTest, ExternalImageLibraryMatchesReference) {
  const EmbeddedCudaImage *best = nullptr;
  for (size_t i = 0; i < kNumEmbeddedCudaImages; ++i)
    if (kEmbeddedCudaImages[i].smVersion <= sharedDevice()->smVersion() &&
        (!best || kEmbeddedCudaImages[i].smVersion > best->smVersion))
      best = &kEmbeddedCudaImages[i];
  ASSERT_NE(best, nullptr) << "no embedded image fits the device";
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCudaImage(best->data, best->size);
  ASSERT_TRUE(library.ok()) << library.status().message();
  std::shared_ptr<const KernelLibrary> shared = *library;
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem =
      randomProblem(this->kIn, this->kOut, "external image", 4, 512, 64,
                    quantRanges(this->kOut)[0].first,
                    quantRanges(this->kOut)[0].second, random);
  CUstream stream = this->stream();
  expectMatchesReference(
      problem, [stream, shared](const QuantizeProblem &p, uint8_t poison) {
        return runOnCuda(p, poison, stream, PlanPreference::Default, shared);
      });
}

// --- The plan's CUDA contract -------------------------------------------===//

class QuantizePlanCudaTest : public ::testing::Test {
protected:
  void SetUp() override { BARACUDA_REQUIRE_CUDA_DEVICE(); }

  static QuantizePerGroupDescriptor descriptor() {
    return QuantizePerGroupDescriptor{4, 256, 128, -128, 127};
  }
  using Plan = QuantizePerGroupPlan<float, int8_t>;

  static QuantizePerGroupArgs<float, int8_t> args(const DeviceOperands &d) {
    QuantizePerGroupArgs<float, int8_t> a;
    a.input = {static_cast<const float *>(d.input.data()), {4, 256}};
    a.scale = {static_cast<const float *>(d.scale.data()), {4, 2}};
    a.zero_point = {static_cast<const int32_t *>(d.zeroPoint.data()), {4, 2}};
    a.output = {static_cast<int8_t *>(d.output.data()), {4, 256}};
    return a;
  }
  static QuantizeProblem problem() {
    std::mt19937_64 random(testSeed());
    return randomProblem(ElementKind::F32, ElementKind::S8, "plan", 4, 256, 128,
                         -128, 127, random);
  }
};

// The catalog names exactly what the builtin library holds: a name it lacks
// would be looked up in vain on every load (an API error compute-sanitizer
// reports) and its variant never run.
TEST_F(QuantizePlanCudaTest, BuiltinLibraryHasEveryCatalogKernel) {
  Result<const LoadedCudaModule *> loaded =
      KernelLibrary::builtin()->cudaModule(sharedDevice()->context());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  ASSERT_EQ((*loaded)->functions.size(), catalog.size());
  std::vector<std::string> missing;
  for (size_t id = 0; id < catalog.size(); ++id)
    if (!(*loaded)->functions[id])
      missing.push_back(catalog[id].gpuName);
  EXPECT_TRUE(missing.empty())
      << missing.size() << " catalog kernels missing, e.g. " << missing[0];
}

TEST_F(QuantizePlanCudaTest, SkuReportsTheLoadedImage) {
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  KernelSku sku = plan->sku();
  ArchSku expected =
      sharedDevice()->smVersion() >= 90 ? ArchSku::Sm90 : ArchSku::Sm80;
  EXPECT_EQ(sku.arch, expected) << to_string(sku);
  EXPECT_EQ(sku.backend, BackendKind::Generated);
  // 4x256 f32 is far below a wave of the wide kernel: the narrow one.
  EXPECT_TRUE(sku.variant == "generic" || sku.variant == "vec4");
  std::printf("[ sku      ] %s on %s (sm_%d, %d SMs)\n", to_string(sku).c_str(),
              sharedDevice()->name().c_str(), sharedDevice()->smVersion(),
              sharedDevice()->multiprocessorCount());
  Result<Plan> generic = Plan::select(Stream::cuda(nullptr), descriptor(),
                                      PlanPreference::PreferGeneric);
  ASSERT_TRUE(generic.ok());
  EXPECT_EQ(generic->sku().variant, "generic");
}

// A plain host pointer is refused with a message, and the context survives.
TEST_F(QuantizePlanCudaTest, HostPointerIsRejected) {
  QuantizeProblem p = problem();
  Result<DeviceOperands> device = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(device.ok());
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor());
  ASSERT_TRUE(plan.ok());
  std::vector<float> hostInput(4 * 256, 1.0f);
  QuantizePerGroupArgs<float, int8_t> a = args(*device);
  a.input.data = hostInput.data();
  Status status = plan->can_implement(a);
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(status.message(), "quantize_per_group: input pointer"));
  EXPECT_TRUE(contains(status.message(), "host memory the GPU cannot access"));
  EXPECT_EQ(plan->run(Stream::cuda(nullptr), {}, a).code(),
            StatusCode::InvalidProblem);
  // The context is still healthy: a correct run works.
  Result<std::vector<uint8_t>> output = runOnCuda(p, 0x5A, nullptr);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(bitExact(p, *output, referenceOutput(p)));
}

TEST_F(QuantizePlanCudaTest, MisalignedDevicePointerIsRejected) {
  QuantizeProblem p = problem();
  Result<DeviceOperands> device = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(device.ok());
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor(),
                                   PlanPreference::PreferGeneric);
  ASSERT_TRUE(plan.ok());
  QuantizePerGroupArgs<float, int8_t> a = args(*device);
  a.scale.data = reinterpret_cast<const float *>(device->scale.address() + 2);
  Status status = plan->can_implement(a);
  EXPECT_EQ(status.code(), StatusCode::MisalignedOperand);
  EXPECT_TRUE(contains(status.message(), "scale pointer"));
}

// Operands that are element-aligned but miss the vectorized variant's 16
// bytes are accepted and run by the generic variant, with the same bits.
TEST_F(QuantizePlanCudaTest, VectorMisalignedOperandsRunGeneric) {
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor());
  ASSERT_TRUE(plan.ok());
  // The builtin library has the vectorized kernels: a plan without them is
  // a regression, not a reason to skip.
  ASSERT_EQ(plan->sku().variant, "vec4");
  QuantizeProblem p = problem();
  QuantizeProblem shifted = p; // One float of padding before the input.
  shifted.input.insert(shifted.input.begin(), sizeof(float), 0);
  Result<DeviceOperands> device = DeviceOperands::upload(shifted, 0xA5);
  ASSERT_TRUE(device.ok());
  QuantizePerGroupArgs<float, int8_t> aligned = args(*device);
  EXPECT_EQ(plan->sku_for(aligned).variant, "vec4");
  QuantizePerGroupArgs<float, int8_t> a = aligned;
  a.input.data = reinterpret_cast<const float *>(device->input.address() + 4);
  EXPECT_TRUE(plan->can_implement(a).ok());
  EXPECT_EQ(plan->sku_for(a).variant, "generic");
  ASSERT_TRUE(plan->run(Stream::cuda(nullptr), {}, a).ok());
  ASSERT_EQ(CudaDriver::get()->cuCtxSynchronize(), CUDA_SUCCESS);
  Result<std::vector<uint8_t>> output = device->download(p, 0xA5);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(bitExact(p, *output, referenceOutput(p)));
}

// The variant chain of an f16 plan: the wide kernel ("vec16", or
// "vec16-ring" where the device prefers rings) for a problem
// of more than a wave of its threads, the narrow one ("vec8") when the
// output is only 8-byte aligned, the generic one when it is only 1-byte
// aligned; a small problem starts at the narrow one unless
// PreferWidestVectors. Every run gives the reference's bits.
TEST_F(QuantizePlanCudaTest, F16VariantsFollowSizeClassAndAlignment) {
  // 2048 threads per multiprocessor bounds a wave on sm_80 and sm_90.
  const int64_t waveElements =
      int64_t{sharedDevice()->multiprocessorCount()} * 2048 * 16;
  constexpr int32_t kAxis = 4096;
  const auto rows = int32_t(waveElements / kAxis + 1);
  std::mt19937_64 random(testSeed());
  QuantizeProblem large =
      randomProblem(ElementKind::F16, ElementKind::S8, "f16 above a wave", rows,
                    kAxis, 128, -128, 127, random);
  using F16Plan = QuantizePerGroupPlan<Half, int8_t>;
  Result<F16Plan> plan = F16Plan::select(Stream::cuda(nullptr), large.desc);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  // The wide kernel, or its ring variant on a GPU whose memory bandwidth
  // per SM asks for it (KernelAbi.h's familyPrefersAsyncRings: an H200, not
  // an H100), which the size class and alignment treat alike.
  Result<const LoadedCudaModule *> module =
      KernelLibrary::builtin()->cudaModule(sharedDevice()->context());
  ASSERT_TRUE(module.ok()) << module.status().message();
  const char *wide = (*module)->launchesAsyncRings ? "vec16-ring" : "vec16";
  // The builtin library has the vectorized kernels: a plan without them is
  // a regression, not a reason to skip.
  ASSERT_EQ(plan->sku().variant, wide);

  // The output buffer's guard bytes leave room to shift the output.
  Result<DeviceOperands> device = DeviceOperands::upload(large, 0xA5);
  ASSERT_TRUE(device.ok()) << device.status().message();
  const std::vector<uint8_t> expected = referenceOutput(large);
  auto argsAt = [&](size_t outputShift) {
    QuantizePerGroupArgs<Half, int8_t> a;
    int64_t groups = large.desc.num_groups();
    a.input = {static_cast<const Half *>(device->input.data()), {rows, kAxis}};
    a.scale = {static_cast<const Half *>(device->scale.data()), {rows, groups}};
    a.zero_point = {static_cast<const int32_t *>(device->zeroPoint.data()),
                    {rows, groups}};
    a.output = {
        reinterpret_cast<int8_t *>(device->output.address() + outputShift),
        {rows, kAxis}};
    return a;
  };
  struct Case {
    size_t outputShift;
    const char *variant;
  };
  for (Case c : {Case{0, wide}, Case{8, "vec8"}, Case{1, "generic"}}) {
    SCOPED_TRACE(c.variant);
    QuantizePerGroupArgs<Half, int8_t> a = argsAt(c.outputShift);
    EXPECT_EQ(plan->sku_for(a).variant, c.variant);
    ASSERT_TRUE(device->output.fill(0xA5).ok());
    ASSERT_TRUE(plan->run(Stream::cuda(nullptr), {}, a).ok());
    ASSERT_EQ(CudaDriver::get()->cuCtxSynchronize(), CUDA_SUCCESS);
    std::vector<uint8_t> bytes(device->output.bytes());
    ASSERT_TRUE(device->output.copyToHost(bytes.data(), bytes.size()).ok());
    // Poison before and after the shifted output: nothing written outside.
    for (size_t i = 0; i < c.outputShift; ++i)
      ASSERT_EQ(bytes[i], 0xA5) << "byte " << i << " before the output";
    for (size_t i = c.outputShift + expected.size(); i < bytes.size(); ++i)
      ASSERT_EQ(bytes[i], 0xA5) << "byte " << i << " after the output";
    std::vector<uint8_t> output(bytes.begin() + c.outputShift,
                                bytes.begin() + c.outputShift +
                                    expected.size());
    EXPECT_TRUE(bitExact(large, output, expected));
  }

  QuantizeProblem small =
      randomProblem(ElementKind::F16, ElementKind::S8, "f16 16x4096", 16, kAxis,
                    128, -128, 127, random);
  Result<F16Plan> smallPlan =
      F16Plan::select(Stream::cuda(nullptr), small.desc);
  ASSERT_TRUE(smallPlan.ok());
  EXPECT_EQ(smallPlan->sku().variant, "vec8");
  Result<F16Plan> widest = F16Plan::select(Stream::cuda(nullptr), small.desc,
                                           PlanPreference::PreferWidestVectors);
  ASSERT_TRUE(widest.ok());
  EXPECT_EQ(widest->sku().variant, wide);
}

TEST_F(QuantizePlanCudaTest, CudaPlanRefusesCpuStream) {
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor());
  ASSERT_TRUE(plan.ok());
  QuantizeProblem p = problem();
  Result<DeviceOperands> device = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(device.ok());
  Status status = plan->run(Stream::cpu(), {}, args(*device));
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(status.message(), "selected for cuda"));
}

// CPU plans refuse device-only memory once libcuda is in the process.
TEST_F(QuantizePlanCudaTest, CpuPlanRefusesDeviceMemory) {
  QuantizeProblem p = problem();
  Result<DeviceOperands> device = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(device.ok());
  Result<Plan> plan = Plan::select(Stream::cpu(), descriptor());
  ASSERT_TRUE(plan.ok());
  Status status = plan->run(Stream::cpu(), {}, args(*device));
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(status.message(), "is CUDA device memory"));
}

TEST_F(QuantizePlanCudaTest, DefaultStreamNeedsCurrentContext) {
  Status status;
  std::thread([&] {
    // A new thread has no current context.
    status = Plan::select(Stream::cuda(nullptr), descriptor()).status();
  }).join();
  EXPECT_EQ(status.code(), StatusCode::Internal);
  EXPECT_TRUE(contains(status.message(), "needs a current CUDA context"));
}

// A stream created in a context runs from a thread where no context (or
// another one) is current: the runtime uses the stream's context.
TEST_F(QuantizePlanCudaTest, StreamContextIsUsedFromAnyThread) {
  Result<CudaStream> stream = CudaStream::create();
  ASSERT_TRUE(stream.ok());
  QuantizeProblem p = problem();
  Result<DeviceOperands> device = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(device.ok());
  Status status;
  CUstream raw = stream->get();
  std::thread([&] {
    Result<Plan> plan = Plan::select(Stream::cuda(raw), descriptor());
    status =
        plan ? plan->run(Stream::cuda(raw), {}, args(*device)) : plan.status();
  }).join();
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_TRUE(stream->synchronize().ok());
  Result<std::vector<uint8_t>> output = device->download(p, 0xA5);
  ASSERT_TRUE(output.ok());
  EXPECT_TRUE(bitExact(p, *output, referenceOutput(p)));
}

TEST_F(QuantizePlanCudaTest, GarbageImageIsReported) {
  const char garbage[] = "this is neither PTX nor a cubin";
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCudaImage(garbage, sizeof(garbage));
  ASSERT_TRUE(library.ok());
  Result<Plan> plan = Plan::select(Stream::cuda(nullptr), descriptor(),
                                   PlanPreference::Default, *library);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().code(), StatusCode::Success);
  EXPECT_TRUE(contains(plan.status().message(), "cuModuleLoadData of CUDA "
                                                "image (32 bytes)"));
  // The context is still usable.
  EXPECT_TRUE(Plan::select(Stream::cuda(nullptr), descriptor()).ok());
}

// --- The C ABI on CUDA streams ------------------------------------------===//

class CApiCudaTest : public ::testing::TestWithParam<CQuantizeEntryPoints> {
protected:
  void SetUp() override { BARACUDA_REQUIRE_CUDA_DEVICE(); }

  QuantizeProblem problem() const {
    std::mt19937_64 random(testSeed());
    ElementKind out = GetParam().output;
    return randomProblem(GetParam().input, out, "C ABI on CUDA", 6, 512, 64,
                         quantRanges(out)[0].first, quantRanges(out)[0].second,
                         random);
  }
  static int32_t run(const CQuantizeEntryPoints &entry,
                     const QuantizeProblem &p, const void *input,
                     const void *scale, const void *zeroPoint, void *output,
                     void *stream) {
    const QuantizePerGroupDescriptor &d = p.desc;
    return entry.run(d.outer_size, d.axis_size, d.group_size, d.q_min, d.q_max,
                     input, scale, zeroPoint, output, nullptr, 0, stream);
  }
  static int32_t canImplement(const CQuantizeEntryPoints &entry,
                              const QuantizeProblem &p, const void *input,
                              const void *scale, const void *zeroPoint,
                              void *output) {
    const QuantizePerGroupDescriptor &d = p.desc;
    return entry.canImplement(d.outer_size, d.axis_size, d.group_size, d.q_min,
                              d.q_max, input, scale, zeroPoint, output);
  }
};

INSTANTIATE_TEST_SUITE_P(AllPairs, CApiCudaTest,
                         ::testing::ValuesIn(allCQuantizeEntryPoints()),
                         CQuantizeEntryPointNames());

TEST_P(CApiCudaTest, RunOnStreamMatchesReference) {
  QuantizeProblem p = problem();
  Result<CudaStream> stream = CudaStream::create();
  ASSERT_TRUE(stream.ok());
  for (uint8_t poison : kPoisonBytes) {
    Result<DeviceOperands> d = DeviceOperands::upload(p, poison);
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(canImplement(GetParam(), p, d->input.data(), d->scale.data(),
                           d->zeroPoint.data(), d->output.data()),
              BARACUDA_KERNELS_SUCCESS)
        << baracuda_kernels_last_error_message();
    ASSERT_EQ(run(GetParam(), p, d->input.data(), d->scale.data(),
                  d->zeroPoint.data(), d->output.data(), stream->get()),
              BARACUDA_KERNELS_SUCCESS)
        << baracuda_kernels_last_error_message();
    EXPECT_STREQ(baracuda_kernels_last_error_message(), "");
    ASSERT_TRUE(stream->synchronize().ok());
    Result<std::vector<uint8_t>> output = d->download(p, poison);
    ASSERT_TRUE(output.ok()) << output.status().message();
    EXPECT_TRUE(bitExact(p, *output, referenceOutput(p)));
  }
}

// Element-aligned pointers that miss the vectorized variant's 16 bytes still
// run (the C ABI falls back to the generic kernel).
TEST_P(CApiCudaTest, ElementAlignedOffsetsRun) {
  QuantizeProblem p = problem();
  size_t element = elementKindSize(GetParam().input);
  QuantizeProblem shifted = p; // Same data, one element of padding in front.
  shifted.input.insert(shifted.input.begin(), element, 0);
  Result<DeviceOperands> d = DeviceOperands::upload(shifted, 0xA5);
  ASSERT_TRUE(d.ok());
  Result<CudaBuffer> output = CudaBuffer::allocate(p.outputBytes() + 1);
  ASSERT_TRUE(output.ok());
  ASSERT_TRUE(output->fill(0xA5).ok());
  void *outputAt1 = reinterpret_cast<void *>(output->address() + 1);
  ASSERT_EQ(run(GetParam(), p,
                reinterpret_cast<void *>(d->input.address() + element),
                d->scale.data(), d->zeroPoint.data(), outputAt1, nullptr),
            BARACUDA_KERNELS_SUCCESS)
      << baracuda_kernels_last_error_message();
  ASSERT_EQ(CudaDriver::get()->cuCtxSynchronize(), CUDA_SUCCESS);
  std::vector<uint8_t> bytes(p.outputBytes() + 1);
  ASSERT_TRUE(output->copyToHost(bytes.data(), bytes.size()).ok());
  EXPECT_EQ(bytes[0], 0xA5);
  bytes.erase(bytes.begin());
  EXPECT_TRUE(bitExact(p, bytes, referenceOutput(p)));
}

TEST_P(CApiCudaTest, HostPointersAreRejected) {
  QuantizeProblem p = problem();
  Result<DeviceOperands> d = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(d.ok());
  std::vector<uint8_t> hostOutput(p.outputBytes(), 0xA5);
  EXPECT_EQ(run(GetParam(), p, d->input.data(), d->scale.data(),
                d->zeroPoint.data(), hostOutput.data(), nullptr),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(
      contains(baracuda_kernels_last_error_message(), "output pointer"));
  // can_implement sees host-only output with device-only inputs: a mix.
  EXPECT_EQ(canImplement(GetParam(), p, d->input.data(), d->scale.data(),
                         d->zeroPoint.data(), hostOutput.data()),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(baracuda_kernels_last_error_message(),
                       "operands mix host-only memory (output) and CUDA "
                       "device-only memory (input)"));
  // All-host operands on a CUDA stream: rejected; on the CPU: fine.
  EXPECT_EQ(run(GetParam(), p, p.input.data(), p.scale.data(),
                p.zeroPoint.data(), hostOutput.data(), nullptr),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_EQ(canImplement(GetParam(), p, p.input.data(), p.scale.data(),
                         p.zeroPoint.data(), hostOutput.data()),
            BARACUDA_KERNELS_SUCCESS);
  EXPECT_EQ(run(GetParam(), p, p.input.data(), p.scale.data(),
                p.zeroPoint.data(), hostOutput.data(), BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_SUCCESS);
  // Device memory on the CPU stream: rejected, nothing touched.
  EXPECT_EQ(run(GetParam(), p, d->input.data(), d->scale.data(),
                d->zeroPoint.data(), d->output.data(), BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_EQ(CudaDriver::get()->cuCtxSynchronize(), CUDA_SUCCESS);
}

// Status 5: the default stream with no context current on the thread.
TEST_P(CApiCudaTest, DefaultStreamWithoutContextIsAnError) {
  QuantizeProblem p = problem();
  Result<DeviceOperands> d = DeviceOperands::upload(p, 0xA5);
  ASSERT_TRUE(d.ok());
  int32_t status = -1;
  std::string message;
  std::thread([&] {
    status = run(GetParam(), p, d->input.data(), d->scale.data(),
                 d->zeroPoint.data(), d->output.data(), nullptr);
    message = baracuda_kernels_last_error_message();
  }).join();
  EXPECT_EQ(status, BARACUDA_KERNELS_INTERNAL_ERROR);
  EXPECT_TRUE(contains(message, "needs a current CUDA context"));
  Result<std::vector<uint8_t>> output = d->download(p, 0xA5);
  ASSERT_TRUE(output.ok());
  EXPECT_EQ(*output, std::vector<uint8_t>(p.outputBytes(), 0xA5));
}

// The host overhead of run() and of the C ABI's _run over a bare
// cuLaunchKernel is a measurement, not a pass/fail property: it lives in
// bench/cpp/LaunchOverheadBench.cpp (baracuda-launch-overhead-bench),
// whose numbers docs/Runtime.md quotes.

} // namespace
} // namespace baracuda::test
