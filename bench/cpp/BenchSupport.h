//===- BenchSupport.h - Helpers shared by the C++ benchmarks ----*- C++ -*-===//
//
// Header-only: fatal errors, medians, float -> 16-bit float conversion and a
// deterministic "normal-ish" generator, so each benchmark stays one file.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_BENCH_CPP_BENCHSUPPORT_H
#define BARACUDA_BENCH_CPP_BENCHSUPPORT_H

#include "baracuda/Support/SplitMix64.h"
#include "baracuda/Support/Status.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace baracuda::bench {

/// Prints "<tool>: error: <message>" and exits 1. A benchmark has nothing to
/// clean up that the process exit does not release.
[[noreturn]] inline void fatal(const char *tool, const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s: error: %s\n", tool, message.c_str());
  std::exit(1);
}

/// fatal() with the status code and message when `status` failed.
inline void check(const char *tool, const Status &status, const char *what) {
  if (!status.ok())
    fatal(tool, std::string(what) + ": " + statusCodeName(status.code()) +
                    ": " + status.message());
}

/// Median of `values` (must be non-empty); the mean of the middle two for an
/// even count.
inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/// IEEE binary16 bits of `value`, rounded to nearest even (overflow gives
/// Inf, NaN stays a quiet NaN, tiny values become denormals or zero).
inline uint16_t floatToHalfBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  uint32_t sign = (bits >> 16) & 0x8000u;
  uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) // NaN
    return static_cast<uint16_t>(sign | 0x7e00u);
  if (magnitude >= 0x477ff000u) // Rounds to >= 65536: Inf.
    return static_cast<uint16_t>(sign | 0x7c00u);
  if (magnitude < 0x38800000u) { // Below the smallest normal half: denormal.
    // Scale so the half's denormal unit (2^-24) becomes 1, then round even.
    float scaled;
    uint32_t absBits = magnitude;
    std::memcpy(&scaled, &absBits, sizeof(scaled));
    scaled *= 16777216.0f;
    auto truncated = static_cast<uint32_t>(scaled);
    float remainder = scaled - static_cast<float>(truncated);
    if (remainder > 0.5f || (remainder == 0.5f && (truncated & 1u)))
      ++truncated;
    return static_cast<uint16_t>(sign | truncated);
  }
  // Normal: rebias the exponent, round the 13 dropped mantissa bits even.
  uint32_t half = ((magnitude - 0x38000000u) >> 13);
  uint32_t dropped = magnitude & 0x1fffu;
  if (dropped > 0x1000u || (dropped == 0x1000u && (half & 1u)))
    ++half; // A carry into the exponent is the correct rounding.
  return static_cast<uint16_t>(sign | half);
}

/// bfloat16 bits of `value` (the upper half of the binary32), rounded to
/// nearest even; NaN stays a quiet NaN.
inline uint16_t floatToBFloat16Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((bits >> 16) | 0x0040u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

/// Approximately standard normal: the sum of four 16-bit uniforms
/// (Irwin-Hall), centred and scaled to variance 1. Cheap enough for 10^8
/// values and close enough to a bell curve for a bandwidth benchmark.
inline double normalish(SplitMix64 &random) {
  uint64_t r = random.next();
  double sum = 0;
  for (int i = 0; i < 4; ++i, r >>= 16)
    sum += static_cast<double>(r & 0xffffu) * (1.0 / 65536.0);
  return (sum - 2.0) * 1.7320508075688772; // sqrt(12 / 4)
}

/// Local date and time, for benchmark headers.
inline std::string today() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M %Z", &local);
  return text;
}

} // namespace baracuda::bench

#endif // BARACUDA_BENCH_CPP_BENCHSUPPORT_H
