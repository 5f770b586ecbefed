//===- CudaMultiDeviceTest.cpp - Several GPUs in one process
//---------------===//
//
// Issue 12: one process driving two GPUs, as a tensor-parallel server does.
// Each device runs on its own stream, also from one thread per device; an
// operand of another device than the stream's is rejected before launch
// (status 2, naming the operand and both devices) unless the stream's
// context has peer access to it; managed memory is accepted. Needs two CUDA
// devices: skips with the reason otherwise (scripts/device_check.sh runs it
// on the two-GPU machine).
//
//===----------------------------------------------------------------------===//

#include "CudaProblem.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace baracuda::test {
namespace {

/// Skips unless two CUDA devices are usable.
#define BARACUDA_REQUIRE_TWO_CUDA_DEVICES()                                    \
  do {                                                                         \
    if (std::optional<std::string> reason = cudaUnavailableReason())           \
      GTEST_SKIP() << *reason;                                                 \
    int count = 0;                                                             \
    ASSERT_EQ(CudaDriver::get()->cuDeviceGetCount(&count), CUDA_SUCCESS);      \
    if (count < 2)                                                             \
      GTEST_SKIP() << "needs two CUDA devices, this machine has " << count;    \
  } while (false)

/// Each device on its own stream, one thread per device, many runs each.
TEST(CudaMultiDeviceTest, EachDeviceOnItsOwnStreamFromItsOwnThread) {
  BARACUDA_REQUIRE_TWO_CUDA_DEVICES();
  std::atomic<int> failures{0};
  std::string messages[2];
  auto work = [&](int ordinal) {
    Result<CudaDevice> device = CudaDevice::open(ordinal);
    Result<CudaStream> stream =
        device ? CudaStream::create() : Result<CudaStream>(device.status());
    Result<DeviceProblem> p = stream ? DeviceProblem::make(100 + ordinal)
                                     : Result<DeviceProblem>(stream.status());
    if (!p) {
      messages[ordinal] = p.status().message();
      ++failures;
      return;
    }
    for (int i = 0; i < 200; ++i)
      if (int32_t status = p->run(stream->get())) {
        messages[ordinal] = "run " + std::to_string(i) + ": status " +
                            std::to_string(status) + ": " +
                            baracuda_kernels_last_error_message();
        ++failures;
        return;
      }
    if (!stream->synchronize().ok() || !p->matchesReference()) {
      messages[ordinal] = "wrong output on device " + std::to_string(ordinal);
      ++failures;
    }
  };
  std::thread first(work, 0), second(work, 1);
  first.join();
  second.join();
  EXPECT_EQ(failures.load(), 0) << messages[0] << " | " << messages[1];
}

/// Device 1's memory on a stream of device 0 without peer access: status 2
/// naming the operand and both devices, nothing launched; through the C ABI
/// _run, _can_implement (current context) and the C++ plan.
TEST(CudaMultiDeviceTest, OperandOfAnotherDeviceIsRejected) {
  BARACUDA_REQUIRE_TWO_CUDA_DEVICES();
  Result<CudaDevice> device1 = CudaDevice::open(1);
  ASSERT_TRUE(device1.ok()) << device1.status().message();
  Result<DeviceProblem> on1 = DeviceProblem::make(7);
  ASSERT_TRUE(on1.ok()) << on1.status().message();
  Result<CudaDevice> device0 = CudaDevice::open(0); // Current from here on.
  ASSERT_TRUE(device0.ok()) << device0.status().message();
  // Peer access may be on from an earlier test: this one needs it off.
  if (CudaDriver::get()->cuCtxDisablePeerAccess)
    (void)CudaDriver::get()->cuCtxDisablePeerAccess(device1->context());
  Result<CudaStream> stream0 = CudaStream::create();
  ASSERT_TRUE(stream0.ok());
  Result<DeviceProblem> on0 = DeviceProblem::make(8);
  ASSERT_TRUE(on0.ok()) << on0.status().message();

  // The input of device 1, the rest of device 0.
  EXPECT_EQ(on0->run(stream0->get(), DeviceProblem::ptr(on1->input)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  std::string message = baracuda_kernels_last_error_message();
  EXPECT_TRUE(contains(message, "input pointer")) << message;
  EXPECT_TRUE(contains(message, "memory of CUDA device 1")) << message;
  EXPECT_TRUE(contains(message, "run on device 0")) << message;
  EXPECT_TRUE(contains(message, "peer access")) << message;
  // All four of device 1 on device 0's stream: still rejected.
  EXPECT_EQ(on1->run(stream0->get()), BARACUDA_KERNELS_INVALID_PROBLEM);
  ASSERT_TRUE(stream0->synchronize().ok()) << "the context must stay usable";

  // Stream-less: against the current context (device 0).
  const QuantizePerGroupDescriptor &d = on1->problem.desc;
  EXPECT_EQ(baracuda_kernels_quantize_per_group_f32_s8_can_implement(
                d.outer_size, d.axis_size, d.group_size, d.q_min, d.q_max,
                DeviceProblem::ptr(on1->input), DeviceProblem::ptr(on1->scale),
                DeviceProblem::ptr(on1->zeroPoint),
                DeviceProblem::ptr(on1->output)),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(contains(baracuda_kernels_last_error_message(), "device 1"));

  // The C++ plan: run and can_implement.
  Result<QuantizePerGroupPlan<float, int8_t>> plan =
      QuantizePerGroupPlan<float, int8_t>::select(Stream::cuda(stream0->get()),
                                                  on0->problem.desc);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  std::array<int64_t, 2> io = {d.outer_size, d.axis_size};
  std::array<int64_t, 2> groups = {d.outer_size, d.num_groups()};
  QuantizePerGroupArgs<float, int8_t> args{
      {reinterpret_cast<const float *>(on0->input.address()), io},
      {reinterpret_cast<const float *>(on0->scale.address()), groups},
      {reinterpret_cast<const int32_t *>(on0->zeroPoint.address()), groups},
      {reinterpret_cast<int8_t *>(on1->output.address()), io}};
  Status rejected = plan->run(Stream::cuda(stream0->get()), Workspace{}, args);
  EXPECT_EQ(rejected.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(rejected.message(), "output pointer"))
      << rejected.message();
  EXPECT_EQ(plan->can_implement(args).code(), StatusCode::InvalidProblem);
  ASSERT_TRUE(stream0->synchronize().ok());
  // Nothing ran on device 1's output.
  std::vector<uint8_t> untouched(on1->problem.outputBytes());
  ASSERT_TRUE(on1->output.copyToHost(untouched.data(), untouched.size()).ok());
  for (uint8_t byte : untouched)
    ASSERT_EQ(byte, 0xA5);
}

/// With peer access from device 0's context to device 1's, device 1's
/// memory on device 0's stream runs, and gives the right answer; managed
/// memory runs on either device.
TEST(CudaMultiDeviceTest, PeerAccessAndManagedMemoryRun) {
  BARACUDA_REQUIRE_TWO_CUDA_DEVICES();
  const CudaDriver &cu = *CudaDriver::get();
  if (!cu.cuDeviceCanAccessPeer || !cu.cuCtxEnablePeerAccess)
    GTEST_SKIP() << "the driver lacks the peer-access entry points";
  int canAccess = 0;
  ASSERT_EQ(cu.cuDeviceCanAccessPeer(&canAccess, 0, 1), CUDA_SUCCESS);
  Result<CudaDevice> device1 = CudaDevice::open(1);
  ASSERT_TRUE(device1.ok());
  Result<DeviceProblem> on1 = DeviceProblem::make(9);
  ASSERT_TRUE(on1.ok()) << on1.status().message();
  Result<CudaDevice> device0 = CudaDevice::open(0);
  ASSERT_TRUE(device0.ok());
  Result<CudaStream> stream0 = CudaStream::create();
  ASSERT_TRUE(stream0.ok());

  // Managed memory (allocated with device 0 current) on device 1 and 0.
  Result<DeviceProblem> managed =
      DeviceProblem::make(10, CudaMemoryKind::Managed);
  ASSERT_TRUE(managed.ok()) << managed.status().message();
  EXPECT_EQ(managed->run(stream0->get()), BARACUDA_KERNELS_SUCCESS)
      << baracuda_kernels_last_error_message();
  ASSERT_TRUE(stream0->synchronize().ok());
  EXPECT_TRUE(managed->matchesReference());

  if (!canAccess)
    GTEST_SKIP() << "device 0 cannot access device 1's memory (no P2P)";
  CUresult enabled = cu.cuCtxEnablePeerAccess(device1->context(), 0);
  ASSERT_TRUE(enabled == CUDA_SUCCESS ||
              enabled == CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED)
      << cu.errorString(enabled);
  EXPECT_EQ(on1->run(stream0->get()), BARACUDA_KERNELS_SUCCESS)
      << baracuda_kernels_last_error_message();
  ASSERT_TRUE(stream0->synchronize().ok());
  EXPECT_TRUE(on1->matchesReference());
  // Off again: rejected again.
  ASSERT_EQ(cu.cuCtxDisablePeerAccess(device1->context()), CUDA_SUCCESS);
  EXPECT_EQ(on1->run(stream0->get()), BARACUDA_KERNELS_INVALID_PROBLEM)
      << "peer access was disabled";
}

} // namespace
} // namespace baracuda::test
