//===- baracuda-run.cpp - Run and check baracuda kernels from the shell ---===//
//
// Runs any op of the quantization family, named by its C stem, through the
// MLIR-free runtime's generic family plan (select, can_implement, run), on
// random data with edge cases or on .npy files, and optionally checks the
// result bit for bit against the independent host reference. With
// --gpu-module / --cpu-module it runs kernels the user just compiled from IR
// instead of the built-in library; with --batch it runs many cases in one
// process (one CUDA context), as scripts/device_check.sh does.
//
//===----------------------------------------------------------------------===//

#include "FamilyRunner.h"
#include "Npy.h"
#include "ProblemSetup.h"
#include "ReferenceCheck.h"
#include "RunOptions.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/KernelLibrary.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

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

void printThroughput(const RunProblem &problem, const FamilyRunReport &report,
                     int iters) {
  double micros = report.secondsPerRun * 1e6;
  double gbPerSecond = report.secondsPerRun > 0 ? double(problem.bytesMoved()) /
                                                      report.secondsPerRun / 1e9
                                                : 0.0;
  std::printf("time: %.3f us per run (mean of %d), %lld bytes moved, "
              "%.2f GB/s\n",
              micros, iters, static_cast<long long>(problem.bytesMoved()),
              gbPerSecond);
  std::fflush(stdout);
}

std::string shapeOf(const std::vector<int64_t> &shape) {
  MaybeShape maybe(shape.begin(), shape.end());
  return shapeText(maybe);
}

/// One run: argv as main's (argv[0] the program), never --batch.
int runCase(int argc, const char *const *argv) {
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
  if (!options.batchPath.empty()) {
    std::cerr << "baracuda-run: --batch inside a batch file\n";
    return kExitUsage;
  }

  RunProblem problem;
  if (!setUpProblem(options, problem, error)) {
    std::cerr << "baracuda-run: " << error << "\n";
    return kExitFailure;
  }
  const QuantizeFamilyProblem &family = problem.family;
  std::cout << "problem: " << problem.skuName() << " " << shapeOf(problem.shape)
            << " " << layoutText(problem.layout);
  if (problem.spec().hasRange)
    std::cout << " q [" << family.q_min << ", " << family.q_max << "]";
  if (family.layout == LayoutKind::PerTensor)
    std::cout << " scale " << problem.scalarScale << " zero_point "
              << problem.scalarZeroPoint;
  if (options.fileMode())
    std::cout << " from files\n";
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

  Result<FamilyRunReport> report =
      runFamilyProblem(problem, *backend, *library, options.iters);
  if (!report)
    return reportStatus(("running " + problem.skuName()).c_str(),
                        report.status());
  std::cout << "device: " << report->device << "\n";
  std::cout << "sku: " << report->sku << "\n";
  printThroughput(problem, *report, options.iters);

  if (options.fileMode()) {
    NpyArray output;
    output.kind = problem.elementOf(problem.outputIndex());
    output.shape = problem.shape;
    output.bytes = report->outputs[0];
    if (!writeNpy(options.outputPath, output, error)) {
      std::cerr << "baracuda-run: " << error << "\n";
      return kExitFailure;
    }
    std::cout << "wrote " << options.outputPath << "\n";
  }

  if (options.check) {
    std::vector<std::vector<uint8_t>> outputs(report->outputs.begin(),
                                              report->outputs.end());
    int64_t mismatches = 0;
    try {
      mismatches = checkAgainstReference(problem, outputs, std::cout);
    } catch (const std::exception &e) {
      std::cerr << "baracuda-run: the host reference rejected the problem: "
                << e.what() << "\n";
      return kExitFailure;
    }
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

/// --batch FILE: each line a case, run in this process. The CUDA primary
/// context stays retained across cases when a device is usable, so the
/// cases share it (and its loaded modules).
int runBatch(const std::string &path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "baracuda-run: --batch " << path
              << ": cannot open for reading\n";
    return kExitFailure;
  }
  std::optional<CudaDevice> keepContext;
  if (!cudaUnavailableReason())
    if (Result<CudaDevice> device = CudaDevice::open(0))
      keepContext.emplace(std::move(*device));
  int worst = kExitOk, number = 0, failed = 0;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::vector<std::string> args = {"baracuda-run"};
    for (std::string word; words >> word;)
      args.push_back(word);
    if (args.size() == 1)
      continue;
    ++number;
    std::vector<const char *> argv;
    for (const std::string &arg : args)
      argv.push_back(arg.c_str());
    std::cout << "=== case " << number << ": " << line << std::endl;
    int status = runCase(int(argv.size()), argv.data());
    std::cout.flush();
    std::cerr.flush();
    std::cout << "=== end " << number << ": exit " << status << std::endl;
    if (status != kExitOk)
      ++failed;
    worst = std::max(worst, status);
  }
  std::cout << "batch: " << number << " cases, " << failed << " failed\n";
  return worst;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--batch")
    return runBatch(argv[2]);
  return runCase(argc, argv);
}
