//===- FamilyQuantizeCpuTest.cpp - quantize stems on the CPU, bit-exact ---===//
//
// The quantize_per_tensor / _per_channel / _per_token C entry points of every
// (in, q) pair run the compiler's CPU kernels through the family plan core;
// each output element must equal the independent scalar reference
// (baracuda/Testing/QuantizeReference.h) at the parameter the test finds
// from the element's coordinates (not from block / period). Random data
// with the edge values (ties, +-0, NaN, +-Inf, huge, denormal, scale 0),
// problems small and large enough to run in several chunks, poisoned
// outputs. (quantize_per_group's entry points: CApiTest.)
//
//===----------------------------------------------------------------------===//

#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/baracuda_kernels.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace baracuda {
namespace {

/// A host array of `kind` elements built from doubles.
struct Buffer {
  ElementKind kind;
  std::vector<uint8_t> bytes;

  Buffer(ElementKind k, const std::vector<double> &values) : kind(k) {
    bytes.resize(values.size() * elementKindSize(k));
    for (size_t i = 0; i < values.size(); ++i)
      store(i, values[i]);
  }
  void store(size_t i, double v) {
    switch (kind) {
    case ElementKind::F32: {
      float f = float(v);
      std::memcpy(&bytes[i * 4], &f, 4);
      break;
    }
    case ElementKind::F64:
      std::memcpy(&bytes[i * 8], &v, 8);
      break;
    case ElementKind::F16: {
      uint16_t h = testing::floatToHalf(float(v));
      std::memcpy(&bytes[i * 2], &h, 2);
      break;
    }
    case ElementKind::BF16: {
      uint16_t h = testing::floatToBf16(float(v));
      std::memcpy(&bytes[i * 2], &h, 2);
      break;
    }
    default:
      break;
    }
  }
  /// Element i widened exactly to double.
  double load(size_t i) const {
    switch (kind) {
    case ElementKind::F32: {
      float f;
      std::memcpy(&f, &bytes[i * 4], 4);
      return f;
    }
    case ElementKind::F64: {
      double d;
      std::memcpy(&d, &bytes[i * 8], 8);
      return d;
    }
    case ElementKind::F16: {
      uint16_t h;
      std::memcpy(&h, &bytes[i * 2], 2);
      return testing::halfToFloat(h);
    }
    default: {
      uint16_t h;
      std::memcpy(&h, &bytes[i * 2], 2);
      return testing::bf16ToFloat(h);
    }
    }
  }
};

std::vector<double> randomData(size_t n, std::mt19937_64 &random) {
  std::normal_distribution<double> normal(0, 40);
  const double specials[] = {0.0,
                             -0.0,
                             2.5,
                             -2.5,
                             3.5,
                             std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             1e30,
                             -1e30,
                             1e-40};
  std::vector<double> values(n);
  for (size_t i = 0; i < n; ++i)
    values[i] = i % 13 < 11 && i % 5 == 0 ? specials[i % 11] : normal(random);
  return values;
}

/// Scales with a zero and negative ones; zero points inside [-20, 20].
std::vector<double> randomScales(size_t n, std::mt19937_64 &random) {
  std::uniform_real_distribution<double> uniform(0.05, 4);
  std::vector<double> scales(n);
  for (size_t i = 0; i < n; ++i)
    scales[i] = i % 7 == 3 ? 0.0 : (i % 5 == 1 ? -1 : 1) * uniform(random);
  return scales;
}

void *entryPoint(const std::string &name) {
  return dlsym(RTLD_DEFAULT, ("baracuda_kernels_" + name + "_run").c_str());
}

int32_t qLow(ElementKind q) { return q == ElementKind::S8 ? -100 : 3; }
int32_t qHigh(ElementKind q) { return q == ElementKind::S8 ? 90 : 250; }

/// Compares `out` (q elements) with the reference at parameter `param(i)`.
template <typename Param>
void expectMatches(const std::vector<uint8_t> &out, ElementKind q,
                   const Buffer &x, const Buffer &scale,
                   const std::vector<int32_t> &zp, Param &&param) {
  int mismatches = 0;
  for (size_t i = 0; i < x.bytes.size() / elementKindSize(x.kind); ++i) {
    size_t p = param(i);
    int32_t expected = testing::quantizeOne(x.load(i), scale.load(p), zp[p],
                                            qLow(q), qHigh(q), x.kind);
    int32_t got = q == ElementKind::S8 ? int32_t(int8_t(out[i])) : out[i];
    if (got != expected && ++mismatches <= 5)
      ADD_FAILURE() << "element " << i << " (x " << x.load(i) << ", scale "
                    << scale.load(p) << ", zp " << zp[p] << "): " << got
                    << " != " << expected;
  }
}

class FamilyQuantizeCpuTest
    : public ::testing::TestWithParam<std::pair<ElementKind, ElementKind>> {};

INSTANTIATE_TEST_SUITE_P(
    AllPairs, FamilyQuantizeCpuTest, ::testing::ValuesIn([] {
      std::vector<std::pair<ElementKind, ElementKind>> pairs;
      for (ElementKind t : kQuantizeFloatTypes)
        for (ElementKind q : kQuantizeQuantTypes)
          pairs.push_back({t, q});
      return pairs;
    }()),
    [](const auto &info) {
      return std::string(elementKindName(info.param.first)) + "_" +
             std::string(elementKindName(info.param.second));
    });

std::string pairName(ElementKind t, ElementKind q) {
  return std::string(elementKindName(t)) + "_" +
         std::string(elementKindName(q));
}

TEST_P(FamilyQuantizeCpuTest, PerTensorMatchesReference) {
  auto [t, q] = GetParam();
  std::mt19937_64 random(1234);
  for (size_t n : {size_t(1), size_t(37), size_t(700001)}) {
    SCOPED_TRACE("numel " + std::to_string(n));
    Buffer x(t, randomData(n, random));
    for (double scaleValue : {0.37, -1.5, 0.0, 1e-3}) {
      std::vector<uint8_t> out(n, 0xA5);
      int32_t zp = 7, status;
      void *fn = entryPoint("quantize_per_tensor_" + pairName(t, q));
      ASSERT_NE(fn, nullptr);
      if (t == ElementKind::F64)
        status = reinterpret_cast<int32_t (*)(
            int64_t, double, int32_t, int32_t, int32_t, const void *, void *,
            void *, size_t, void *)>(fn)(int64_t(n), scaleValue, zp, qLow(q),
                                         qHigh(q), x.bytes.data(), out.data(),
                                         nullptr, 0, BARACUDA_CPU_STREAM);
      else
        status = reinterpret_cast<int32_t (*)(int64_t, float, int32_t, int32_t,
                                              int32_t, const void *, void *,
                                              void *, size_t, void *)>(fn)(
            int64_t(n), float(scaleValue), zp, qLow(q), qHigh(q),
            x.bytes.data(), out.data(), nullptr, 0, BARACUDA_CPU_STREAM);
      ASSERT_EQ(status, 0) << baracuda_kernels_last_error_message();
      // The scale reaches the kernel as the C type (float unless f64).
      Buffer scale(t == ElementKind::F64 ? ElementKind::F64 : ElementKind::F32,
                   {scaleValue});
      expectMatches(out, q, x, scale, {zp}, [](size_t) { return 0; });
    }
  }
}

TEST_P(FamilyQuantizeCpuTest, PerChannelEveryAxisMatchesReference) {
  auto [t, q] = GetParam();
  std::mt19937_64 random(99);
  const int32_t shapes[][4] = {{3, 5, 7, 2}, {2, 300, 41, 19}};
  for (const auto &shape4 : shapes)
    for (int32_t axis = 0; axis < 4; ++axis) {
      int64_t n = int64_t(shape4[0]) * shape4[1] * shape4[2] * shape4[3];
      SCOPED_TRACE("numel " + std::to_string(n) + " axis " +
                   std::to_string(axis));
      Buffer x(t, randomData(size_t(n), random));
      Buffer scale(t, randomScales(size_t(shape4[axis]), random));
      std::vector<int32_t> zp(static_cast<size_t>(shape4[axis]), 0);
      for (size_t c = 0; c < zp.size(); ++c)
        zp[c] = int32_t(c % 41) - 20;
      std::vector<uint8_t> out(size_t(n), 0xA5);
      void *fn = entryPoint("quantize_per_channel_" + pairName(t, q));
      ASSERT_NE(fn, nullptr);
      int32_t status = reinterpret_cast<int32_t (*)(
          int64_t, const int32_t *, int32_t, int32_t, int32_t, const void *,
          const void *, const void *, void *, void *, size_t, void *)>(fn)(
          n, shape4, axis, qLow(q), qHigh(q), x.bytes.data(),
          scale.bytes.data(), zp.data(), out.data(), nullptr, 0,
          BARACUDA_CPU_STREAM);
      ASSERT_EQ(status, 0) << baracuda_kernels_last_error_message();
      // The channel of element i from its coordinates.
      expectMatches(out, q, x, scale, zp, [&](size_t i) {
        int64_t coordinate[4];
        int64_t rest = int64_t(i);
        for (int d = 3; d >= 0; --d) {
          coordinate[d] = rest % shape4[d];
          rest /= shape4[d];
        }
        return size_t(coordinate[axis]);
      });
    }
}

TEST_P(FamilyQuantizeCpuTest, PerTokenMatchesReference) {
  auto [t, q] = GetParam();
  std::mt19937_64 random(7);
  for (auto [rows, cols] :
       {std::pair<int32_t, int32_t>{1, 1}, {5, 33}, {2048, 301}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    Buffer x(t, randomData(size_t(rows) * cols, random));
    Buffer scale(t, randomScales(size_t(rows), random));
    std::vector<int32_t> zp(static_cast<size_t>(rows), 0);
    for (size_t r = 0; r < zp.size(); ++r)
      zp[r] = int32_t(r % 9) - 4;
    std::vector<uint8_t> out(size_t(rows) * cols, 0xA5);
    void *fn = entryPoint("quantize_per_token_" + pairName(t, q));
    ASSERT_NE(fn, nullptr);
    int32_t status = reinterpret_cast<int32_t (*)(
        int32_t, int32_t, int32_t, int32_t, const void *, const void *,
        const void *, void *, void *, size_t, void *)>(fn)(
        rows, cols, qLow(q), qHigh(q), x.bytes.data(), scale.bytes.data(),
        zp.data(), out.data(), nullptr, 0, BARACUDA_CPU_STREAM);
    ASSERT_EQ(status, 0) << baracuda_kernels_last_error_message();
    expectMatches(out, q, x, scale, zp,
                  [&](size_t i) { return i / size_t(cols); });
  }
}

} // namespace
} // namespace baracuda
