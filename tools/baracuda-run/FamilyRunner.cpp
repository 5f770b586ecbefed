//===- FamilyRunner.cpp - Run one problem through the family plan ---------===//
//
// One code path for every op, layout and dtype of the family: the operands
// are the family table's (QuantizeFamily.h), handed to QuantizeFamilyPlan in
// kernel order as untyped pointers, exactly as the C entry points do.
//
//===----------------------------------------------------------------------===//

#include "FamilyRunner.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/QuantizeFamilyPlan.h"

#include <chrono>
#include <cstring>
#include <optional>
#include <utility>

namespace baracuda::run {

namespace {

size_t outputBytes(const RunProblem &problem) {
  int out = problem.outputIndex();
  return size_t(problem.elementsOf(out)) *
         elementKindSize(problem.elementOf(out));
}

/// The plan's operands over `pointers` (kernel order), with the per-tensor
/// scalars.
QuantizeFamilyOperands
familyOperands(const RunProblem &problem,
               const std::vector<const void *> &pointers) {
  QuantizeFamilyOperands operands;
  for (size_t i = 0; i < pointers.size(); ++i)
    operands.data[i] = pointers[i];
  operands.scale = problem.scalarScale;
  operands.zero_point = problem.scalarZeroPoint;
  return operands;
}

/// Whether operand `index` is passed as memory (not a per-tensor scalar).
bool inMemory(const RunProblem &problem, int index) {
  return !(problem.spec().operands[index].isParameter() &&
           problem.family.layout == LayoutKind::PerTensor);
}

Result<FamilyRunReport> runOnCpu(const RunProblem &problem,
                                 std::shared_ptr<const KernelLibrary> library,
                                 int iters) {
  Stream stream = Stream::cpu();
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      stream, problem.family, PlanPreference::Default, std::move(library));
  if (!plan)
    return plan.status();

  FamilyRunReport report;
  report.device = "cpu";
  int out = problem.outputIndex();
  std::vector<const void *> pointers(size_t(out + 1), nullptr);
  for (int i = 0; i < out; ++i)
    if (inMemory(problem, i))
      pointers[i] = problem.operands[i].data();
  for (size_t run = 0; run < kOutputPoisons.size(); ++run) {
    report.outputs[run].assign(outputBytes(problem), kOutputPoisons[run]);
    pointers[out] = report.outputs[run].data();
    QuantizeFamilyOperands operands = familyOperands(problem, pointers);
    if (Status status = plan->can_implement(operands); !status)
      return status;
    report.sku = to_string(plan->sku_for(operands));
    if (Status status = plan->run(stream, Workspace{}, operands); !status)
      return status;
  }

  // Time into a scratch output, so the checked ones stay the poisoned runs'.
  std::vector<uint8_t> scratch(outputBytes(problem));
  pointers[out] = scratch.data();
  QuantizeFamilyOperands operands = familyOperands(problem, pointers);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iters; ++i)
    if (Status status = plan->run(stream, Workspace{}, operands); !status)
      return status;
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  report.secondsPerRun = elapsed.count() / iters;
  return report;
}

/// A device copy of host bytes.
Result<CudaBuffer> uploaded(const void *data, size_t bytes) {
  Result<CudaBuffer> buffer = CudaBuffer::allocate(bytes);
  if (!buffer)
    return buffer.status();
  if (Status status = buffer->copyFromHost(data, bytes); !status)
    return status;
  return buffer;
}

Result<FamilyRunReport> runOnCuda(const RunProblem &problem,
                                  std::shared_ptr<const KernelLibrary> library,
                                  int iters) {
  // Declared first so the context outlives every buffer, stream and event.
  Result<CudaDevice> device = CudaDevice::open(0);
  if (!device)
    return device.status();
  Result<CudaStream> cudaStream = CudaStream::create();
  if (!cudaStream)
    return cudaStream.status();
  Stream stream = Stream::cuda(cudaStream->get());
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      stream, problem.family, PlanPreference::Default, std::move(library));
  if (!plan)
    return plan.status();

  int out = problem.outputIndex();
  std::vector<std::optional<CudaBuffer>> buffers(size_t(out + 1));
  std::vector<const void *> pointers(size_t(out + 1), nullptr);
  for (int i = 0; i < out; ++i) {
    if (!inMemory(problem, i))
      continue;
    Result<CudaBuffer> buffer =
        uploaded(problem.operands[i].data(), problem.operands[i].size());
    if (!buffer)
      return buffer.status();
    buffers[i].emplace(std::move(*buffer));
    pointers[i] = buffers[i]->data();
  }
  Result<CudaBuffer> output = CudaBuffer::allocate(outputBytes(problem));
  if (!output)
    return output.status();
  pointers[out] = output->data();
  QuantizeFamilyOperands operands = familyOperands(problem, pointers);
  if (Status status = plan->can_implement(operands); !status)
    return status;

  FamilyRunReport report;
  report.device = "cuda: " + device->name() + " (sm_" +
                  std::to_string(device->smVersion()) + ")";
  report.sku = to_string(plan->sku_for(operands));
  for (size_t run = 0; run < kOutputPoisons.size(); ++run) {
    if (Status status = output->fill(kOutputPoisons[run]); !status)
      return status;
    if (Status status = plan->run(stream, Workspace{}, operands); !status)
      return status;
    // Execution faults surface here, so report them as the run's failure.
    if (Status status = cudaStream->synchronize(); !status)
      return status;
    report.outputs[run].resize(outputBytes(problem));
    if (Status status = output->copyToHost(report.outputs[run].data(),
                                           report.outputs[run].size());
        !status)
      return status;
  }

  Result<CudaEvent> start = CudaEvent::create();
  if (!start)
    return start.status();
  Result<CudaEvent> end = CudaEvent::create();
  if (!end)
    return end.status();
  if (Status status = start->record(cudaStream->get()); !status)
    return status;
  for (int i = 0; i < iters; ++i)
    if (Status status = plan->run(stream, Workspace{}, operands); !status)
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

} // namespace

Result<FamilyRunReport>
runFamilyProblem(const RunProblem &problem, Backend backend,
                 std::shared_ptr<const KernelLibrary> library, int iters) {
  return backend == Backend::Cpu
             ? runOnCpu(problem, std::move(library), iters)
             : runOnCuda(problem, std::move(library), iters);
}

} // namespace baracuda::run
