//===- baracuda-run.cpp - Run and check baracuda kernels from the shell ---===//
//
// Runs one op through the MLIR-free runtime, exactly as an application would
// (Plan::select, can_implement, run), on random data with edge cases or on
// .npy files, and optionally checks the result bit for bit against the host
// reference. With --gpu-module / --cpu-module it runs kernels the user just
// compiled from IR instead of the built-in library.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "ProblemSetup.h"
#include "QuantizeRunner.h"
#include "ReferenceCheck.h"
#include "RunOptions.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/KernelLibrary.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

using namespace baracuda;
using namespace baracuda::run;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int reportStatus(const char *what, const Status &status) {
  std::cerr << "baracuda-run: " << what
            << " failed: " << statusCodeName(status.code()) << " (status "
            << static_cast<int>(status.code()) << "): " << status.message()
            << "\n";
  return kExitFailure;
}

/// The library the plan takes its kernels from: the user's module when given,
/// else the one built into the runtime.
Result<std::shared_ptr<const KernelLibrary>>
loadKernelLibrary(const RunOptions &options, Backend backend) {
  if (backend == Backend::Cuda && !options.gpuModulePath.empty()) {
    std::ifstream file(options.gpuModulePath, std::ios::binary);
    if (!file)
      return invalidProblem("--gpu-module " + options.gpuModulePath +
                            ": cannot open for reading");
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    return KernelLibrary::fromCudaImage(bytes.data(), bytes.size());
  }
  if (backend == Backend::Cpu && !options.cpuModulePath.empty())
    return KernelLibrary::fromCpuSharedObject(options.cpuModulePath);
  // A module for the other backend would silently not be what ran.
  if (!options.gpuModulePath.empty() || !options.cpuModulePath.empty())
    std::cout << "note: running on " << backendName(backend)
              << ", which the given --"
              << (backend == Backend::Cuda ? "cpu" : "gpu")
              << "-module does not serve; using the built-in kernels\n";
  return KernelLibrary::builtin();
}

/// The backend to run on. `auto` is CUDA when a driver and device work, else
/// the CPU; a user module for only one backend decides it, and with modules
/// for both the CPU one serves when CUDA is not usable.
Result<Backend> chooseBackend(const RunOptions &options) {
  if (options.device == DeviceChoice::Cpu)
    return Backend::Cpu;
  if (options.device == DeviceChoice::Cuda)
    return Backend::Cuda;
  bool gpuModule = !options.gpuModulePath.empty();
  bool cpuModule = !options.cpuModulePath.empty();
  if (cpuModule && !gpuModule)
    return Backend::Cpu;
  std::optional<std::string> whyNot = cudaUnavailableReason();
  if (!whyNot)
    return Backend::Cuda;
  if (gpuModule && !cpuModule)
    return unsupported("--gpu-module needs CUDA, which is not usable: " +
                       *whyNot);
  std::cout << "note: --device auto: " << *whyNot << "; running on the CPU\n";
  return Backend::Cpu;
}

void printThroughput(const QuantizeProblem &problem,
                     const QuantizeRunReport &report, int iters) {
  double micros = report.secondsPerRun * 1e6;
  double gbPerSecond = report.secondsPerRun > 0 ? double(problem.bytesMoved()) /
                                                      report.secondsPerRun / 1e9
                                                : 0.0;
  std::printf("time: %.3f us per run (mean of %d), %lld bytes moved, "
              "%.2f GB/s\n",
              micros, iters, static_cast<long long>(problem.bytesMoved()),
              gbPerSecond);
}

} // namespace

int main(int argc, char **argv) {
  RunOptions options;
  std::string error;
  if (!parseRunOptions(argc, argv, options, error)) {
    std::cerr << "baracuda-run: " << error
              << "\n(run 'baracuda-run --help' for usage)\n";
    return kExitUsage;
  }
  if (options.help) {
    std::cout << runUsage();
    return kExitOk;
  }

  QuantizeProblem problem;
  if (!setUpQuantizeProblem(options, problem, error)) {
    std::cerr << "baracuda-run: " << error << "\n";
    return kExitFailure;
  }
  const QuantizePerGroupDescriptor &desc = problem.desc;
  std::cout << "problem: quantize_per_group "
            << elementKindName(desc.input_element) << "->"
            << elementKindName(desc.output_element) << " [" << desc.outer_size
            << ", " << desc.axis_size << "] group " << desc.group_size << " q ["
            << desc.q_min << ", " << desc.q_max << "]";
  if (options.fileMode())
    std::cout << " from " << options.inputPath << "\n";
  else
    std::cout << " random, seed " << options.seed << "\n";

  Result<Backend> backend = chooseBackend(options);
  if (!backend)
    return reportStatus("choosing the device", backend.status());
  Result<std::shared_ptr<const KernelLibrary>> library =
      loadKernelLibrary(options, *backend);
  if (!library)
    return reportStatus("loading the kernel library", library.status());
  std::cout << "kernels: " << (*library)->description() << "\n";

  Result<QuantizeRunReport> report =
      runQuantizePerGroup(problem, *backend, *library, options.iters);
  if (!report)
    return reportStatus("running quantize_per_group", report.status());
  std::cout << "device: " << report->device << "\n";
  std::cout << "sku: " << report->sku << "\n";
  printThroughput(problem, *report, options.iters);

  if (options.fileMode()) {
    NpyArray output;
    output.kind = desc.output_element;
    output.shape = {desc.outer_size, desc.axis_size};
    output.bytes = report->output;
    if (!writeNpy(options.outputPath, output, error)) {
      std::cerr << "baracuda-run: " << error << "\n";
      return kExitFailure;
    }
    std::cout << "wrote " << options.outputPath << "\n";
  }

  if (options.check) {
    int64_t mismatches =
        checkAgainstReference(problem, report->output, std::cout);
    if (mismatches != 0) {
      std::cout << "check: FAIL: " << mismatches << " of "
                << problem.numElements()
                << " elements differ from the reference\n";
      return kExitFailure;
    }
    std::cout << "check: PASS: all " << problem.numElements()
              << " elements bit-exact\n";
  }
  return kExitOk;
}
