//===- CpuBandwidthBench.cpp - CPU kernels' bandwidth vs memcpy -----------===//
//
// baracuda-cpu-bench: how close the built-in CPU quantize_per_group kernels
// come to memory bandwidth on N threads. Measures std::memcpy of 256 MiB
// (read + write bytes) split over N threads as the roof, then each selected
// (input, output) pair through UntypedQuantizePerGroupPlan on
// Stream::cpu(N), the path of `baracuda-run --device cpu`, counting input +
// output + scale + zero_point bytes. Every figure is the best of 5 runs
// after one warm-up run. No GPU is needed (libcuda is never loaded).
//
// --small-sweep: per-call time of small problems on the calling thread
// against the same problem split in two halves over the runtime's thread
// pool, the measurement behind CpuParallel.h's kCpuParallelMinBytes.
//
//===----------------------------------------------------------------------===//

#include "BenchSupport.h"

#include "baracuda/runtime/CpuThreadPool.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"
#include "baracuda/runtime/Stream.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace baracuda;
using namespace baracuda::bench;

namespace {

constexpr const char *kTool = "baracuda-cpu-bench";
constexpr int kRuns = 5;
constexpr size_t kMemcpyBytes = size_t{256} << 20;

struct Options {
  int32_t rows = 4096;
  int32_t cols = 8192;
  int32_t group = 128;
  int32_t threads = 0; ///< 0: the runtime's default (defaultCpuThreads()).
  bool smallSweep = false;
  std::vector<std::pair<ElementKind, ElementKind>> pairs;
};

const std::pair<ElementKind, ElementKind> kAllPairs[] = {
    {ElementKind::F32, ElementKind::S8},  {ElementKind::F32, ElementKind::U8},
    {ElementKind::F64, ElementKind::S8},  {ElementKind::F64, ElementKind::U8},
    {ElementKind::F16, ElementKind::S8},  {ElementKind::F16, ElementKind::U8},
    {ElementKind::BF16, ElementKind::S8}, {ElementKind::BF16, ElementKind::U8},
};

std::string pairName(std::pair<ElementKind, ElementKind> pair) {
  return std::string(elementKindName(pair.first)) + "_" +
         std::string(elementKindName(pair.second));
}

void printUsage(std::FILE *to) {
  std::fprintf(to,
               "usage: %s [--rows N] [--cols N] [--group N] [--pairs LIST]\n"
               "          [--threads N] [--small-sweep]\n"
               "  --threads N   threads of ours and of memcpy (default: the "
               "runtime's,\n"
               "                BARACUDA_CPU_THREADS or the available CPUs)\n"
               "  --small-sweep per-call time of small problems, 1 thread vs "
               "the pool\n"
               "  --rows N      outer size (default 4096)\n"
               "  --cols N      axis size, a multiple of --group (default "
               "8192)\n"
               "  --group N     group size (default 128)\n"
               "  --pairs LIST  comma-separated in_out pairs, e.g. "
               "f16_s8,bf16_u8\n"
               "                (default: all of f32,f64,f16,bf16 x s8,u8)\n",
               kTool);
}

[[noreturn]] void usageError(const std::string &message) {
  std::fprintf(stderr, "%s: %s\n", kTool, message.c_str());
  printUsage(stderr);
  std::exit(2);
}

int32_t parsePositive(const char *flag, const char *text) {
  char *end = nullptr;
  long long value = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || value <= 0 || value > INT32_MAX)
    usageError(std::string(flag) + " needs a positive 32-bit integer, got '" +
               text + "'");
  return static_cast<int32_t>(value);
}

std::vector<std::pair<ElementKind, ElementKind>>
parsePairs(const std::string &list) {
  std::vector<std::pair<ElementKind, ElementKind>> pairs;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(
        start, comma == std::string::npos ? std::string::npos : comma - start);
    bool found = false;
    for (auto pair : kAllPairs)
      if (pairName(pair) == item) {
        pairs.push_back(pair);
        found = true;
      }
    if (!found)
      usageError("--pairs: unknown pair '" + item +
                 "' (want <f32|f64|f16|bf16>_<s8|u8>)");
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return pairs;
}

Options parseOptions(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      printUsage(stdout);
      std::exit(0);
    }
    if (flag == "--small-sweep") {
      options.smallSweep = true;
      continue;
    }
    if (i + 1 >= argc)
      usageError("unknown option or missing value: " + flag);
    const char *value = argv[++i];
    if (flag == "--rows")
      options.rows = parsePositive("--rows", value);
    else if (flag == "--cols")
      options.cols = parsePositive("--cols", value);
    else if (flag == "--group")
      options.group = parsePositive("--group", value);
    else if (flag == "--threads")
      options.threads = parsePositive("--threads", value);
    else if (flag == "--pairs")
      options.pairs = parsePairs(value);
    else
      usageError("unknown option: " + flag);
  }
  if (options.cols % options.group != 0)
    usageError("--cols (" + std::to_string(options.cols) +
               ") must be a multiple of --group (" +
               std::to_string(options.group) + ")");
  if (options.pairs.empty())
    options.pairs.assign(std::begin(kAllPairs), std::end(kAllPairs));
  if (options.threads == 0) {
    Result<int> threads = defaultCpuThreads();
    check(kTool, threads.status(), "defaultCpuThreads");
    options.threads = *threads;
  }
  return options;
}

std::string cpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos)
        return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  return "unknown CPU";
}

/// Seconds of the fastest of kRuns calls of `work`, after one warm-up call
/// (page faults, caches, lazy symbol binding).
template <typename Work> double bestSeconds(Work &&work) {
  work();
  double best = 1e300;
  for (int run = 0; run < kRuns; ++run) {
    auto start = std::chrono::steady_clock::now();
    work();
    auto end = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(end - start).count());
  }
  return best;
}

/// Heap memory that is touched (so page faults stay out of the timings) but
/// not value-initialized element by element like a std::vector.
std::unique_ptr<unsigned char[]> allocateTouched(size_t bytes) {
  std::unique_ptr<unsigned char[]> memory(new unsigned char[bytes]);
  std::memset(memory.get(), 0, bytes);
  return memory;
}

/// memcpy of kMemcpyBytes split in `threads` contiguous parts, one thread
/// each (started per call: ~50 us against a copy of tens of ms).
double memcpyGigabytesPerSecond(int threads) {
  auto source = allocateTouched(kMemcpyBytes);
  auto destination = allocateTouched(kMemcpyBytes);
  for (size_t i = 0; i < kMemcpyBytes; i += 4096)
    source[i] = static_cast<unsigned char>(i >> 12);
  size_t part = (kMemcpyBytes / threads + 63) / 64 * 64;
  auto copyPart = [&](int t) {
    size_t begin = std::min(kMemcpyBytes, part * t);
    size_t end = std::min(kMemcpyBytes, begin + part);
    std::memcpy(destination.get() + begin, source.get() + begin, end - begin);
  };
  double seconds = bestSeconds([&] {
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
      helpers.emplace_back(copyPart, t);
    copyPart(0);
    for (std::thread &helper : helpers)
      helper.join();
  });
  // Keep the copy observable so it cannot be dropped.
  if (destination[kMemcpyBytes - 4096] != source[kMemcpyBytes - 4096])
    fatal(kTool, "memcpy produced a wrong copy");
  return 2.0 * static_cast<double>(kMemcpyBytes) / seconds / 1e9;
}

/// Writes `value` into element `index` of a buffer of `kind`.
void storeFloat(ElementKind kind, void *data, size_t index, double value) {
  switch (kind) {
  case ElementKind::F32:
    static_cast<float *>(data)[index] = static_cast<float>(value);
    return;
  case ElementKind::F64:
    static_cast<double *>(data)[index] = value;
    return;
  case ElementKind::F16:
    static_cast<uint16_t *>(data)[index] =
        floatToHalfBits(static_cast<float>(value));
    return;
  case ElementKind::BF16:
    static_cast<uint16_t *>(data)[index] =
        floatToBFloat16Bits(static_cast<float>(value));
    return;
  default:
    fatal(kTool, "storeFloat: not a float element kind");
  }
}

/// One problem of a pair, its buffers filled.
struct Problem {
  QuantizePerGroupDescriptor desc;
  std::unique_ptr<unsigned char[]> input, scale, zeroPoint, output;
  double bytes = 0;

  /// Args of rows [firstRow, firstRow + rows).
  UntypedQuantizePerGroupArgs args(int32_t firstRow, int32_t rows) const {
    int64_t cols = desc.axis_size, numGroups = cols / desc.group_size;
    size_t inSize = elementKindSize(desc.input_element);
    size_t outSize = elementKindSize(desc.output_element);
    UntypedQuantizePerGroupArgs a;
    a.input = {input.get() + size_t(firstRow) * cols * inSize, {rows, cols}};
    a.scale = {scale.get() + size_t(firstRow) * numGroups * inSize,
               {rows, numGroups}};
    a.zero_point = {zeroPoint.get() + size_t(firstRow) * numGroups * 4,
                    {rows, numGroups}};
    a.output = {output.get() + size_t(firstRow) * cols * outSize, {rows, cols}};
    return a;
  }
};

Problem makeProblem(const Options &options,
                    std::pair<ElementKind, ElementKind> pair) {
  auto [in, out] = pair;
  Problem problem;
  QuantizePerGroupDescriptor &desc = problem.desc;
  desc.outer_size = options.rows;
  desc.axis_size = options.cols;
  desc.group_size = options.group;
  desc.q_min = static_cast<int32_t>(integerKindMin(out));
  desc.q_max = static_cast<int32_t>(integerKindMax(out));
  desc.input_element = in;
  desc.output_element = out;

  size_t elements = size_t(options.rows) * size_t(options.cols);
  size_t groups = size_t(options.rows) * size_t(options.cols / options.group);
  size_t inSize = elementKindSize(in), outSize = elementKindSize(out);
  problem.input = allocateTouched(elements * inSize);
  problem.scale = allocateTouched(groups * inSize);
  problem.zeroPoint = allocateTouched(groups * sizeof(int32_t));
  problem.output = allocateTouched(elements * outSize);
  unsigned char *input = problem.input.get(), *scale = problem.scale.get();

  // One seed for every pair: the same values, rounded to each input type.
  SplitMix64 random(0xba4acda);
  for (size_t i = 0; i < elements; ++i)
    storeFloat(in, input, i, normalish(random));
  auto *zp = reinterpret_cast<int32_t *>(problem.zeroPoint.get());
  for (size_t g = 0; g < groups; ++g) {
    storeFloat(in, scale, g, 0.05 + random.unit());
    zp[g] = static_cast<int32_t>(random.next() % 40) - 20;
  }
  problem.bytes = static_cast<double>(elements * (inSize + outSize) +
                                      groups * (inSize + sizeof(int32_t)));
  return problem;
}

UntypedQuantizePerGroupPlan selectPlan(const Stream &stream,
                                       const QuantizePerGroupDescriptor &desc,
                                       const std::string &what) {
  Result<UntypedQuantizePerGroupPlan> plan =
      UntypedQuantizePerGroupPlan::select(stream, desc);
  check(kTool, plan.status(), (what + " select").c_str());
  return std::move(*plan);
}

/// GB/s of one pair on the CPU backend with `options.threads` threads.
double pairGigabytesPerSecond(const Options &options,
                              std::pair<ElementKind, ElementKind> pair) {
  Problem problem = makeProblem(options, pair);
  Stream cpu = Stream::cpu(options.threads);
  std::string what = "quantize_per_group " + pairName(pair);
  UntypedQuantizePerGroupPlan plan = selectPlan(cpu, problem.desc, what);
  UntypedQuantizePerGroupArgs args = problem.args(0, options.rows);
  check(kTool, plan.can_implement(args), (what + " can_implement").c_str());
  double seconds = bestSeconds(
      [&] { check(kTool, plan.run(cpu, {}, args), (what + " run").c_str()); });
  return problem.bytes / seconds / 1e9;
}

/// Median microseconds of `work` over enough calls to take ~20 ms.
template <typename Work> double medianMicroseconds(Work &&work) {
  work();
  std::vector<double> samples;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (samples.size() < 20 || std::chrono::steady_clock::now() < deadline) {
    auto start = std::chrono::steady_clock::now();
    work();
    samples.push_back(std::chrono::duration<double, std::micro>(
                          std::chrono::steady_clock::now() - start)
                          .count());
  }
  return median(samples);
}

/// Small problems of the first pair: the calling thread alone against the
/// problem's rows split in `threads` parts run through the thread pool (what
/// the runtime would do without its size threshold).
void smallSweep(const Options &options) {
  auto pair = options.pairs.front();
  std::printf("| %s rows x %d | bytes | 1 thread us | %d threads us | "
              "speedup |\n|---|---:|---:|---:|---:|\n",
              pairName(pair).c_str(), options.cols, options.threads);
  for (int32_t rows = 1; rows <= options.rows; rows *= 2) {
    Options sized = options;
    sized.rows = rows;
    Problem problem = makeProblem(sized, pair);
    std::string what = "quantize_per_group " + pairName(pair);
    Stream one = Stream::cpu(1);
    UntypedQuantizePerGroupPlan whole = selectPlan(one, problem.desc, what);
    UntypedQuantizePerGroupArgs args = problem.args(0, rows);
    double single = medianMicroseconds(
        [&] { check(kTool, whole.run(one, {}, args), what.c_str()); });
    int parts = std::min(rows, options.threads);
    int32_t partRows = (rows + parts - 1) / parts;
    double split = single;
    if (parts > 1) {
      QuantizePerGroupDescriptor partDesc = problem.desc;
      partDesc.outer_size = partRows;
      UntypedQuantizePerGroupPlan part = selectPlan(one, partDesc, what);
      QuantizePerGroupDescriptor lastDesc = problem.desc;
      lastDesc.outer_size = rows - partRows * (parts - 1);
      UntypedQuantizePerGroupPlan last = selectPlan(one, lastDesc, what);
      split = medianMicroseconds([&] {
        cpuParallelFor(parts, parts, [&](int64_t p) {
          int32_t first = static_cast<int32_t>(p) * partRows;
          const UntypedQuantizePerGroupPlan &plan =
              p == parts - 1 ? last : part;
          int32_t count = static_cast<int32_t>(plan.descriptor().outer_size);
          check(kTool, plan.run(one, {}, problem.args(first, count)),
                what.c_str());
        });
      });
    }
    std::printf("| %d | %.0f | %.2f | %.2f | %.2f |\n", rows, problem.bytes,
                single, split, single / split);
    std::fflush(stdout);
  }
}

} // namespace

int main(int argc, char **argv) {
  Options options = parseOptions(argc, argv);

  std::printf("# baracuda-cpu-bench: %s, %s, %d thread(s) (%d CPUs "
              "available)\n",
              cpuModel().c_str(), today().c_str(), options.threads,
              availableCpus());
  std::printf("# quantize_per_group [%d x %d], group %d; memcpy %zu MiB; "
              "best of %d after a warm-up; GB = 1e9 bytes (read + write)\n\n",
              options.rows, options.cols, options.group, kMemcpyBytes >> 20,
              kRuns);
  std::fflush(stdout);

  if (options.smallSweep) {
    smallSweep(options);
    return 0;
  }

  // Measured first and alone: its 512 MiB are freed before the pairs run.
  double memcpyRate = memcpyGigabytesPerSecond(options.threads);

  std::printf("| pair | threads | GB/s | memcpy GB/s | ours / memcpy |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  for (auto pair : options.pairs) {
    double rate = pairGigabytesPerSecond(options, pair);
    std::printf("| %s | %d | %.2f | %.2f | %.2f |\n", pairName(pair).c_str(),
                options.threads, rate, memcpyRate, rate / memcpyRate);
    std::fflush(stdout);
  }
  return 0;
}
