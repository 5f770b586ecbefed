//===- FuzzInput.h - Reads typed values from a fuzzer's bytes -------------===//
//
// The fuzz targets turn libFuzzer's byte string into decisions with this
// reader: every value costs a fixed number of bytes, and an exhausted input
// reads as zeros, so every byte string is a valid (if short) test case and a
// saved input replays the same way everywhere (little-endian, no host
// randomness).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_FUZZ_COMMON_FUZZINPUT_H
#define BARACUDA_FUZZ_COMMON_FUZZINPUT_H

#include <cstddef>
#include <cstdint>

namespace baracuda::fuzz {

class FuzzInput {
public:
  FuzzInput(const uint8_t *data, size_t size) : data_(data), size_(size) {}

  uint8_t byte() { return offset_ < size_ ? data_[offset_++] : 0; }

  uint32_t u32() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value |= uint32_t(byte()) << (8 * i);
    return value;
  }

  int32_t i32() { return int32_t(u32()); }

  /// A value in [0, count); count must be positive and at most 256.
  uint32_t pick(uint32_t count) { return byte() % count; }

  /// One of `values`.
  template <typename T, size_t N> T pickFrom(const T (&values)[N]) {
    return values[pick(uint32_t(N))];
  }

  bool flag() { return byte() & 1; }

private:
  const uint8_t *data_;
  size_t size_;
  size_t offset_ = 0;
};

} // namespace baracuda::fuzz

#endif // BARACUDA_FUZZ_COMMON_FUZZINPUT_H
