//===- RunOptions.h - Command line of baracuda-run ------------------------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H
#define BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H

#include "baracuda/Family/QuantizeFamily.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baracuda::run {

enum class DeviceChoice { Cpu, Cuda, Auto };

/// Everything `baracuda-run <stem> ...` was asked to do. <stem> is one of
/// the family's C entry-point stems (QuantizeFamily.def), which fixes the op
/// and the parameter layout. Sizes and dtypes left unset come from the .npy
/// files (file mode) or are an error (random mode); q_min/q_max default to
/// the quantized type's range.
struct RunOptions {
  /// "dequantize_per_channel"; op and layout as the family table says.
  std::string stem;
  FamilyOp op = FamilyOp::Quantize;
  LayoutKind layout = LayoutKind::PerTensor;
  std::optional<ElementKind> inputType;
  /// The quantized type: q of quantize/dequantize, else only what the range
  /// defaults to.
  std::optional<ElementKind> outputType;
  /// --shape a,b,...: the data shape.
  std::optional<std::vector<int64_t>> shape;
  /// per_group's legacy form --outer N --axis N: the data shape [N, N].
  std::optional<int64_t> outer;
  /// per_channel: the channel axis; per_group with --outer: the axis size.
  std::optional<int64_t> axis;
  std::optional<int64_t> group;
  std::optional<int64_t> qMin;
  std::optional<int64_t> qMax;
  DeviceChoice device = DeviceChoice::Auto;
  uint64_t seed = 1;
  bool check = false;
  int iters = 10;
  /// File mode: the op's input operands by name ("input", "scale",
  /// "zero_point", "grad_output") and the output's path.
  std::map<std::string, std::string> operandPaths;
  std::string outputPath;
  // Kernels compiled by the user's pipeline, instead of the built-in library.
  std::string gpuModulePath;
  std::string cpuModulePath;
  /// --batch FILE: one command line (without the program name) per line.
  std::string batchPath;
  bool help = false;

  bool fileMode() const { return !operandPaths.empty(); }
};

/// Parses argv (argv[0] is the program's name). On a usage error returns
/// false and sets `error` to a message naming the offending flag or value.
bool parseRunOptions(int argc, const char *const *argv, RunOptions &options,
                     std::string &error);

/// The --help text.
std::string runUsage();

/// The family's C stems, each once, in QuantizeFamily.def's order.
std::vector<std::string> familyStems();

/// "--grad-output" for the operand "grad_output".
std::string operandFlag(const char *operandName);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_RUNOPTIONS_H
