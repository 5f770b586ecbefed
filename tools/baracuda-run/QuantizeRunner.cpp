//===- QuantizeRunner.cpp - Run one problem through the runtime's plan ----===//
//
// Goes through the typed plan, QuantizePerGroupPlan<TIn, TOut>, as an
// application would: one template instance per dtype pair, picked at run time
// from the descriptor.
//
//===----------------------------------------------------------------------===//

#include "QuantizeRunner.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <array>
#include <chrono>
#include <utility>

namespace baracuda::run {

namespace {

template <typename TIn, typename TOut>
QuantizePerGroupArgs<TIn, TOut> makeArgs(const QuantizePerGroupDescriptor &desc,
                                         const void *input, const void *scale,
                                         const void *zeroPoint, void *output) {
  std::array<int64_t, 2> io = {desc.outer_size, desc.axis_size};
  std::array<int64_t, 2> groups = {desc.outer_size, desc.num_groups()};
  QuantizePerGroupArgs<TIn, TOut> args;
  args.input = {static_cast<const TIn *>(input), io};
  args.scale = {static_cast<const TIn *>(scale), groups};
  args.zero_point = {static_cast<const int32_t *>(zeroPoint), groups};
  args.output = {static_cast<TOut *>(output), io};
  return args;
}

size_t outputBytes(const QuantizeProblem &problem) {
  return size_t(problem.numElements()) *
         elementKindSize(problem.desc.output_element);
}

template <typename TIn, typename TOut>
Result<QuantizeRunReport> runOnCpu(const QuantizeProblem &problem,
                                   std::shared_ptr<const KernelLibrary> library,
                                   int iters) {
  Stream stream = Stream::cpu();
  Result<QuantizePerGroupPlan<TIn, TOut>> plan =
      QuantizePerGroupPlan<TIn, TOut>::select(
          stream, problem.desc, PlanPreference::Default, std::move(library));
  if (!plan)
    return plan.status();

  QuantizeRunReport report;
  report.device = "cpu";
  report.sku = to_string(plan->sku());
  report.output.assign(outputBytes(problem), kOutputPoison);
  QuantizePerGroupArgs<TIn, TOut> args = makeArgs<TIn, TOut>(
      problem.desc, problem.input.data(), problem.scale.data(),
      problem.zeroPoint.data(), report.output.data());
  if (Status status = plan->can_implement(args); !status)
    return status;
  if (Status status = plan->run(stream, Workspace{}, args); !status)
    return status;

  // Time into a scratch output, so the checked one is the poisoned run's.
  std::vector<uint8_t> scratch(report.output.size());
  args.output.data = reinterpret_cast<TOut *>(scratch.data());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iters; ++i)
    if (Status status = plan->run(stream, Workspace{}, args); !status)
      return status;
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  report.secondsPerRun = elapsed.count() / iters;
  return report;
}

/// A device copy of a host vector.
Result<CudaBuffer> uploaded(const void *data, size_t bytes) {
  Result<CudaBuffer> buffer = CudaBuffer::allocate(bytes);
  if (!buffer)
    return buffer.status();
  if (Status status = buffer->copyFromHost(data, bytes); !status)
    return status;
  return buffer;
}

template <typename TIn, typename TOut>
Result<QuantizeRunReport>
runOnCuda(const QuantizeProblem &problem,
          std::shared_ptr<const KernelLibrary> library, int iters) {
  // Declared first so the context outlives every buffer, stream and event.
  Result<CudaDevice> device = CudaDevice::open(0);
  if (!device)
    return device.status();
  Result<CudaStream> cudaStream = CudaStream::create();
  if (!cudaStream)
    return cudaStream.status();
  Stream stream = Stream::cuda(cudaStream->get());
  Result<QuantizePerGroupPlan<TIn, TOut>> plan =
      QuantizePerGroupPlan<TIn, TOut>::select(
          stream, problem.desc, PlanPreference::Default, std::move(library));
  if (!plan)
    return plan.status();

  Result<CudaBuffer> input =
      uploaded(problem.input.data(), problem.input.size());
  if (!input)
    return input.status();
  Result<CudaBuffer> scale =
      uploaded(problem.scale.data(), problem.scale.size());
  if (!scale)
    return scale.status();
  Result<CudaBuffer> zeroPoint = uploaded(
      problem.zeroPoint.data(), problem.zeroPoint.size() * sizeof(int32_t));
  if (!zeroPoint)
    return zeroPoint.status();
  Result<CudaBuffer> output = CudaBuffer::allocate(outputBytes(problem));
  if (!output)
    return output.status();
  if (Status status = output->fill(kOutputPoison); !status)
    return status;

  QuantizePerGroupArgs<TIn, TOut> args =
      makeArgs<TIn, TOut>(problem.desc, input->data(), scale->data(),
                          zeroPoint->data(), output->data());
  if (Status status = plan->can_implement(args); !status)
    return status;
  if (Status status = plan->run(stream, Workspace{}, args); !status)
    return status;
  // Execution faults surface here, so report them as the run's failure.
  if (Status status = cudaStream->synchronize(); !status)
    return status;

  QuantizeRunReport report;
  report.device = "cuda: " + device->name() + " (sm_" +
                  std::to_string(device->smVersion()) + ")";
  report.sku = to_string(plan->sku());
  report.output.resize(outputBytes(problem));
  if (Status status =
          output->copyToHost(report.output.data(), report.output.size());
      !status)
    return status;

  Result<CudaEvent> start = CudaEvent::create();
  if (!start)
    return start.status();
  Result<CudaEvent> end = CudaEvent::create();
  if (!end)
    return end.status();
  if (Status status = start->record(cudaStream->get()); !status)
    return status;
  for (int i = 0; i < iters; ++i)
    if (Status status = plan->run(stream, Workspace{}, args); !status)
      return status;
  if (Status status = end->record(cudaStream->get()); !status)
    return status;
  if (Status status = end->synchronize(); !status)
    return status;
  Result<float> milliseconds = CudaEvent::elapsedMilliseconds(*start, *end);
  if (!milliseconds)
    return milliseconds.status();
  report.secondsPerRun = double(*milliseconds) * 1e-3 / iters;
  return report;
}

template <typename TIn, typename TOut>
Result<QuantizeRunReport>
runTyped(const QuantizeProblem &problem, Backend backend,
         std::shared_ptr<const KernelLibrary> library, int iters) {
  return backend == Backend::Cpu
             ? runOnCpu<TIn, TOut>(problem, std::move(library), iters)
             : runOnCuda<TIn, TOut>(problem, std::move(library), iters);
}

template <typename TIn>
Result<QuantizeRunReport>
runWithInput(const QuantizeProblem &problem, Backend backend,
             std::shared_ptr<const KernelLibrary> library, int iters) {
  switch (problem.desc.output_element) {
  case ElementKind::S8:
    return runTyped<TIn, int8_t>(problem, backend, std::move(library), iters);
  case ElementKind::U8:
    return runTyped<TIn, uint8_t>(problem, backend, std::move(library), iters);
  default:
    return unsupported(
        "baracuda-run: output element " +
        std::string(elementKindName(problem.desc.output_element)) +
        " is not s8 or u8");
  }
}

} // namespace

Result<QuantizeRunReport>
runQuantizePerGroup(const QuantizeProblem &problem, Backend backend,
                    std::shared_ptr<const KernelLibrary> library, int iters) {
  switch (problem.desc.input_element) {
  case ElementKind::F32:
    return runWithInput<float>(problem, backend, std::move(library), iters);
  case ElementKind::F64:
    return runWithInput<double>(problem, backend, std::move(library), iters);
  case ElementKind::F16:
    return runWithInput<Half>(problem, backend, std::move(library), iters);
  case ElementKind::BF16:
    return runWithInput<BFloat16>(problem, backend, std::move(library), iters);
  default:
    return unsupported(
        "baracuda-run: input element " +
        std::string(elementKindName(problem.desc.input_element)) +
        " is not f32, f64, f16 or bf16");
  }
}

} // namespace baracuda::run
