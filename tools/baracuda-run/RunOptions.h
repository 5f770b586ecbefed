//===- RunOptions.h - Command line of baracuda-run ------------------------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H
#define BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H

#include "baracuda/Support/ElementKind.h"

#include <cstdint>
#include <optional>
#include <string>

namespace baracuda::run {

enum class DeviceChoice { Cpu, Cuda, Auto };

/// Everything `baracuda-run quantize_per_group ...` was asked to do. Sizes and
/// dtypes left unset come from the .npy files (file mode) or are an error
/// (random mode); q_min/q_max default to the output element's range.
struct RunOptions {
  std::string op;
  std::optional<ElementKind> inputType;
  ElementKind outputType = ElementKind::S8;
  std::optional<int64_t> outer;
  std::optional<int64_t> axis;
  std::optional<int64_t> group;
  std::optional<int64_t> qMin;
  std::optional<int64_t> qMax;
  DeviceChoice device = DeviceChoice::Auto;
  uint64_t seed = 1;
  bool check = false;
  int iters = 10;
  // File mode: all of input/scale/zero-point/output given.
  std::string inputPath;
  std::string scalePath;
  std::string zeroPointPath;
  std::string outputPath;
  // Kernels compiled by the user's pipeline, instead of the built-in library.
  std::string gpuModulePath;
  std::string cpuModulePath;
  bool help = false;

  bool fileMode() const { return !inputPath.empty(); }
};

/// Parses argv. On a usage error returns false and sets `error` to a message
/// naming the offending flag or value.
bool parseRunOptions(int argc, char **argv, RunOptions &options,
                     std::string &error);

/// The --help text.
std::string runUsage();

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H
