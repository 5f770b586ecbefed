//===- RunOptions.cpp - Command line of baracuda-run ----------------------===//

#include "RunOptions.h"

#include <algorithm>
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

bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  shape.clear();
  if (text.empty())
    return false;
  size_t begin = 0;
  while (true) {
    size_t comma = text.find(',', begin);
    int64_t dim;
    if (!parseInteger(text.substr(begin, comma - begin), dim))
      return false;
    shape.push_back(dim);
    if (comma == std::string::npos)
      return true;
    begin = comma + 1;
  }
}

const QuantizeStemSku *findStem(const std::string &stem) {
  for (const QuantizeStemSku &sku : kQuantizeStemSkus)
    if (stem == sku.stem)
      return &sku;
  return nullptr;
}

std::string joined(const std::vector<std::string> &words) {
  std::string text;
  for (const std::string &word : words)
    text += (text.empty() ? "" : ", ") + word;
  return text;
}

/// The words, comma-separated, in lines of at most 78 columns.
std::string wrapped(const std::vector<std::string> &words,
                    const std::string &indent) {
  std::string text, line = indent;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i] + (i + 1 < words.size() ? "," : "");
    if (line.size() > indent.size() && line.size() + 1 + word.size() > 78) {
      text += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + word;
  }
  return text + line;
}

} // namespace

std::vector<std::string> familyStems() {
  std::vector<std::string> stems;
  for (const QuantizeStemSku &sku : kQuantizeStemSkus)
    if (std::find(stems.begin(), stems.end(), sku.stem) == stems.end())
      stems.push_back(sku.stem);
  return stems;
}

std::string operandFlag(const char *operandName) {
  std::string flag = std::string("--") + operandName;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string runUsage() {
  return R"(usage:
  baracuda-run STEM --input-type T [--output-type Q] --shape D0,D1,...
      [--axis A] [--group G] [--q-min Q] [--q-max Q]
      [--device cpu|cuda|auto] [--seed S] [--check] [--iters K]
      [--gpu-module FILE] [--cpu-module FILE.so]
  baracuda-run STEM --input x.npy [--grad-output dy.npy] [--scale s.npy]
      [--zero-point z.npy] --output out.npy [--output-type Q] [--axis A]
      [--group G] [--q-min Q] [--q-max Q] [--device ...] [--check]
  baracuda-run quantize_per_group --input-type T --outer N --axis N --group G
      ...  (the original form: data [outer, axis])
  baracuda-run --batch FILE   (one command line, without the program name,
      per line; '#' starts a comment; each case prints '=== case N: LINE'
      before and '=== end N: exit E' after its output)

Runs one op of the quantization family through the baracuda runtime's
generic family plan, selected by its C entry-point stem (the reference's
names; the types come from the flags):
)" + wrapped(familyStems(), "    ") +
         R"(
  --input-type     T: f32, f64, f16 or bf16 (file mode: read from the files)
  --output-type    Q: s8 or u8 (default s8): the quantized type of quantize
                   and dequantize (dequantize's input); for the other ops with
                   a range only what --q-min/--q-max default to
  --shape          the data shape (random mode); per_token and per_group: 2-D
  --axis           per_channel stems: the channel axis (default 0);
                   per_group with --outer: the axis size
  --group          per_group stems: the group size (file mode: default from
                   the scale's columns)
  --q-min/--q-max  quantization range (default: the quantized type's range)
  --device         cpu, cuda, or auto = cuda when available else cpu
  --seed           seed of the random inputs (default 1; printed)
  --check          compare bit-exactly with the host reference (NaN matches
                   any NaN); the output is poisoned with two patterns in two
                   runs, so an element the kernel skips fails; exit 1 on any
                   mismatch
  --iters          timed runs after the checked runs (default 10)
  --gpu-module     PTX/cubin/fatbin holding the kernels (replaces built-in)
  --cpu-module     shared object holding the CPU kernels (replaces built-in)
File mode: one C-order .npy per input operand of the op (--input,
--grad-output, --scale, --zero-point; per_tensor stems: one-element scale and
zero point files) and --output; bf16 as raw '<u2' words, zero point '<i4'.
Exit status: 0 success, 1 mismatch or runtime error, 2 usage error.
)";
}

bool parseRunOptions(int argc, const char *const *argv, RunOptions &options,
                     std::string &error) {
  const std::string wanted =
      "want a stem: " + joined(familyStems()) + "; or --batch FILE";
  if (argc < 2) {
    error = "missing operation (" + wanted + ")";
    return false;
  }
  std::string op = argv[1];
  if (op == "-h" || op == "--help") {
    options.help = true;
    return true;
  }
  if (op == "--batch") {
    if (argc != 3) {
      error = "--batch takes exactly one FILE and no other argument";
      return false;
    }
    options.batchPath = argv[2];
    return true;
  }
  const QuantizeStemSku *sku = findStem(op);
  if (!sku) {
    error = "unknown operation '" + op + "' (" + wanted + ")";
    return false;
  }
  options.stem = op;
  options.op = sku->op;
  options.layout = sku->layout;
  const QuantizeOpSpec &spec = quantizeOpSpec(sku->op);

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
      {"--shape",
       [&](const std::string &flag, const std::string &value,
           std::string &why) {
         std::vector<int64_t> shape;
         if (!parseShape(value, shape)) {
           why = flag +
                 " expects comma-separated integers (e.g. 8,4096), "
                 "got '" +
                 value + "'";
           return false;
         }
         options.shape = shape;
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
      {"--output", pathFlag(options.outputPath)},
      {"--gpu-module", pathFlag(options.gpuModulePath)},
      {"--cpu-module", pathFlag(options.cpuModulePath)},
  };
  // One path flag per input operand name of any op of the family; a name
  // the stem's op lacks is a usage error below.
  std::map<std::string, std::string> operandOfFlag;
  for (const QuantizeOpSpec &any : kQuantizeOps)
    for (int i = 0; i < any.numOperands(); ++i) {
      const QuantizeOperandSpec &operand = any.operands[i];
      if (operand.isOutput())
        continue;
      std::string flag = operandFlag(operand.name);
      operandOfFlag[flag] = operand.name;
      valueFlags[flag] = [&options, name = std::string(operand.name)](
                             const std::string &, const std::string &value,
                             std::string &) {
        options.operandPaths[name] = value;
        return true;
      };
    }

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

  // Flags the stem's op or layout has no use for.
  std::vector<std::string> operandNames;
  for (int i = 0; i < spec.numOperands(); ++i)
    if (!spec.operands[i].isOutput())
      operandNames.push_back(spec.operands[i].name);
  for (const auto &[name, path] : options.operandPaths)
    if (std::find(operandNames.begin(), operandNames.end(), name) ==
        operandNames.end()) {
      error = operandFlag(name.c_str()) + ": " + op + " has no operand '" +
              name + "' (its inputs: " + joined(operandNames) + ")";
      return false;
    }
  if (options.outputType && !spec.hasQ && !spec.hasRange) {
    error = "--output-type: " + op +
            " has neither a quantized operand nor "
            "a range";
    return false;
  }
  if ((options.qMin || options.qMax) && !spec.hasRange) {
    error = "--q-min/--q-max: " + op + " has no quantization range";
    return false;
  }
  bool perGroup = options.layout == LayoutKind::PerGroup;
  bool legacyShape = perGroup && options.outer;
  if (options.group && !perGroup) {
    error = "--group: only the per_group stems take a group size, not " + op;
    return false;
  }
  if (options.outer && !perGroup) {
    error = "--outer: only the per_group stems take --outer (with --axis as "
            "the axis size); use --shape";
    return false;
  }
  if (options.axis && options.layout != LayoutKind::PerChannel &&
      !legacyShape) {
    error = "--axis: " + op +
            " takes no axis (per_channel stems: the "
            "channel axis; per_group with --outer: the axis size)";
    return false;
  }
  if (legacyShape && options.shape) {
    error = "--outer/--axis and --shape both give the shape; use one";
    return false;
  }

  // Mode consistency: file mode needs every input of the op and the output,
  // random mode the type and the sizes.
  if (options.fileMode() || !options.outputPath.empty()) {
    for (const std::string &name : operandNames)
      if (!options.operandPaths.count(name)) {
        error = "file mode needs " + operandFlag(name.c_str()) + " (" + op +
                " reads " + joined(operandNames) + ") and --output";
        return false;
      }
    if (options.outputPath.empty()) {
      error = "file mode needs --output FILE";
      return false;
    }
    if (options.shape || legacyShape) {
      error = "the shape comes from the input files in file mode; drop "
              "--shape/--outer";
      return false;
    }
  } else {
    if (!options.inputType) {
      error = "--input-type is required (or give the operands as files)";
      return false;
    }
    if (perGroup && !legacyShape && options.axis) {
      error = "--axis without --outer: per_group stems take --shape OUTER,AXIS "
              "--group G (or the original --outer N --axis N --group G)";
      return false;
    }
    if (!options.shape && !(legacyShape && options.axis)) {
      error = perGroup ? "--shape OUTER,AXIS (or --outer N --axis N) is "
                         "required (or give the operands as files)"
                       : "--shape is required (or give the operands as files)";
      return false;
    }
    if (perGroup && !options.group) {
      error = "--group is required for " + op;
      return false;
    }
  }
  return true;
}

} // namespace baracuda::run
