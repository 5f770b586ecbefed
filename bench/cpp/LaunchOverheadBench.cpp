//===- LaunchOverheadBench.cpp - Host cost of a quantize_per_group launch -===//
//
// baracuda-launch-overhead-bench: what the runtime adds on the host to a
// kernel launch. For one small problem (f16 -> s8, [16 x 4096], group 128,
// device buffers) it times back-to-back calls of
//   (a) a bare driver cuLaunchKernel of the very kernel the plan picks (same
//       CUfunction, grid, block and 24 parameters as
//       UntypedQuantizePerGroupPlan::launchCuda),
//   (b) QuantizePerGroupPlan::run with a plan selected once,
//   (c) the C ABI baracuda_kernels_quantize_per_group_f16_s8_run,
// with std::chrono::steady_clock: N calls are timed as enqueue cost, the
// stream is synchronized only after the loop (reported separately as "per
// call incl. sync"). The three modes are sampled 5 times, interleaved so
// that clock or thermal drift hits all of them alike; medians are printed.
//
// Without a CUDA driver or device it prints a SKIP line and exits 0.
//
//===----------------------------------------------------------------------===//

#include "BenchSupport.h"

#include "baracuda/Support/KernelAbi.h"
#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/CudaDriver.h"
#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"
#include "baracuda/runtime/Stream.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace baracuda;
using namespace baracuda::bench;

namespace {

constexpr const char *kTool = "baracuda-launch-overhead-bench";
constexpr int32_t kRows = 16;
constexpr int32_t kCols = 4096;
constexpr int32_t kGroup = 128;
constexpr int32_t kGroupsPerRow = kCols / kGroup;
constexpr int32_t kQMin = -128;
constexpr int32_t kQMax = 127;
constexpr int kWarmUpCalls = 1000;
constexpr int kTimedCalls = 20000;
constexpr int kSamples = 5;

/// One timed sample of one mode, in microseconds per call.
struct Sample {
  double enqueue;
  double withSync;
};

/// Warms up, then times kTimedCalls back-to-back calls of `launch`. Only
/// the enqueue loop is timed as host cost; the final synchronize is added for
/// the "incl. sync" figure (it includes any wait for the GPU).
template <typename Launch>
Sample timeMode(const CudaStream &stream, Launch &&launch) {
  for (int i = 0; i < kWarmUpCalls; ++i)
    launch();
  check(kTool, stream.synchronize(), "cuStreamSynchronize after warm-up");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kTimedCalls; ++i)
    launch();
  auto enqueued = std::chrono::steady_clock::now();
  check(kTool, stream.synchronize(), "cuStreamSynchronize after timed calls");
  auto synced = std::chrono::steady_clock::now();
  using Micros = std::chrono::duration<double, std::micro>;
  return {Micros(enqueued - start).count() / kTimedCalls,
          Micros(synced - start).count() / kTimedCalls};
}

template <typename T> CudaBuffer upload(const std::vector<T> &host) {
  size_t bytes = host.size() * sizeof(T);
  Result<CudaBuffer> buffer = CudaBuffer::allocate(bytes);
  check(kTool, buffer.status(), "cuMemAlloc");
  check(kTool, buffer->copyFromHost(host.data(), bytes), "cuMemcpyHtoD");
  return std::move(buffer).value();
}

std::vector<uint8_t> download(const CudaBuffer &buffer) {
  std::vector<uint8_t> host(buffer.bytes());
  check(kTool, buffer.copyToHost(host.data(), host.size()), "cuMemcpyDtoH");
  return host;
}

} // namespace

int main() {
  if (std::optional<std::string> why = cudaUnavailableReason()) {
    std::printf("SKIP: no CUDA device: %s\n", why->c_str());
    return 0;
  }
  Result<CudaDevice> device = CudaDevice::open(0);
  check(kTool, device.status(), "opening CUDA device 0");
  const CudaDriver &driver = *CudaDriver::get(); // Loaded by open().

  // Ordinary data: the launch cost does not depend on it, but the check
  // below that all three modes agree is only meaningful on varied values.
  SplitMix64 random(0x1a0c4);
  std::vector<uint16_t> inputHost(size_t{kRows} * kCols);
  for (uint16_t &x : inputHost)
    x = floatToHalfBits(static_cast<float>(normalish(random)));
  std::vector<uint16_t> scaleHost(size_t{kRows} * kGroupsPerRow);
  std::vector<int32_t> zeroPointHost(scaleHost.size());
  for (size_t g = 0; g < scaleHost.size(); ++g) {
    scaleHost[g] = floatToHalfBits(static_cast<float>(0.05 + random.unit()));
    zeroPointHost[g] = static_cast<int32_t>(random.next() % 40) - 20;
  }
  CudaBuffer input = upload(inputHost);
  CudaBuffer scale = upload(scaleHost);
  CudaBuffer zeroPoint = upload(zeroPointHost);
  CudaBuffer output = upload(std::vector<int8_t>(size_t{kRows} * kCols));
  Result<CudaStream> stream = CudaStream::create();
  check(kTool, stream.status(), "cuStreamCreate");
  Stream planStream = Stream::cuda(stream->get());

  QuantizePerGroupDescriptor desc;
  desc.outer_size = kRows;
  desc.axis_size = kCols;
  desc.group_size = kGroup;
  desc.q_min = kQMin;
  desc.q_max = kQMax;
  desc.input_element = ElementKind::F16;
  desc.output_element = ElementKind::S8;
  using Plan = QuantizePerGroupPlan<Half, int8_t>;
  Result<Plan> plan = Plan::select(planStream, desc);
  check(kTool, plan.status(), "QuantizePerGroupPlan<Half, int8_t>::select");
  QuantizePerGroupArgs<Half, int8_t> args;
  args.input = {static_cast<const Half *>(input.data()), {kRows, kCols}};
  args.scale = {static_cast<const Half *>(scale.data()),
                {kRows, kGroupsPerRow}};
  args.zero_point = {static_cast<const int32_t *>(zeroPoint.data()),
                     {kRows, kGroupsPerRow}};
  args.output = {static_cast<int8_t *>(output.data()), {kRows, kCols}};
  check(kTool, plan->can_implement(args), "can_implement");

  // --- The plan's kernel, found through the public API -------------------
  // sku_for() names the variant run() launches for these operands; the
  // KernelAbi.h name of that variant identifies its KernelId in the loaded
  // module, which also holds the occupancy the plan sizes its grid with.
  KernelSku sku = plan->sku_for(args);
  int vectorWidth = 0;
  if (sku.variant == "generic")
    vectorWidth = 1;
  for (int width : {quantizePerGroupWideVectorWidth(desc.input_element),
                    quantizePerGroupVectorWidth(desc.input_element)})
    if (sku.variant == "vec" + std::to_string(width))
      vectorWidth = width;
  if (vectorWidth == 0)
    fatal(kTool, "unknown kernel variant '" + std::string(sku.variant) +
                     "': this benchmark mirrors launchCuda's grid sizing "
                     "for 'generic' and 'vec<width>' only");
  std::string kernelName =
      familyKernelName(FamilyOp::Quantize, /*perTensor=*/false,
                       desc.input_element, desc.output_element, vectorWidth);
  Result<const LoadedCudaModule *> module =
      KernelLibrary::builtin()->cudaModule(device->context());
  check(kTool, module.status(), "KernelLibrary::cudaModule");
  const LoadedCudaModule &loaded = **module;
  CUfunction function = nullptr;
  int residentBlocks = 0;
  for (KernelId id = 0; id < loaded.functions.size(); ++id)
    if (KernelLibrary::kernelName(id) == kernelName) {
      function = loaded.functions[id];
      residentBlocks = loaded.residentBlocksPerMultiprocessor[id];
    }
  if (!function)
    fatal(kTool, "the loaded module has no kernel " + kernelName);
  CUfunction byName = nullptr;
  if (CUresult result = driver.cuModuleGetFunction(&byName, loaded.module,
                                                   kernelName.c_str()))
    check(kTool, cudaError(driver, result, "cuModuleGetFunction"),
          kernelName.c_str());
  if (byName != function)
    fatal(kTool, "cuModuleGetFunction(" + kernelName +
                     ") differs from the plan's CUfunction");

  // Grid sizing as in launchCuda.
  int64_t elements = int64_t{kRows} * kCols;
  auto blocks = static_cast<unsigned>(
      quantizePerGroupGridBlocks(vectorWidth, elements,
                                 loaded.multiprocessorCount, residentBlocks));

  // The 25 parameters of KernelAbi.h: 4 memrefs x (allocated, aligned,
  // offset, size, stride), then num_elements, block (the group size),
  // period (the number of groups), q_min, q_max.
  CUdeviceptr in = input.address(), sc = scale.address(),
              zp = zeroPoint.address(), out = output.address();
  int64_t zero = 0, one = 1, groups = int64_t{kRows} * kGroupsPerRow;
  int64_t groupSize = kGroup;
  int32_t qMin = kQMin, qMax = kQMax;
  void *params[] = {&in,       &in,        &zero,   &elements, &one,
                    &sc,       &sc,        &zero,   &groups,   &one,
                    &zp,       &zp,        &zero,   &groups,   &one,
                    &out,      &out,       &zero,   &elements, &one,
                    &elements, &groupSize, &groups, &qMin,     &qMax};
  static_assert(sizeof(params) / sizeof(params[0]) == 25,
                "KernelAbi.h: 4 memrefs x 5 + 5 scalars");

  CUstream cuStream = stream->get();
  auto bareLaunch = [&] {
    if (CUresult result = driver.cuLaunchKernel(
            function, blocks, 1, 1, familyThreadsPerBlock(FamilyOp::Quantize),
            1, 1,
            /*sharedMemBytes=*/0, cuStream, params, /*extra=*/nullptr))
      check(kTool, cudaError(driver, result, "cuLaunchKernel"),
            kernelName.c_str());
  };
  auto planRun = [&] {
    check(kTool, plan->run(planStream, {}, args), "plan.run");
  };
  auto cApiRun = [&] {
    if (int32_t status = baracuda_kernels_quantize_per_group_f16_s8_run(
            kRows, kCols, kGroup, kQMin, kQMax, input.data(), scale.data(),
            zeroPoint.data(), output.data(), /*workspace=*/nullptr, 0,
            cuStream))
      fatal(kTool, "baracuda_kernels_quantize_per_group_f16_s8_run: status " +
                       std::to_string(status) + ": " +
                       baracuda_kernels_last_error_message());
  };

  // The three modes must compute the same thing, or the comparison is void.
  std::vector<std::vector<uint8_t>> results;
  for (int mode = 0; mode < 3; ++mode) {
    check(kTool, output.fill(static_cast<uint8_t>(0xA5 + mode)), "cuMemsetD8");
    if (mode == 0)
      bareLaunch();
    else if (mode == 1)
      planRun();
    else
      cApiRun();
    check(kTool, stream->synchronize(), "cuStreamSynchronize");
    results.push_back(download(output));
  }
  if (results[0] != results[1] || results[0] != results[2])
    fatal(kTool, "bare launch, plan.run and the C ABI wrote different "
                 "outputs");

  std::vector<Sample> samples[3];
  for (int sample = 0; sample < kSamples; ++sample) {
    samples[0].push_back(timeMode(*stream, bareLaunch));
    samples[1].push_back(timeMode(*stream, planRun));
    samples[2].push_back(timeMode(*stream, cApiRun));
  }

  std::printf("# baracuda-launch-overhead-bench: %s (sm_%d, %d SMs), %s\n",
              device->name().c_str(), device->smVersion(),
              device->multiprocessorCount(), today().c_str());
  std::printf("# quantize_per_group f16->s8 [%d x %d], group %d, device "
              "buffers; kernel %s (%s), grid %u x %d\n",
              kRows, kCols, kGroup, kernelName.c_str(),
              std::string(sku.variant).c_str(), blocks,
              familyThreadsPerBlock(FamilyOp::Quantize));
  std::printf("# host time per call over %d back-to-back calls (after %d "
              "warm-up calls), median of %d interleaved samples\n\n",
              kTimedCalls, kWarmUpCalls, kSamples);
  std::printf("| mode | host us/call | over cuLaunchKernel us | per call "
              "incl. sync us |\n");
  std::printf("|---|---:|---:|---:|\n");
  const char *names[3] = {"cuLaunchKernel (bare)", "plan.run",
                          "C ABI _f16_s8_run"};
  double bare = 0;
  for (int mode = 0; mode < 3; ++mode) {
    std::vector<double> enqueue, withSync;
    for (const Sample &s : samples[mode]) {
      enqueue.push_back(s.enqueue);
      withSync.push_back(s.withSync);
    }
    double host = median(enqueue);
    if (mode == 0)
      bare = host;
    std::printf("| %s | %.3f | %+.3f | %.3f |\n", names[mode], host,
                host - bare, median(withSync));
  }

  // Where run()'s host time goes: the driver queries it makes per call,
  // each timed alone (median of kSamples loops of kTimedCalls calls).
  CUdeviceptr operands[4] = {in, sc, zp, out};
  auto pointerQueries = [&](int count) {
    return [&, count] {
      CUpointer_attribute attributes[] = {CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
                                          CU_POINTER_ATTRIBUTE_IS_MANAGED,
                                          CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL};
      for (CUdeviceptr operand : operands) {
        unsigned memoryType = 0, managed = 0;
        int ordinal = -1;
        void *values[] = {&memoryType, &managed, &ordinal};
        (void)driver.cuPointerGetAttributes(count, attributes, values, operand);
      }
    };
  };
  CUcontext context = device->context();
  auto timeQuery = [&](auto &&query) {
    std::vector<double> perCall;
    for (int sample = 0; sample < kSamples; ++sample) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kTimedCalls; ++i)
        query();
      std::chrono::duration<double, std::nano> elapsed =
          std::chrono::steady_clock::now() - start;
      perCall.push_back(elapsed.count() / kTimedCalls);
    }
    return median(perCall);
  };
  std::printf("\n| driver query (what run() pays per call) | ns/call |\n");
  std::printf("|---|---:|\n");
  std::printf("| 4 x cuPointerGetAttributes (type, managed) | %.0f |\n",
              timeQuery(pointerQueries(2)));
  std::printf("| 4 x cuPointerGetAttributes (type, managed, device) | %.0f "
              "|\n",
              timeQuery(pointerQueries(3)));
  std::printf("| cuStreamGetCtx | %.0f |\n", timeQuery([&] {
                CUcontext c = nullptr;
                (void)driver.cuStreamGetCtx(cuStream, &c);
              }));
  std::printf("| cuCtxGetId | %.0f |\n", timeQuery([&] {
                unsigned long long id = 0;
                if (driver.cuCtxGetId)
                  (void)driver.cuCtxGetId(context, &id);
              }));
  std::printf("| cuCtxGetCurrent | %.0f |\n", timeQuery([&] {
                CUcontext c = nullptr;
                (void)driver.cuCtxGetCurrent(&c);
              }));
  std::printf("| KernelLibrary::cudaModule (cached) | %.0f |\n", timeQuery([&] {
                (void)KernelLibrary::builtin()->cudaModule(context);
              }));
  return 0;
}
