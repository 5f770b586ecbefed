//===- CudaBufferTest.cpp - CudaBuffer's transfers against streams ---------===//
//
// CudaBuffer's copies and fill are synchronous with every stream of their
// context, the non-blocking streams that plans' callers use included: each
// starts after the work queued before it and has finished when it returns.
// Each test queues a few long launches on a non-blocking stream and calls a
// transfer without synchronizing the stream first; a transfer that ran
// beside the kernels leaves a mixture. The fill test failed before the
// transfers waited (a memset of the legacy stream ran before the queued
// kernels: every element was theirs; H200, 3 of 3 runs,
// docs/bench/2026-11-28-h200-device-check-buffer-order.log); the copy tests
// passed then too (the driver's copies from and to pageable memory waited in
// practice) and hold the contract. Skipped without a CUDA device.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/QuantizeFamilyPlans.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace baracuda;
using namespace baracuda::test;

namespace {

using Plan = DequantizePerTensorBackwardPlan<float, int8_t>;

/// 128 MB of f32 each way: a launch takes tens of microseconds on any GPU
/// the project runs on, several of them far longer than a call's latency.
constexpr int64_t kElements = int64_t{1} << 25;
constexpr int kLaunches = 8;
constexpr float kScale = 2.0f;

/// d_input = d_output * kScale on a non-blocking stream, its d_output
/// uploaded as `dOutput` everywhere.
struct Launches {
  Result<CudaStream> stream = CudaStream::create();
  Result<CudaBuffer> dOutput = CudaBuffer::allocate(kElements * sizeof(float));
  Result<CudaBuffer> dInput = CudaBuffer::allocate(kElements * sizeof(float));

  void upload(float value) {
    std::vector<float> host(static_cast<size_t>(kElements), value);
    ASSERT_TRUE(dOutput->copyFromHost(host.data(), host.size() * sizeof(float))
                    .ok());
  }

  /// Queues kLaunches runs and returns without waiting for them.
  void queue() {
    ASSERT_TRUE(stream.ok()) << stream.status().message();
    Plan::Descriptor desc;
    desc.numel = kElements;
    desc.input_element = ElementKind::F32;
    desc.output_element = ElementKind::S8;
    Result<Plan> plan = Plan::select(Stream::cuda(stream->get()), desc);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    Plan::Args args;
    args.d_output = {static_cast<const float *>(dOutput->data()), {kElements}};
    args.scale = kScale;
    args.d_input = {static_cast<float *>(dInput->data()), {kElements}};
    for (int i = 0; i < kLaunches; ++i)
      ASSERT_TRUE(plan->run(Stream::cuda(stream->get()), {}, args).ok());
  }

  /// How many d_input elements differ from `want` in their bits.
  int64_t countOther(float want) {
    std::vector<float> host(static_cast<size_t>(kElements));
    EXPECT_TRUE(
        dInput->copyToHost(host.data(), host.size() * sizeof(float)).ok());
    int64_t other = 0;
    for (float v : host)
      other += std::memcmp(&v, &want, sizeof(v)) != 0;
    return other;
  }
};

TEST(CudaBufferTest, FillLandsAfterKernelsQueuedBeforeIt) {
  BARACUDA_REQUIRE_CUDA_DEVICE();
  Launches launches;
  ASSERT_TRUE(launches.dOutput.ok() && launches.dInput.ok());
  launches.upload(1.0f);
  launches.queue();
  ASSERT_TRUE(launches.dInput->fill(0xA5).ok());
  float poison;
  std::memset(&poison, 0xA5, sizeof(poison));
  EXPECT_EQ(launches.countOther(poison), 0)
      << "kernel output landed after the fill";
}

TEST(CudaBufferTest, CopyToHostWaitsForKernelsQueuedBeforeIt) {
  BARACUDA_REQUIRE_CUDA_DEVICE();
  Launches launches;
  ASSERT_TRUE(launches.dOutput.ok() && launches.dInput.ok());
  launches.upload(1.0f);
  ASSERT_TRUE(launches.dInput->fill(0xA5).ok());
  launches.queue();
  EXPECT_EQ(launches.countOther(1.0f * kScale), 0)
      << "copied before the kernels finished";
}

TEST(CudaBufferTest, CopyFromHostWaitsForKernelsReadingTheBuffer) {
  BARACUDA_REQUIRE_CUDA_DEVICE();
  Launches launches;
  ASSERT_TRUE(launches.dOutput.ok() && launches.dInput.ok());
  launches.upload(1.0f);
  launches.queue();
  launches.upload(3.0f); // Must wait: the queued kernels read 1.0.
  ASSERT_TRUE(launches.stream->synchronize().ok());
  EXPECT_EQ(launches.countOther(1.0f * kScale), 0)
      << "kernels read the next upload";
}

} // namespace
