//===- SplitMix64.h - A tiny reproducible random generator ------*- C++ -*-===//
//
// splitmix64: fast, and one seed gives the same sequence on every platform
// (the std:: distributions are not specified bit for bit). Test inputs and
// benchmark data come from it so a seed names the data exactly.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_SPLITMIX64_H
#define BARACUDA_SUPPORT_SPLITMIX64_H

#include <cstdint>

namespace baracuda {

class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double unit() { return double(next() >> 11) * 0x1p-53; }
  /// Uniform integer in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    uint64_t span = uint64_t(hi - lo) + 1;
    return lo + int64_t(span == 0 ? next() : next() % span);
  }
  /// True with probability 1 / n.
  bool oneIn(uint64_t n) { return next() % n == 0; }

private:
  uint64_t state_;
};

} // namespace baracuda

#endif // BARACUDA_SUPPORT_SPLITMIX64_H
