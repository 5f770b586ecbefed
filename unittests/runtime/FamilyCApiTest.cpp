//===- FamilyCApiTest.cpp - Every C entry point of the family -------------===//
//
// All 104 SKUs of the 18 stems (baracuda_kernels.h), each called through a
// recipe written here from the reference's argument lists
// (../shared/reference/seed-quantize/README.md), independently of
// QuantizeFamily.def's rows: a row whose parameters or operand mapping
// drifted from the reference fails here. Every rule is checked from both
// sides through _can_implement, failed calls leave the output untouched, and
// _run of an op the compiler does not lower yet reports status 3 naming the
// missing kernel.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Testing/FamilyReference.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/baracuda_kernels.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace baracuda {
namespace {

/// Every argument any stem takes; pointers in the kernel's operand order
/// (QuantizeOpSpec::operands), which the recipes map to the C order.
struct StemArgs {
  int64_t numel = 0;
  double scale = 0.3; // not a float: the f64 stems must keep it double
  int32_t zeroPoint = 3;
  int32_t qMin = 0, qMax = 0;
  int32_t shape4Storage[4] = {2, 3, 4, 2};
  const int32_t *shape4 = shape4Storage;
  int32_t axis = 1;
  int32_t n = 4, d = 16;
  int32_t outer = 3, axisSize = 64, group = 16;
  const void *k[kMaxQuantizeOperands] = {};
};

// One recipe per stem: the reference's parameters, in its order.
#define RECIPE(stem, ...)                                                      \
  struct Recipe_##stem {                                                       \
    template <typename Fn>                                                     \
    static int32_t run(Fn fn, const StemArgs &a, void *stream) {               \
      return fn(__VA_ARGS__, nullptr, 0, stream);                              \
    }                                                                          \
    template <typename Fn> static int32_t check(Fn fn, const StemArgs &a) {    \
      return fn(__VA_ARGS__);                                                  \
    }                                                                          \
  };
RECIPE(quantize_per_tensor, a.numel, a.scale, a.zeroPoint, a.qMin, a.qMax,
       a.k[0], const_cast<void *>(a.k[3]))
RECIPE(dequantize_per_tensor, a.numel, a.scale, a.zeroPoint, a.k[0],
       const_cast<void *>(a.k[3]))
RECIPE(quantize_per_channel, a.numel, a.shape4, a.axis, a.qMin, a.qMax, a.k[0],
       a.k[1], a.k[2], const_cast<void *>(a.k[3]))
RECIPE(dequantize_per_channel, a.numel, a.shape4, a.axis, a.k[0], a.k[1],
       a.k[2], const_cast<void *>(a.k[3]))
RECIPE(quantize_per_token, a.n, a.d, a.qMin, a.qMax, a.k[0], a.k[1], a.k[2],
       const_cast<void *>(a.k[3]))
RECIPE(dequantize_per_token, a.n, a.d, a.k[0], a.k[1], a.k[2],
       const_cast<void *>(a.k[3]))
RECIPE(quantize_per_group, a.outer, a.axisSize, a.group, a.qMin, a.qMax, a.k[0],
       a.k[1], a.k[2], const_cast<void *>(a.k[3]))
RECIPE(dequantize_per_group, a.outer, a.axisSize, a.group, a.k[0], a.k[1],
       a.k[2], const_cast<void *>(a.k[3]))
// Backward: kernel order dy, x, scale, zero_point, dx (dy, scale, dq).
RECIPE(quantize_per_tensor_backward, a.numel, a.scale, a.zeroPoint, a.qMin,
       a.qMax, /*x*/ a.k[1], /*dy*/ a.k[0], const_cast<void *>(a.k[4]))
RECIPE(dequantize_per_tensor_backward, a.numel, a.scale, a.k[0],
       const_cast<void *>(a.k[2]))
RECIPE(fake_quantize, a.numel, a.scale, a.zeroPoint, a.qMin, a.qMax, a.k[0],
       const_cast<void *>(a.k[3]))
RECIPE(fake_quantize_backward, a.numel, a.scale, a.zeroPoint, a.qMin, a.qMax,
       /*x*/ a.k[1], /*dy*/ a.k[0], const_cast<void *>(a.k[4]))
RECIPE(quantize_per_channel_backward, a.numel, a.shape4, a.axis, a.qMin, a.qMax,
       /*x*/ a.k[1], /*scale*/ a.k[2], /*zp*/ a.k[3], /*dy*/ a.k[0],
       const_cast<void *>(a.k[4]))
RECIPE(dequantize_per_channel_backward, a.numel, a.shape4, a.axis,
       /*scale*/ a.k[1], /*dy*/ a.k[0], const_cast<void *>(a.k[2]))
RECIPE(quantize_per_token_backward, a.n, a.d, a.qMin, a.qMax, a.k[0], a.k[1],
       a.k[2], a.k[3], const_cast<void *>(a.k[4]))
RECIPE(dequantize_per_token_backward, a.n, a.d, a.k[0], a.k[1],
       const_cast<void *>(a.k[2]))
RECIPE(quantize_per_group_backward, a.outer, a.axisSize, a.group, a.qMin,
       a.qMax, a.k[0], a.k[1], a.k[2], a.k[3], const_cast<void *>(a.k[4]))
RECIPE(dequantize_per_group_backward, a.outer, a.axisSize, a.group, a.k[0],
       a.k[1], const_cast<void *>(a.k[2]))
#undef RECIPE

using RunFn = int32_t (*)(const StemArgs &, void *);
using CheckFn = int32_t (*)(const StemArgs &);

struct StemEntry {
  QuantizeStemSku sku;
  RunFn run;
  CheckFn check;
};

void PrintTo(const StemEntry &entry, std::ostream *os) {
  *os << entry.sku.name();
}

std::vector<StemEntry> allStems() {
  std::vector<StemEntry> entries;
#define Q_KIND_s8 ElementKind::S8
#define Q_KIND_u8 ElementKind::U8
#define Q_KIND__ std::nullopt
#define STEM_ENTRY(stem, Op, Layout, T_, Q_, params, bind)                     \
  entries.push_back(                                                           \
      {QuantizeStemSku{#stem, FamilyOp::Op, LayoutKind::Layout,                \
                       BARACUDA_QF_KIND(T_), Q_KIND_##Q_},                     \
       [](const StemArgs &a, void *stream) {                                   \
         return Recipe_##stem::run(&BARACUDA_QF_STEM_NAME(stem, T_, Q_, _run), \
                                   a, stream);                                 \
       },                                                                      \
       [](const StemArgs &a) {                                                 \
         return Recipe_##stem::check(                                          \
             &BARACUDA_QF_STEM_NAME(stem, T_, Q_, _can_implement), a);         \
       }});
  BARACUDA_QF_FOR_EACH_STEM_SKU(STEM_ENTRY)
#undef STEM_ENTRY
  return entries;
}

/// A valid problem of `entry` with host buffers; outputs poisoned.
struct StemProblem {
  const StemEntry &entry;
  const QuantizeOpSpec &op;
  StemArgs args;
  std::vector<std::vector<uint64_t>> buffers; // 8-byte aligned storage
  int outputIndex;
  size_t outputBytes = 0;

  /// With `parameterPerElement`, shapes where every element has its own
  /// parameter (block 1) and the period is a multiple of 16: per_channel on
  /// the last axis of [3, 1, 1, 32], per_token with d = 1, groups of 1.
  explicit StemProblem(const StemEntry &e, bool parameterPerElement = false)
      : entry(e), op(quantizeOpSpec(e.sku.op)) {
    ElementKind q = e.sku.q.value_or(ElementKind::S8);
    bool quantize = e.sku.op == FamilyOp::Quantize;
    args.qMin = quantize ? int32_t(integerKindMin(q)) : -128;
    args.qMax = quantize ? int32_t(integerKindMax(q)) : 127;
    args.numel = 48; // also the per-channel product 2*3*4*2
    if (parameterPerElement) {
      const int32_t lastAxis[4] = {3, 1, 1, 32};
      std::copy(lastAxis, lastAxis + 4, args.shape4Storage);
      args.axis = 3;
      args.numel = 96;
      args.n = 32;
      args.d = 1;
      args.group = 1;
    }
    int64_t numel = 0, params = 0;
    switch (e.sku.layout) {
    case LayoutKind::PerTensor:
      numel = args.numel;
      break;
    case LayoutKind::PerChannel:
      numel = args.numel;
      // The largest size, whichever axis a test picks.
      params = *std::max_element(args.shape4Storage, args.shape4Storage + 4);
      break;
    case LayoutKind::PerToken:
      numel = int64_t(args.n) * args.d;
      params = args.n;
      break;
    case LayoutKind::PerGroup:
      numel = int64_t(args.outer) * args.axisSize;
      // Any group >= 8, or of 1.
      params = int64_t(args.outer) * (args.axisSize / std::min(args.group, 8));
      break;
    }
    outputIndex = op.numOperands() - 1;
    buffers.resize(op.numOperands());
    for (int i = 0; i < op.numOperands(); ++i) {
      bool parameter = op.operands[i].isParameter();
      if (parameter && e.sku.layout == LayoutKind::PerTensor)
        continue; // by value
      size_t bytes = elementKindSize(op.operandElement(i, e.sku.t, q)) *
                     size_t(parameter ? params : numel);
      buffers[i].assign(bytes / 8 + 2, 0);
      // Data in range: zeros are valid inputs of every op.
      args.k[i] = buffers[i].data();
      if (i == outputIndex)
        outputBytes = bytes;
    }
    poison();
  }
  void poison() { std::memset(buffers[outputIndex].data(), 0xA5, outputBytes); }
  bool outputUntouched() const {
    const auto *bytes =
        reinterpret_cast<const uint8_t *>(buffers[outputIndex].data());
    for (size_t i = 0; i < outputBytes; ++i)
      if (bytes[i] != 0xA5)
        return false;
    return true;
  }
  int32_t check() { return entry.check(args); }
  int32_t run() { return entry.run(args, BARACUDA_CPU_STREAM); }
};

std::string lastError() { return baracuda_kernels_last_error_message(); }

class FamilyCApiTest : public ::testing::TestWithParam<StemEntry> {
protected:
  /// _can_implement of `p` is `expected`, and a failure names the rule
  /// (`fragment`) and leaves the output alone.
  void expectCheck(StemProblem &p, int32_t expected,
                   const std::string &fragment, const char *what) {
    SCOPED_TRACE(what);
    p.poison();
    EXPECT_EQ(p.check(), expected) << lastError();
    if (expected != BARACUDA_KERNELS_SUCCESS)
      EXPECT_NE(lastError().find(fragment), std::string::npos) << lastError();
    EXPECT_TRUE(p.outputUntouched());
  }
};

std::string stemTestName(const ::testing::TestParamInfo<StemEntry> &info) {
  return info.param.sku.name();
}

INSTANTIATE_TEST_SUITE_P(AllStems, FamilyCApiTest,
                         ::testing::ValuesIn(allStems()), stemTestName);

/// The stems whose op takes [q_min, q_max]: the range rules apply to them
/// only (instantiated for those alone, so that no test skips: the device
/// check counts an unexpected skip as a failure).
class FamilyCApiRangeTest : public FamilyCApiTest {};

std::vector<StemEntry> stemsWithRange() {
  std::vector<StemEntry> stems;
  for (const StemEntry &entry : allStems())
    if (quantizeOpSpec(entry.sku.op).hasRange)
      stems.push_back(entry);
  return stems;
}

INSTANTIATE_TEST_SUITE_P(StemsWithRange, FamilyCApiRangeTest,
                         ::testing::ValuesIn(stemsWithRange()), stemTestName);

/// The stems with memory parameters (all but per tensor), for the tests of
/// one parameter per element (instantiated for those alone, as above).
class FamilyCApiMemoryParameterTest : public FamilyCApiTest {};

std::vector<StemEntry> stemsWithMemoryParameters() {
  std::vector<StemEntry> stems;
  for (const StemEntry &entry : allStems())
    if (entry.sku.layout != LayoutKind::PerTensor)
      stems.push_back(entry);
  return stems;
}

INSTANTIATE_TEST_SUITE_P(StemsWithMemoryParameters,
                         FamilyCApiMemoryParameterTest,
                         ::testing::ValuesIn(stemsWithMemoryParameters()),
                         stemTestName);

TEST(FamilyCApiTableTest, HasTheReferencesEighteenStemsAnd104Skus) {
  std::vector<StemEntry> stems = allStems();
  EXPECT_EQ(stems.size(), 104u);
  std::set<std::string> names;
  for (const StemEntry &entry : stems)
    names.insert(entry.sku.stem);
  EXPECT_EQ(names.size(), 18u);
}

TEST(FamilyCApiTableTest, EveryEntryPointIsExported) {
  void *self = dlopen(nullptr, RTLD_NOW);
  ASSERT_NE(self, nullptr);
  for (const QuantizeStemSku &sku : kQuantizeStemSkus)
    for (const char *suffix : {"_run", "_can_implement"}) {
      std::string symbol = "baracuda_kernels_" + sku.name() + suffix;
      EXPECT_NE(dlsym(self, symbol.c_str()), nullptr) << symbol;
    }
}

TEST(FamilyCApiTableTest, KernelOperandsAreTheDialectsOperands) {
  for (const QuantizeOpSpec &op : kQuantizeOps) {
    SCOPED_TRACE(op.symbol);
    const std::vector<FamilyOperand> &dialect = familyOperands(op.kind);
    ASSERT_EQ(size_t(op.numOperands()), dialect.size());
    EXPECT_EQ(familyOpName(op.kind), op.symbol);
    EXPECT_EQ(familyOpHasRange(op.kind), op.hasRange);
    for (size_t i = 0; i < dialect.size(); ++i) {
      EXPECT_STREQ(op.operands[i].name, dialect[i].name);
      OperandRole role = dialect[i].role;
      switch (op.operands[i].role) {
      case QuantizeOperandRole::DataT:
      case QuantizeOperandRole::OutT:
        EXPECT_EQ(role, OperandRole::Float) << i;
        break;
      case QuantizeOperandRole::DataQ:
      case QuantizeOperandRole::OutQ:
        EXPECT_EQ(role, OperandRole::Quantized) << i;
        break;
      case QuantizeOperandRole::ScaleT:
        EXPECT_EQ(role, OperandRole::Scale) << i;
        break;
      case QuantizeOperandRole::ZeroPoint:
        EXPECT_EQ(role, OperandRole::ZeroPoint) << i;
        break;
      }
      EXPECT_EQ(op.operands[i].isOutput(), i + 1 == dialect.size()) << i;
    }
  }
}

TEST_P(FamilyCApiTest, ValidProblemIsAccepted) {
  StemProblem p(GetParam());
  expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "valid");
  EXPECT_EQ(lastError(), "");
}

TEST_P(FamilyCApiTest, SizesFromBothSides) {
  StemProblem p(GetParam());
  StemArgs valid = p.args;
  switch (GetParam().sku.layout) {
  case LayoutKind::PerTensor:
    p.args.numel = -1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "numel (-1)", "numel -1");
    p.args = valid;
    p.args.numel = 0;
    for (const void *&pointer : p.args.k)
      pointer = nullptr;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "empty, null pointers");
    break;
  case LayoutKind::PerChannel:
    p.args.axis = 4;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "axis (4)", "axis 4");
    p.args.axis = -1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "axis (-1)", "axis -1");
    p.args.axis = 3;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "axis 3");
    p.args.axis = 0;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "axis 0");
    p.args = valid;
    p.args.numel = 47;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "product of shape4",
                "numel != product");
    p.args.numel = 49;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "product of shape4",
                "numel != product (above)");
    p.args = valid;
    p.args.shape4Storage[2] = -4;
    p.args.numel = -48;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "non-negative",
                "negative size");
    p.args = valid;
    p.args.shape4 = nullptr;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "shape4 is null",
                "shape4 null");
    p.args.numel = 0;
    for (const void *&pointer : p.args.k)
      pointer = nullptr;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "shape4 null, empty");
    break;
  case LayoutKind::PerToken:
    p.args.n = -1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "n (-1)", "n -1");
    p.args = valid;
    p.args.d = -1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "d (-1)", "d -1");
    p.args = valid;
    p.args.n = 0;
    for (const void *&pointer : p.args.k)
      pointer = nullptr;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "n 0, null pointers");
    break;
  case LayoutKind::PerGroup:
    p.args.group = 0;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "group_size (0)",
                "group 0");
    p.args.group = 24;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "multiple of group_size",
                "axis % group");
    p.args.group = 32;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "group 32");
    p.args = valid;
    p.args.outer = -1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "outer", "outer -1");
    p.args = valid;
    p.args.outer = 0;
    for (const void *&pointer : p.args.k)
      pointer = nullptr;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "outer 0, null pointers");
    break;
  }
}

TEST_P(FamilyCApiRangeTest, RangeFromBothSides) {
  const StemEntry &entry = GetParam();
  StemProblem p(entry);
  StemArgs valid = p.args;
  p.args.qMin = 5;
  p.args.qMax = 4;
  expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "q_max (4)",
              "q_max < q_min");
  p.args.qMax = 5;
  expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "q_max == q_min");
  p.args = valid;
  if (entry.sku.op == FamilyOp::Quantize) {
    // Both bounds inside q's range, from both sides.
    int32_t lo = valid.qMin, hi = valid.qMax;
    p.args.qMin = lo - 1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "q_min", "q_min below");
    p.args.qMin = lo;
    p.args.qMax = hi + 1;
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM, "q_max", "q_max above");
    p.args.qMax = hi;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "the full range");
  } else {
    // The masks compare in i64: any int32 range.
    p.args.qMin = INT32_MIN;
    p.args.qMax = INT32_MAX;
    expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "any int32 range");
  }
}

TEST_P(FamilyCApiTest, NullAndMisalignedPointers) {
  StemProblem p(GetParam());
  const QuantizeOpSpec &op = p.op;
  for (int i = 0; i < op.numOperands(); ++i) {
    if (!p.args.k[i])
      continue; // a per-tensor value
    SCOPED_TRACE(op.operands[i].name);
    const void *pointer = p.args.k[i];
    p.args.k[i] = nullptr;
    // The message names the kernel operand the recipe's C argument fills:
    // a row binding the reference's arguments to the wrong operand fails.
    expectCheck(p, BARACUDA_KERNELS_INVALID_PROBLEM,
                std::string(op.operands[i].name) + " data is null", "null");
    size_t bytes = elementKindSize(op.operandElement(
        i, GetParam().sku.t, GetParam().sku.q.value_or(ElementKind::S8)));
    if (bytes > 1) {
      p.args.k[i] = static_cast<const char *>(pointer) + 1;
      expectCheck(p, BARACUDA_KERNELS_MISALIGNED_OPERAND,
                  std::string(op.operands[i].name) + " pointer", "misaligned");
    }
    p.args.k[i] = pointer;
  }
  expectCheck(p, BARACUDA_KERNELS_SUCCESS, "", "restored");
}

/// Fills input operand i of `p` with random values of its role: data with
/// the edge values, scales with 0 and negatives, zero points in [-20, 20].
void fillInputs(StemProblem &p, std::mt19937_64 &random) {
  const StemEntry &e = p.entry;
  ElementKind q = e.sku.q.value_or(ElementKind::S8);
  std::normal_distribution<double> normal(0, 40);
  for (int i = 0; i < p.op.numOperands(); ++i) {
    if (!p.args.k[i] || p.op.operands[i].isOutput())
      continue;
    ElementKind element = p.op.operandElement(i, e.sku.t, q);
    test::fillFamilyOperand(p.op.operands[i].role, element,
                            reinterpret_cast<uint8_t *>(p.buffers[i].data()),
                            p.buffers[i].size() * 8 / elementKindSize(element),
                            /*specialEvery=*/6, random, normal);
  }
}

/// The reference's view of `p`: the same problem over the same buffers.
testing::FamilyProblem referenceProblem(const StemProblem &p) {
  const StemEntry &e = p.entry;
  testing::FamilyProblem problem;
  problem.op = e.sku.op;
  problem.floatElement = e.sku.t;
  problem.quantElement = e.sku.q.value_or(ElementKind::S8);
  problem.qMin = p.args.qMin;
  problem.qMax = p.args.qMax;
  switch (e.sku.layout) {
  case LayoutKind::PerTensor:
    problem.layout = ParameterLayout::perTensor();
    problem.shape = {p.args.numel};
    break;
  case LayoutKind::PerChannel:
    problem.layout = ParameterLayout::perChannel(p.args.axis);
    problem.shape.assign(p.args.shape4, p.args.shape4 + 4);
    break;
  case LayoutKind::PerToken:
    problem.layout = ParameterLayout::perToken();
    problem.shape = {p.args.n, p.args.d};
    break;
  case LayoutKind::PerGroup:
    problem.layout = ParameterLayout::perGroup(p.args.group);
    problem.shape = {p.args.outer, p.args.axisSize};
    break;
  }
  return problem;
}

/// Whether element `i` of two `kind` arrays holds the same bits, or two NaNs
/// (`anyNaN`).
bool sameElement(ElementKind kind, const uint8_t *a, const uint8_t *b, size_t i,
                 bool anyNaN) {
  size_t size = elementKindSize(kind);
  if (std::memcmp(a + i * size, b + i * size, size) == 0)
    return true;
  if (!anyNaN)
    return false;
  return std::isnan(test::loadAsDouble(kind, a, i)) &&
         std::isnan(test::loadAsDouble(kind, b, i));
}

/// Runs `p` (inputs filled) on the CPU and compares its output with the
/// reference's, bit for bit; with `anyNaN`, a NaN equals any NaN (the sign
/// and payload of a NaN an operation makes, `0 · Inf`, are not part of the
/// semantics: x86 makes a negative one, PTX and the CPU kernels' bf16
/// conversion a positive one; docs/Semantics.md).
void expectRunMatchesReference(StemProblem &p, bool anyNaN = false) {
  const StemEntry &entry = p.entry;
  ASSERT_EQ(p.run(), BARACUDA_KERNELS_SUCCESS) << lastError();

  const QuantizeOpSpec &op = p.op;
  bool perTensor = entry.sku.layout == LayoutKind::PerTensor;
  // Per tensor the reference takes the scalars from host memory, the scale
  // in the stem's C type (float unless f64).
  float scale32 = float(p.args.scale);
  double scale64 = p.args.scale;
  int32_t zeroPoint = p.args.zeroPoint;
  std::vector<const void *> ins;
  for (int i = 0; i + 1 < op.numOperands(); ++i) {
    QuantizeOperandRole role = op.operands[i].role;
    if (perTensor && role == QuantizeOperandRole::ScaleT)
      ins.push_back(entry.sku.t == ElementKind::F64
                        ? static_cast<const void *>(&scale64)
                        : static_cast<const void *>(&scale32));
    else if (perTensor && role == QuantizeOperandRole::ZeroPoint)
      ins.push_back(&zeroPoint);
    else
      ins.push_back(p.args.k[i]);
  }
  std::vector<uint64_t> expected(p.buffers[p.outputIndex].size(), 0);
  testing::FamilyProblem problem = referenceProblem(p);
  testing::referenceFamily(problem, testing::familyBuffersInOperandOrder(
                                        problem, ins, expected.data()));
  ElementKind outKind = op.operandElement(
      p.outputIndex, entry.sku.t, entry.sku.q.value_or(ElementKind::S8));
  const auto *want = reinterpret_cast<const uint8_t *>(expected.data());
  const auto *got =
      reinterpret_cast<const uint8_t *>(p.buffers[p.outputIndex].data());
  size_t differing = 0;
  for (size_t i = 0; i < p.outputBytes / elementKindSize(outKind); ++i)
    differing += !sameElement(outKind, want, got, i, anyNaN);
  EXPECT_EQ(differing, 0u) << "output elements differ from the reference";
}

TEST_P(FamilyCApiTest, RunOnCpuMatchesTheReference) {
  const StemEntry &entry = GetParam();
  if (!quantizeOpSpec(entry.sku.op).lowered)
    GTEST_SKIP() << "no kernels for " << quantizeOpSpec(entry.sku.op).symbol
                 << " in the library yet (QuantizeFamily.def)";
  std::mt19937_64 random(42);
  StemProblem p(entry);
  fillInputs(p, random);
  expectRunMatchesReference(p);
}

/// Scales at the edges of every path: NaN (the quotient is NaN, taken as 0:
/// quantize gives clamp(zp), and quantize_backward's dx is NaN where zp is in
/// range, not the +0 of a zero scale), ±Inf, ±0, an f32 denormal, scales
/// below and above the fast paths' guards (2^-110, 2^120) and 1e30.
constexpr double kEdgeScales[] = {NAN,   INFINITY, -INFINITY, 0.0,  -0.0,
                                  1e-40, 0x1p-110, 0x1p120,   1e30, -3.0};

/// Writes kEdgeScales, from the `shift`-th on and cyclically, into every
/// element of `p`'s scale buffer (memory parameters).
void setEdgeScales(StemProblem &p, size_t shift) {
  int scale = p.op.indexOf(QuantizeOperandRole::ScaleT);
  ASSERT_GE(scale, 0);
  ElementKind element = p.op.operandElement(
      scale, p.entry.sku.t, p.entry.sku.q.value_or(ElementKind::S8));
  size_t bytes = elementKindSize(element);
  auto *base = reinterpret_cast<uint8_t *>(p.buffers[scale].data());
  size_t count = p.buffers[scale].size() * 8 / bytes;
  for (size_t j = 0; j < count; ++j)
    test::storeElement(element,
                       kEdgeScales[(j + shift) % std::size(kEdgeScales)],
                       base + j * bytes);
}

// Every stem with each edge scale: per tensor as its scale; with memory
// parameters in every parameter (the scales cycle through the list, the
// list shifted per run), on the default shapes and on one parameter per
// element (the CPU kernels' parameter-vector loop). The data has its edge
// values too.
TEST_P(FamilyCApiTest, EdgeScalesMatchTheReference) {
  const StemEntry &entry = GetParam();
  if (!quantizeOpSpec(entry.sku.op).lowered)
    GTEST_SKIP() << "no kernels for " << quantizeOpSpec(entry.sku.op).symbol;
  bool perTensor = entry.sku.layout == LayoutKind::PerTensor;
  for (size_t s = 0; s < std::size(kEdgeScales); ++s) {
    for (bool parameterPerElement : {false, true}) {
      if (perTensor && parameterPerElement)
        continue;
      SCOPED_TRACE("edge scale " + std::to_string(kEdgeScales[s]) +
                   (parameterPerElement ? ", one parameter per element" : ""));
      std::mt19937_64 random(11 + s);
      StemProblem p(entry, parameterPerElement);
      fillInputs(p, random);
      if (perTensor)
        p.args.scale = kEdgeScales[s];
      else
        setEdgeScales(p, s);
      expectRunMatchesReference(p, /*anyNaN=*/true);
    }
  }
}

// One parameter per element (block 1, period a multiple of 16): the CPU
// kernels' parameter-vector loop, which reads 16 parameters at a time and
// prepares them as vectors (the GPU's parameter-vector kernels build the
// same element functions over parameter vectors). Parameter 5 gets a zero
// point past every fast-path limit, so its vector takes the exact path
// and the others the fast one.
TEST_P(FamilyCApiMemoryParameterTest,
       RunOnCpuWithOneParameterPerElementMatchesTheReference) {
  const StemEntry &entry = GetParam();
  std::mt19937_64 random(7);
  StemProblem p(entry, /*parameterPerElement=*/true);
  fillInputs(p, random);
  int zeroPoint = p.op.indexOf(QuantizeOperandRole::ZeroPoint);
  if (zeroPoint >= 0) {
    int32_t huge = (1 << 30) + 7;
    std::memcpy(reinterpret_cast<uint8_t *>(p.buffers[zeroPoint].data()) +
                    5 * sizeof(int32_t),
                &huge, sizeof(huge));
  }
  expectRunMatchesReference(p);
}

} // namespace
} // namespace baracuda
