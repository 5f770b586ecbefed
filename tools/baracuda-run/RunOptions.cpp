//===- RunOptions.cpp - Command line of baracuda-run ----------------------===//

#include "RunOptions.h"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>

namespace baracuda::run {

namespace {

bool parseInteger(const std::string &text, int64_t &value) {
  if (text.empty())
    return false;
  errno = 0;
  char *end = nullptr;
  long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  value = parsed;
  return true;
}

bool parseUnsigned(const std::string &text, uint64_t &value) {
  if (text.empty() || text[0] == '-')
    return false;
  errno = 0;
  char *end = nullptr;
  unsigned long long parsed = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  value = parsed;
  return true;
}

} // namespace

std::string runUsage() {
  return R"(usage:
  baracuda-run quantize_per_group --input-type f16 --output-type s8
      --outer N --axis N --group G [--q-min Q] [--q-max Q]
      [--device cpu|cuda|auto] [--seed S] [--check] [--iters K]
      [--gpu-module FILE] [--cpu-module FILE.so]
  baracuda-run quantize_per_group --input a.npy --scale s.npy
      --zero-point z.npy --output out.npy [--output-type s8|u8] [--group G]
      [--q-min Q] [--q-max Q] [--device ...] [--check] [--iters K]

Runs one quantize_per_group problem through the baracuda runtime.
  --input-type     f32, f64, f16 or bf16 (random mode; file mode reads it)
  --output-type    s8 or u8 (default s8)
  --outer/--axis   problem shape [outer, axis] (random mode)
  --group          group size along axis (file mode: default axis / scale cols)
  --q-min/--q-max  quantization range (default: the output type's range)
  --device         cpu, cuda, or auto = cuda when available else cpu
  --seed           seed of the random inputs (default 1; printed)
  --check          compare bit-exactly with the host reference; exit 1 on
                   any mismatch
  --iters          timed runs after one warm-up run (default 10)
  --gpu-module     PTX/cubin/fatbin holding the kernels (replaces built-in)
  --cpu-module     shared object holding the CPU kernels (replaces built-in)
Files: 2-D C-order .npy; bf16 as raw '<u2' words, zero point '<i4'.
Exit status: 0 success, 1 mismatch or runtime error, 2 usage error.
)";
}

bool parseRunOptions(int argc, char **argv, RunOptions &options,
                     std::string &error) {
  if (argc < 2) {
    error = "missing operation (want: quantize_per_group)";
    return false;
  }
  std::string op = argv[1];
  if (op == "-h" || op == "--help") {
    options.help = true;
    return true;
  }
  if (op != "quantize_per_group") {
    error = "unknown operation '" + op + "' (want: quantize_per_group)";
    return false;
  }
  options.op = op;

  auto integerFlag = [&](std::optional<int64_t> &slot) {
    return [&slot](const std::string &flag, const std::string &value,
                   std::string &why) {
      int64_t parsed;
      if (!parseInteger(value, parsed)) {
        why = flag + " expects an integer, got '" + value + "'";
        return false;
      }
      slot = parsed;
      return true;
    };
  };
  auto pathFlag = [](std::string &slot) {
    return
        [&slot](const std::string &, const std::string &value, std::string &) {
          slot = value;
          return true;
        };
  };
  using Handler = std::function<bool(const std::string &, const std::string &,
                                     std::string &)>;
  std::map<std::string, Handler> valueFlags = {
      {"--input-type",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         options.inputType = parseElementKind(value);
         if (!options.inputType || isIntegerKind(*options.inputType)) {
           why = flag + " must be f32, f64, f16 or bf16, got '" + value + "'";
           return false;
         }
         return true;
       }},
      {"--output-type",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         std::optional<ElementKind> kind = parseElementKind(value);
         if (!kind || (*kind != ElementKind::S8 && *kind != ElementKind::U8)) {
           why = flag + " must be s8 or u8, got '" + value + "'";
           return false;
         }
         options.outputType = *kind;
         return true;
       }},
      {"--outer", integerFlag(options.outer)},
      {"--axis", integerFlag(options.axis)},
      {"--group", integerFlag(options.group)},
      {"--q-min", integerFlag(options.qMin)},
      {"--q-max", integerFlag(options.qMax)},
      {"--device",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         if (value == "cpu")
           options.device = DeviceChoice::Cpu;
         else if (value == "cuda")
           options.device = DeviceChoice::Cuda;
         else if (value == "auto")
           options.device = DeviceChoice::Auto;
         else {
           why = flag + " must be cpu, cuda or auto, got '" + value + "'";
           return false;
         }
         return true;
       }},
      {"--seed",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         if (!parseUnsigned(value, options.seed)) {
           why = flag + " expects a non-negative integer, got '" + value + "'";
           return false;
         }
         return true;
       }},
      {"--iters",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         int64_t iters;
         if (!parseInteger(value, iters) || iters < 1 || iters > 1000000) {
           why = flag + " expects an integer in [1, 1000000], got '" + value +
                 "'";
           return false;
         }
         options.iters = static_cast<int>(iters);
         return true;
       }},
      {"--input", pathFlag(options.inputPath)},
      {"--scale", pathFlag(options.scalePath)},
      {"--zero-point", pathFlag(options.zeroPointPath)},
      {"--output", pathFlag(options.outputPath)},
      {"--gpu-module", pathFlag(options.gpuModulePath)},
      {"--cpu-module", pathFlag(options.cpuModulePath)},
  };

  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      return true;
    }
    if (arg == "--check") {
      options.check = true;
      continue;
    }
    // Accept both "--flag value" and "--flag=value".
    std::string value;
    bool inlineValue = false;
    if (size_t eq = arg.find('='); eq != std::string::npos && arg[0] == '-') {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inlineValue = true;
    }
    auto handler = valueFlags.find(arg);
    if (handler == valueFlags.end()) {
      error = "unknown argument '" + arg + "'";
      return false;
    }
    if (!inlineValue) {
      if (i + 1 >= argc) {
        error = arg + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (!handler->second(arg, value, error))
      return false;
  }

  // Mode consistency: file mode needs all four paths, random mode the sizes.
  bool anyPath = !options.inputPath.empty() || !options.scalePath.empty() ||
                 !options.zeroPointPath.empty() || !options.outputPath.empty();
  if (anyPath) {
    if (options.inputPath.empty() || options.scalePath.empty() ||
        options.zeroPointPath.empty() || options.outputPath.empty()) {
      error = "file mode needs all of --input, --scale, --zero-point and "
              "--output";
      return false;
    }
    if (options.outer || options.axis) {
      error = "--outer/--axis come from the --input file in file mode; drop "
              "them";
      return false;
    }
  } else {
    if (!options.inputType) {
      error = "--input-type is required (or give --input FILE)";
      return false;
    }
    if (!options.outer || !options.axis || !options.group) {
      error = "--outer, --axis and --group are required (or give --input "
              "FILE)";
      return false;
    }
  }
  return true;
}

} // namespace baracuda::run
