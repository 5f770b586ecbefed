//===- QuantizeTestSupport.cpp - Shared pieces of the quantize tests ------===//

#include "QuantizeTestSupport.h"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <sstream>

#include <unistd.h>

namespace baracuda::test {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

/// Calls `body(QuantizePair<In, Out>{})` for the C++ types of (in, out).
template <typename Body>
auto withPairTypes(ElementKind in, ElementKind out, Body &&body) {
  auto withOutput = [&](auto inputTag) {
    using In = decltype(inputTag);
    if (out == ElementKind::S8)
      return body(QuantizePair<In, int8_t>{});
    return body(QuantizePair<In, uint8_t>{});
  };
  switch (in) {
  case ElementKind::F64:
    return withOutput(double{});
  case ElementKind::F16:
    return withOutput(Half{});
  case ElementKind::BF16:
    return withOutput(BFloat16{});
  default:
    return withOutput(float{});
  }
}

/// Appends `value` stored as `kind` to `bytes`.
void appendElement(std::vector<uint8_t> &bytes, ElementKind kind,
                   double value) {
  withPairTypes(kind, ElementKind::S8, [&](auto pair) {
    using In = typename decltype(pair)::Input;
    In stored = storeAs<In>(value);
    const auto *raw = reinterpret_cast<const uint8_t *>(&stored);
    bytes.insert(bytes.end(), raw, raw + sizeof(In));
    return 0;
  });
}

} // namespace

const CudaDevice *sharedDevice() {
  static Result<CudaDevice> *device =
      new Result<CudaDevice>(CudaDevice::open());
  return device->ok() ? &device->value() : nullptr;
}

void fillFamilyOperand(QuantizeOperandRole role, ElementKind element,
                       uint8_t *base, size_t count, int specialEvery,
                       std::mt19937_64 &random,
                       std::normal_distribution<double> &normal) {
  const double specials[] = {0.0,      -0.0,      2.5,  -3.5, NAN,
                             INFINITY, -INFINITY, 1e30, 1e-40};
  size_t bytes = elementKindSize(element);
  for (size_t k = 0; k < count; ++k) {
    double v = normal(random);
    switch (role) {
    case QuantizeOperandRole::ScaleT:
      v = k % 7 == 3 ? 0.0 : std::fabs(v) / 20 * (k % 5 == 1 ? -1 : 1);
      break;
    case QuantizeOperandRole::ZeroPoint:
      v = double(int64_t(random() % 41) - 20);
      break;
    default:
      if (k % specialEvery == 0)
        v = specials[(k / specialEvery) % 9];
    }
    uint8_t *at = base + k * bytes;
    if (element == ElementKind::S8 || element == ElementKind::U8)
      *at = uint8_t(random()); // Any quantized value.
    else
      storeElement(element, v, at);
  }
}

void storeElement(ElementKind element, double value, uint8_t *at) {
  switch (element) {
  case ElementKind::F32: {
    float f = float(value);
    std::memcpy(at, &f, 4);
    return;
  }
  case ElementKind::F64:
    std::memcpy(at, &value, 8);
    return;
  case ElementKind::F16: {
    uint16_t h = testing::floatToHalf(float(value));
    std::memcpy(at, &h, 2);
    return;
  }
  case ElementKind::BF16: {
    uint16_t h = testing::floatToBf16(float(value));
    std::memcpy(at, &h, 2);
    return;
  }
  case ElementKind::S8:
  case ElementKind::U8:
    *at = uint8_t(int64_t(value));
    return;
  case ElementKind::S32: {
    int32_t i = int32_t(value);
    std::memcpy(at, &i, 4);
    return;
  }
  }
}

std::vector<std::pair<ElementKind, ElementKind>> allQuantizeKindPairs() {
  std::vector<std::pair<ElementKind, ElementKind>> pairs;
  for (ElementKind in : {ElementKind::F32, ElementKind::F64, ElementKind::F16,
                         ElementKind::BF16})
    for (ElementKind out : {ElementKind::S8, ElementKind::U8})
      pairs.emplace_back(in, out);
  return pairs;
}

uint64_t testSeed() {
  static const uint64_t seed = [] {
    uint64_t value = 20240611;
    if (const char *text = std::getenv("BARACUDA_TEST_SEED"))
      value = std::strtoull(text, nullptr, 0);
    std::cout << "[ seed     ] BARACUDA_TEST_SEED=" << value
              << " (set the variable to replay)" << std::endl;
    return value;
  }();
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  return seed;
}

double loadAsDouble(ElementKind kind, const void *data, size_t index) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  switch (kind) {
  case ElementKind::F32: {
    float value;
    std::memcpy(&value, bytes + 4 * index, 4);
    return value;
  }
  case ElementKind::F64: {
    double value;
    std::memcpy(&value, bytes + 8 * index, 8);
    return value;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, bytes + 2 * index, 2);
    return kind == ElementKind::F16 ? testing::halfToFloat(bits)
                                    : testing::bf16ToFloat(bits);
  }
  case ElementKind::S8:
    return static_cast<const int8_t *>(data)[index];
  case ElementKind::U8:
    return bytes[index];
  case ElementKind::S32: {
    int32_t value;
    std::memcpy(&value, bytes + 4 * index, 4);
    return value;
  }
  }
  return kNaN;
}

QuantizeProblem randomProblem(ElementKind in, ElementKind out,
                              const std::string &label, int32_t outer,
                              int32_t axis, int32_t group, int32_t qMin,
                              int32_t qMax, std::mt19937_64 &random) {
  QuantizeProblem problem;
  problem.label = label;
  problem.desc =
      QuantizePerGroupDescriptor{outer, axis, group, qMin, qMax, in, out};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> exponent(-10, 6);
  double span = double(qMax) - double(qMin) + 1.0;

  std::vector<double> scales;
  // One zero scale in every problem of two groups or more (the 2% chance
  // below leaves small problems without one).
  const int64_t zeroScaleGroup =
      problem.numGroups() >= 2 ? problem.numGroups() / 2 : -1;
  for (int64_t g = 0; g < problem.numGroups(); ++g) {
    double kind = unit(random);
    double scale;
    if (kind < 0.02 || g == zeroScaleGroup)
      scale = 0.0; // Everything in the group quantizes to the zero point.
    else if (kind < 0.30)
      scale = std::ldexp(1.0, exponent(random)); // Exact ties below.
    else
      scale = (0.5 + unit(random)) * std::ldexp(1.0, exponent(random));
    if (unit(random) < 0.1)
      scale = -scale;
    scales.push_back(scale);
    appendElement(problem.scale, in, scale);
    int32_t center = int32_t(std::floor((double(qMin) + double(qMax)) / 2));
    int32_t jitter = int32_t(unit(random) * 16) - 8;
    problem.zeroPoint.push_back(center + jitter);
  }
  for (int64_t i = 0; i < problem.numElements(); ++i) {
    int64_t row = i / std::max(axis, 1);
    int64_t column = i % std::max(axis, 1);
    double scale = scales[row * problem.desc.num_groups() + column / group];
    double target = (unit(random) - 0.5) * 1.3 * span;
    double kind = unit(random);
    double x;
    if (kind < 0.15)
      x = (std::floor(target) + 0.5) * scale; // A tie (exact for 2^k scales).
    else if (kind < 0.17)
      x = unit(random) < 0.5 ? 0.0 : -0.0;
    else
      x = target * (scale == 0.0 ? 1.0 : scale);
    appendElement(problem.input, in, x);
  }
  return problem;
}

QuantizeProblem edgeCaseProblem(ElementKind in, ElementKind out, int32_t qMin,
                                int32_t qMax, int32_t group) {
  const double values[] = {
      0.0,          -0.0,          0.5,          -0.5,          1.5,
      -1.5,         2.5,           -2.5,         3.5,           -3.5,
      126.5,        127.5,         -128.5,       254.5,         255.5,
      0.49999997, // Just below .5 in f32: rounds down.
      0.50000006, // Just above .5 in f32: rounds up.
      1.0,          -1.0,          7.49,         100.0,         -100.0,
      65504.0,      16777217.0, // 2^24 + 1
      1e38,         -1e38,         3e38,         -3e38,         1e300,
      1e-40,        -1e-40, // f32 denormals
      6e-8,                 // f16 denormal
      1e-310,               // f64 denormal
      2147483648.0, -2147483648.0, 2147483904.0, -2147483904.0, 1e10,
      kNaN,         -kNaN,         kInf,         -kInf};
  const double scales[] = {1.0,   -1.0, 0.5,    2.0,  0.0,  -0.0, 3.0,  0.1,
                           1e-40, 6e-8, 1e-310, 1e38, kNaN, kInf, -kInf};
  // Each side of the fast paths' zero-point limits (2^23 where the CPU
  // clamps in f32, 2^30 where the GPU clamps in i32), and the extremes.
  const int32_t zeroPoints[] = {0,
                                1,
                                -1,
                                3,
                                -7,
                                127,
                                -128,
                                255,
                                1000000,
                                1 << 23,
                                (1 << 23) + 1,
                                -(1 << 23) - 1,
                                1 << 30,
                                (1 << 30) - 1,
                                -(1 << 30),
                                -(1 << 30) - 1,
                                kInt32Max,
                                kInt32Min,
                                kInt32Min + 1};
  // Ties whose rounding direction changes the clamped output, on each
  // path: round half to even gives the first answer, half away from zero
  // another one. Each is one group (the value repeated to fill it).
  struct TieCase {
    double x, scale;
    int32_t zeroPoint;
  };
  std::vector<TieCase> ties;
  switch (in) {
  case ElementKind::F32:
    // |zp| > 2^23: the CPU's exact path. -8388500 + 8388609 = 109, not 108.
    ties = {{-8388500.5, 1.0, (1 << 23) + 1}, {8388500.5, 1.0, -(1 << 23) - 1}};
    break;
  case ElementKind::F64:
    // Also |zp| > 2^30: the GPU's exact path. -1073741700 + 2^30 + 1 = 125.
    ties = {{-8388500.5, 1.0, (1 << 23) + 1},
            {-1073741700.5, 1.0, (1 << 30) + 1},
            {1073741700.5, 1.0, -(1 << 30) - 1}};
    break;
  case ElementKind::BF16:
    // A subnormal scale (2^-132): the exact path on both backends. 5 * 2^-133
    // / 2^-132 = 2.5 -> 2, then 12 with zero point 10 (13 away from zero).
    ties = {{std::ldexp(5.0, -133), std::ldexp(1.0, -132), 10},
            {std::ldexp(-5.0, -133), std::ldexp(1.0, -132), 10}};
    break;
  default:
    // f16 reaches the CPU's exact path only for |zp| > 2^23, where no f16
    // quotient is a tie; its fast-path ties are among the values above.
    break;
  }

  // The values in chunks of `group` (the last chunk, or a group larger than
  // all values, repeats them cyclically); every chunk meets every (scale,
  // zero point) pair as one group.
  static_assert(std::size(values) <= kEdgeCaseVectorGroup,
                "a group of kEdgeCaseVectorGroup must hold every value");
  const int64_t numValues = int64_t(std::size(values));
  const int64_t chunks = (numValues + group - 1) / group;
  const int64_t numGroups =
      chunks * int64_t(std::size(scales) * std::size(zeroPoints)) +
      int64_t(ties.size());
  QuantizeProblem problem;
  problem.label = "edge cases, group " + std::to_string(group) + ", q range [" +
                  std::to_string(qMin) + ", " + std::to_string(qMax) + "]";
  problem.desc = QuantizePerGroupDescriptor{
      /*outer=*/1, /*axis=*/int32_t(numGroups * group),
      group,       qMin,
      qMax,        in,
      out};
  for (int64_t chunk = 0; chunk < chunks; ++chunk)
    for (double scale : scales)
      for (int32_t zeroPoint : zeroPoints) {
        appendElement(problem.scale, in, scale);
        problem.zeroPoint.push_back(zeroPoint);
        for (int64_t k = 0; k < group; ++k)
          appendElement(problem.input, in,
                        values[(chunk * group + k) % numValues]);
      }
  for (const TieCase &tie : ties) {
    appendElement(problem.scale, in, tie.scale);
    problem.zeroPoint.push_back(tie.zeroPoint);
    for (int64_t k = 0; k < group; ++k)
      appendElement(problem.input, in, tie.x);
  }
  return problem;
}

const std::vector<ShapeCase> &oddShapes() {
  static const std::vector<ShapeCase> shapes = {
      {"outer 1", 1, 256, 64},     {"axis == group", 3, 128, 128},
      {"group 1", 7, 96, 1},       {"group > 1024", 3, 3072, 1536},
      {"empty outer", 0, 64, 32},  {"empty axis", 5, 0, 4},
      {"single element", 1, 1, 1}, {"odd group", 9, 1001, 7},
      {"typical", 33, 4096, 128},
  };
  return shapes;
}

std::vector<std::pair<int32_t, int32_t>> quantRanges(ElementKind out) {
  if (out == ElementKind::S8)
    return {{-128, 127}, {-8, 7}, {5, 5}, {-100, 3}};
  return {{0, 255}, {0, 15}, {255, 255}, {3, 200}};
}

std::vector<uint8_t> referenceOutput(const QuantizeProblem &problem) {
  std::vector<uint8_t> output(problem.outputBytes());
  testing::quantizePerGroupReference(problem.desc, problem.input.data(),
                                     problem.scale.data(),
                                     problem.zeroPoint.data(), output.data());
  return output;
}

::testing::AssertionResult bitExact(const QuantizeProblem &problem,
                                    const std::vector<uint8_t> &actual,
                                    const std::vector<uint8_t> &expected) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure()
           << problem.label << ": output has " << actual.size()
           << " bytes, expected " << expected.size();
  const QuantizePerGroupDescriptor &desc = problem.desc;
  std::ostringstream details;
  int64_t mismatches = 0;
  for (int64_t i = 0; i < problem.numElements(); ++i) {
    if (actual[i] == expected[i])
      continue;
    if (++mismatches > 12)
      continue;
    int64_t group = (i / desc.axis_size) * desc.num_groups() +
                    (i % desc.axis_size) / desc.group_size;
    details << "\n  [" << i << "] x="
            << loadAsDouble(desc.input_element, problem.input.data(), i)
            << " scale="
            << loadAsDouble(desc.input_element, problem.scale.data(), group)
            << " zero_point=" << problem.zeroPoint[group]
            << " got=" << loadAsDouble(desc.output_element, actual.data(), i)
            << " (byte 0x" << std::hex << int(actual[i]) << std::dec
            << ") expected="
            << loadAsDouble(desc.output_element, expected.data(), i);
  }
  if (mismatches == 0)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << problem.label << " ([" << desc.outer_size << ", " << desc.axis_size
         << "], group " << desc.group_size << ", "
         << elementKindName(desc.input_element) << "->"
         << elementKindName(desc.output_element) << ", q [" << desc.q_min
         << ", " << desc.q_max << "]): " << mismatches << " of "
         << problem.numElements() << " elements differ" << details.str();
}

Status runTypedPlan(const Stream &stream, const QuantizeProblem &problem,
                    const void *input, const void *scale,
                    const int32_t *zeroPoint, void *output,
                    PlanPreference preference,
                    std::shared_ptr<const KernelLibrary> library,
                    KernelSku *sku) {
  const QuantizePerGroupDescriptor &desc = problem.desc;
  return withPairTypes(
      desc.input_element, desc.output_element, [&](auto pair) -> Status {
        using In = typename decltype(pair)::Input;
        using Out = typename decltype(pair)::Output;
        auto plan = QuantizePerGroupPlan<In, Out>::select(stream, desc,
                                                          preference, library);
        if (!plan)
          return plan.status();
        if (sku)
          *sku = plan->sku();
        QuantizePerGroupArgs<In, Out> args;
        args.input = {static_cast<const In *>(input),
                      {desc.outer_size, desc.axis_size}};
        args.scale = {static_cast<const In *>(scale),
                      {desc.outer_size, desc.num_groups()}};
        args.zero_point = {zeroPoint, {desc.outer_size, desc.num_groups()}};
        args.output = {static_cast<Out *>(output),
                       {desc.outer_size, desc.axis_size}};
        return plan->run(stream, Workspace{}, args);
      });
}

Result<std::vector<uint8_t>>
runOnCpu(const QuantizeProblem &problem, uint8_t poison,
         PlanPreference preference,
         std::shared_ptr<const KernelLibrary> library) {
  std::vector<uint8_t> output(problem.outputBytes() + kGuardBytes, poison);
  Status status = runTypedPlan(Stream::cpu(), problem, problem.input.data(),
                               problem.scale.data(), problem.zeroPoint.data(),
                               output.data(), preference, std::move(library));
  if (!status.ok())
    return status;
  for (size_t i = problem.outputBytes(); i < output.size(); ++i)
    if (output[i] != poison)
      return internalError("the kernel wrote past the output, at byte " +
                           std::to_string(i));
  output.resize(problem.outputBytes());
  return output;
}

void expectMatchesReference(const QuantizeProblem &problem,
                            const QuantizeRunner &run) {
  std::vector<uint8_t> expected = referenceOutput(problem);
  for (uint8_t poison : kPoisonBytes) {
    SCOPED_TRACE(problem.label + ", output poisoned with " +
                 std::to_string(poison));
    Result<std::vector<uint8_t>> actual = run(problem, poison);
    ASSERT_TRUE(actual.ok()) << actual.status().message();
    EXPECT_TRUE(bitExact(problem, *actual, expected));
  }
}

void expectMatrixMatchesReference(ElementKind in, ElementKind out,
                                  const QuantizeRunner &run) {
  std::mt19937_64 random(testSeed());
  for (const ShapeCase &shape : oddShapes())
    for (auto [qMin, qMax] : quantRanges(out)) {
      QuantizeProblem problem = randomProblem(
          in, out,
          std::string(shape.label) + ", q range [" + std::to_string(qMin) +
              ", " + std::to_string(qMax) + "]",
          shape.outer, shape.axis, shape.group, qMin, qMax, random);
      expectMatchesReference(problem, run);
    }
  for (auto [qMin, qMax] : quantRanges(out))
    for (int32_t group : {1, kEdgeCaseVectorGroup})
      expectMatchesReference(edgeCaseProblem(in, out, qMin, qMax, group), run);
}

std::string testCpuKernelsSharedObject() {
  char self[PATH_MAX] = {};
  ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length > 0) {
    std::string path(self, size_t(length));
    path = path.substr(0, path.rfind('/')) + "/../lib/" +
           BARACUDA_TEST_CPU_KERNELS_SO_NAME;
    if (access(path.c_str(), R_OK) == 0)
      return path;
  }
  return BARACUDA_TEST_CPU_KERNELS_SO_PATH;
}

} // namespace baracuda::test
