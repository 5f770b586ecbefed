//===- CApiFuzzer.cpp - Fuzz target: the C ABI on the CPU stream ----------===//
//
// One input = one call of a quantize_per_group entry point (any of the 8
// dtype pairs) with a descriptor (sizes, group, q range: small, hostile or
// raw values), four operand pointers (exactly sized, NULL, misaligned or too
// small, all real allocations that end at a guard page), a workspace and a
// stream, and the data of the operands. The outcome is judged against the
// rules documented in baracuda_kernels.h, modelled here independently:
//
//  - a problem that breaks a rule returns that rule's status (2 for a
//    descriptor rule, a NULL pointer of a non-empty problem, or more bytes
//    than an address space holds; 1 for a misaligned operand; any of them
//    when several are broken), touches no operand (the guard pages and
//    read-only inputs fault otherwise) and leaves a message;
//  - a valid problem returns 0 with an empty message, and its output equals
//    the independent reference (lib/Testing) bit for bit;
//  - _can_implement returns what _run returns (the CPU stream adds no check);
//  - on the NULL CUDA stream (no CUDA here) nothing runs.
//
// A disagreement aborts with the case in words; libFuzzer saves the input.
//
//===----------------------------------------------------------------------===//

#include "CApiTestSupport.h"
#include "common/FuzzInput.h"
#include "common/GuardedBuffer.h"

#include "baracuda/Support/SplitMix64.h"
#include "baracuda/Testing/QuantizeReference.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace baracuda;
using baracuda::fuzz::FuzzInput;
using baracuda::fuzz::GuardedBuffer;

namespace {

/// Larger valid problems are only asked to _can_implement: their buffers
/// would cost more time than they find.
constexpr uint64_t kMaxOperandBytes = 1u << 20;

constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

[[noreturn]] void finding(const std::string &what) {
  std::fprintf(stderr, "baracuda C ABI fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string describe(const char *pair, int32_t outer, int32_t axis,
                     int32_t group, int32_t qMin, int32_t qMax) {
  return std::string(pair) + " [outer, axis] = [" + std::to_string(outer) +
         ", " + std::to_string(axis) + "], group " + std::to_string(group) +
         ", q range [" + std::to_string(qMin) + ", " + std::to_string(qMax) +
         "]";
}

/// A size or group: mostly small and consistent, sometimes hostile.
int32_t fuzzDim(FuzzInput &in, int32_t smallMax) {
  static const int32_t hostile[] = {0,
                                    -1,
                                    kInt32Min,
                                    kInt32Max,
                                    kInt32Max - 1,
                                    1 << 16,
                                    (1 << 16) + 1,
                                    1 << 30,
                                    -(1 << 30),
                                    46341,
                                    65535,
                                    kInt32Min + 1};
  switch (in.pick(8)) {
  case 0:
    return in.pickFrom(hostile);
  case 1:
    return in.i32();
  default:
    return int32_t(in.pick(uint32_t(smallMax) + 1));
  }
}

int32_t fuzzGroup(FuzzInput &in) {
  static const int32_t groups[] = {1,  2,  3,   4,   8,    16,
                                   32, 64, 128, 256, 1024, 2048};
  switch (in.pick(8)) {
  case 0:
    return fuzzDim(in, 16);
  default:
    return in.pickFrom(groups);
  }
}

/// q_min or q_max: in the output's range, on its edges, or outside it.
int32_t fuzzQ(FuzzInput &in, ElementKind out) {
  int32_t lo = int32_t(integerKindMin(out)), hi = int32_t(integerKindMax(out));
  const int32_t edges[] = {lo, hi,        lo - 1,    hi + 1, 0,
                           -1, kInt32Min, kInt32Max, lo + 1, hi - 1};
  switch (in.pick(4)) {
  case 0:
    return in.pickFrom(edges);
  case 1:
    return in.i32();
  default:
    return lo + int32_t(in.pick(256) % uint32_t(hi - lo + 1));
  }
}

/// An element of kind `kind` as raw bytes: a value that matters (ties,
/// zeros, NaN, infinities, denormals, the largest values) or raw bits.
void fuzzFloatBits(FuzzInput &in, ElementKind kind, uint8_t *out) {
  static const double special[] = {0.0,
                                   -0.0,
                                   1.0,
                                   -1.0,
                                   0.5,
                                   1.5,
                                   2.5,
                                   -2.5,
                                   127.5,
                                   128.0,
                                   -128.5,
                                   255.5,
                                   1e38,
                                   -1e38,
                                   1e300,
                                   65504.0,
                                   6e-8,
                                   1e-45,
                                   4.9e-324,
                                   std::numeric_limits<double>::quiet_NaN(),
                                   std::numeric_limits<double>::infinity(),
                                   -std::numeric_limits<double>::infinity()};
  size_t size = elementKindSize(kind);
  if (in.flag()) {
    for (size_t i = 0; i < size; ++i)
      out[i] = in.byte();
    return;
  }
  double value = in.pickFrom(special);
  switch (kind) {
  case ElementKind::F64:
    std::memcpy(out, &value, 8);
    break;
  case ElementKind::F32: {
    float f = float(value);
    std::memcpy(out, &f, 4);
    break;
  }
  case ElementKind::F16: {
    uint16_t h = testing::floatToHalf(float(value));
    std::memcpy(out, &h, 2);
    break;
  }
  default: {
    uint16_t b = testing::floatToBf16(float(value));
    std::memcpy(out, &b, 2);
    break;
  }
  }
}

int32_t fuzzZeroPoint(FuzzInput &in) {
  static const int32_t special[] = {
      0,         1,         -1,        127,           -128,          255,
      256,       kInt32Min, kInt32Max, kInt32Min + 1, kInt32Max - 1, 1 << 24,
      -(1 << 24)};
  return in.flag() ? in.i32() : in.pickFrom(special);
}

/// Fills `count` elements of `size` bytes from a palette of 8 fuzzed values
/// (so a short input still spreads edge cases over a long buffer).
template <typename MakeValue>
void fill(uint8_t *data, uint64_t count, size_t size, FuzzInput &in,
          MakeValue makeValue) {
  uint8_t palette[8][8];
  for (auto &value : palette)
    makeValue(value);
  SplitMix64 random(in.u32());
  for (uint64_t i = 0; i < count; ++i)
    std::memcpy(data + i * size, palette[random.next() % 8], size);
}

enum class PointerKind { Exact, Null, Misaligned, TooSmall };

struct Operand {
  const char *name;
  uint64_t bytes;   ///< what the descriptor needs (0 when it is broken)
  size_t alignment; ///< what the C ABI documents: the element size
  PointerKind kind = PointerKind::Exact;
  std::unique_ptr<GuardedBuffer> buffer;
  uint8_t *pointer = nullptr;
};

/// The statuses the documented rules allow for this call, from the
/// descriptor and the pointers alone.
std::set<int32_t> allowedStatuses(const test::CQuantizeEntryPoints &entry,
                                  int32_t outer, int32_t axis, int32_t group,
                                  int32_t qMin, int32_t qMax,
                                  const Operand (&operands)[4]) {
  std::set<int32_t> broken;
  int64_t lo = integerKindMin(entry.output), hi = integerKindMax(entry.output);
  bool descriptorBroken = outer < 0 || axis < 0 || group <= 0 ||
                          (group > 0 && axis % group != 0) || qMin > qMax ||
                          qMin < lo || qMin > hi || qMax < lo || qMax > hi;
  if (!descriptorBroken) {
    // Valid sizes that describe more bytes than an address space
    // (PTRDIFF_MAX) holds, the four operands together.
    using Bytes = unsigned __int128;
    Bytes elements = Bytes(uint32_t(outer)) * uint32_t(axis);
    Bytes groups = Bytes(uint32_t(outer)) * uint32_t(axis / group);
    Bytes inSize = elementKindSize(entry.input);
    Bytes bytes = elements * (inSize + 1) + groups * (inSize + 4);
    descriptorBroken = bytes > Bytes(PTRDIFF_MAX);
  }
  if (descriptorBroken)
    broken.insert(BARACUDA_KERNELS_INVALID_PROBLEM);
  bool empty = outer == 0 || axis == 0;
  if (!empty && !descriptorBroken) {
    for (const Operand &operand : operands) {
      if (!operand.pointer)
        broken.insert(BARACUDA_KERNELS_INVALID_PROBLEM);
      else if (reinterpret_cast<uintptr_t>(operand.pointer) %
                   operand.alignment !=
               0)
        broken.insert(BARACUDA_KERNELS_MISALIGNED_OPERAND);
    }
  }
  if (broken.empty())
    broken.insert(BARACUDA_KERNELS_SUCCESS);
  return broken;
}

/// Element `index` of an array of `kind`, as a double (for messages).
double widen(ElementKind kind, const uint8_t *data, uint64_t index) {
  switch (kind) {
  case ElementKind::F64: {
    double value;
    std::memcpy(&value, data + index * 8, 8);
    return value;
  }
  case ElementKind::F32: {
    float value;
    std::memcpy(&value, data + index * 4, 4);
    return value;
  }
  default: {
    uint16_t bits;
    std::memcpy(&bits, data + index * 2, 2);
    return kind == ElementKind::F16 ? testing::halfToFloat(bits)
                                    : testing::bf16ToFloat(bits);
  }
  }
}

bool untouched(const Operand &output, uint8_t poison) {
  if (!output.pointer)
    return true;
  for (size_t i = 0; i < output.buffer->size(); ++i)
    if (output.pointer[i] != poison)
      return false;
  return true;
}

void checkMessage(const std::string &call, int32_t status) {
  std::string message = baracuda_kernels_last_error_message();
  if (status == BARACUDA_KERNELS_SUCCESS && !message.empty())
    finding(call + ": status 0 left the message '" + message + "'");
  if (status != BARACUDA_KERNELS_SUCCESS &&
      message.rfind("quantize_per_group", 0) != 0)
    finding(call + ": status " + std::to_string(status) +
            " with the message '" + message +
            "' (want one naming quantize_per_group)");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<test::CQuantizeEntryPoints> entries =
      test::allCQuantizeEntryPoints();
  FuzzInput in(data, size);
  const test::CQuantizeEntryPoints &entry = entries[in.pick(8)];

  int32_t outer = fuzzDim(in, 8);
  int32_t group = fuzzGroup(in);
  // The axis: a multiple of the group most of the time.
  int32_t axis = fuzzDim(in, 64);
  if (in.pick(4) != 0) {
    int64_t multiple = int64_t(group) * in.pick(5);
    axis = multiple > kInt32Max || multiple < kInt32Min ? kInt32Max
                                                        : int32_t(multiple);
  }
  int32_t qMin = fuzzQ(in, entry.output);
  int32_t qMax = fuzzQ(in, entry.output);
  std::string call =
      describe(entry.name.c_str(), outer, axis, group, qMin, qMax);

  // What the descriptor needs, when it says something sensible.
  uint64_t elements = 0, groups = 0;
  if (outer > 0 && axis > 0 && group > 0 && axis % group == 0) {
    elements = uint64_t(outer) * uint64_t(axis);
    groups = uint64_t(outer) * uint64_t(axis / group);
  }
  size_t inSize = elementKindSize(entry.input);
  Operand operands[4] = {
      {"input", elements * inSize, inSize},
      {"scale", groups * inSize, inSize},
      {"zero_point", groups * sizeof(int32_t), sizeof(int32_t)},
      {"output", elements, 1}};
  bool small = true;
  for (Operand &operand : operands)
    small = small && operand.bytes <= kMaxOperandBytes;

  bool allExact = true;
  for (Operand &operand : operands) {
    uint32_t mode = in.pick(8);
    operand.kind = mode < 5    ? PointerKind::Exact
                   : mode == 5 ? PointerKind::Null
                   : mode == 6 ? PointerKind::Misaligned
                               : PointerKind::TooSmall;
    if (!small && operand.kind != PointerKind::Null)
      operand.kind = PointerKind::TooSmall; // Too large to allocate.
    if (operand.kind == PointerKind::Misaligned && operand.alignment == 1)
      operand.kind = PointerKind::Exact; // Bytes cannot be misaligned.
    switch (operand.kind) {
    case PointerKind::Exact:
      operand.buffer = std::make_unique<GuardedBuffer>(operand.bytes);
      break;
    case PointerKind::Null:
      break;
    case PointerKind::Misaligned: {
      size_t shift = 1 + in.pick(uint32_t(operand.alignment - 1));
      operand.buffer = std::make_unique<GuardedBuffer>(
          operand.bytes, operand.alignment - shift);
      break;
    }
    case PointerKind::TooSmall: {
      uint64_t bytes = in.byte();
      if (operand.bytes > 0 && bytes >= operand.bytes)
        bytes = operand.bytes - 1;
      operand.buffer = std::make_unique<GuardedBuffer>(bytes);
      break;
    }
    }
    if (operand.buffer)
      operand.pointer = operand.buffer->data();
    allExact = allExact && operand.kind == PointerKind::Exact;
  }

  // The operands' data; inputs become read-only.
  Operand &input = operands[0], &scale = operands[1], &zeroPoint = operands[2],
          &output = operands[3];
  auto floatValue = [&](uint8_t *value) {
    fuzzFloatBits(in, entry.input, value);
  };
  if (input.buffer)
    fill(input.pointer, input.buffer->size() / inSize, inSize, in, floatValue);
  if (scale.buffer)
    fill(scale.pointer, scale.buffer->size() / inSize, inSize, in, floatValue);
  if (zeroPoint.buffer)
    fill(zeroPoint.pointer, zeroPoint.buffer->size() / 4, 4, in,
         [&](uint8_t *value) {
           int32_t zp = fuzzZeroPoint(in);
           std::memcpy(value, &zp, 4);
         });
  for (Operand *operand : {&input, &scale, &zeroPoint})
    if (operand->buffer)
      operand->buffer->makeReadOnly();
  uint8_t poison = in.byte();
  if (output.buffer)
    std::memset(output.pointer, poison, output.buffer->size());

  // A workspace no kernel needs: NULL or a small buffer with any size
  // claimed; touching it faults.
  std::unique_ptr<GuardedBuffer> workspace;
  if (in.flag())
    workspace = std::make_unique<GuardedBuffer>(in.byte());
  size_t workspaceBytes = in.flag() ? in.u32() : 0;
  bool cpuStream = in.pick(8) != 0;

  std::set<int32_t> allowed =
      allowedStatuses(entry, outer, axis, group, qMin, qMax, operands);
  bool valid = allowed.count(BARACUDA_KERNELS_SUCCESS) > 0;
  std::string allowedText;
  for (int32_t status : allowed)
    allowedText += (allowedText.empty() ? "" : " or ") + std::to_string(status);

  int32_t checked =
      entry.canImplement(outer, axis, group, qMin, qMax, input.pointer,
                         scale.pointer, zeroPoint.pointer, output.pointer);
  checkMessage(call + " _can_implement", checked);
  if (!allowed.count(checked))
    finding(call + " _can_implement: status " + std::to_string(checked) + " (" +
            baracuda_kernels_last_error_message() + "), the rules say " +
            allowedText);
  if (!untouched(output, poison))
    finding(call + " _can_implement wrote the output");

  // _run with a buffer smaller than a valid, non-empty problem needs is the
  // caller's bug, not a case for the runtime.
  if (valid && elements > 0 && !allExact)
    return 0;
  void *stream = cpuStream ? BARACUDA_CPU_STREAM : nullptr;
  int32_t status = entry.run(outer, axis, group, qMin, qMax, input.pointer,
                             scale.pointer, zeroPoint.pointer, output.pointer,
                             workspace ? workspace->data() : nullptr,
                             workspaceBytes, stream);
  std::string runCall =
      call + (cpuStream ? " _run (CPU stream)" : " _run (NULL CUDA stream)");
  checkMessage(runCall, status);

  if (!cpuStream) {
    // No CUDA in this process: nothing may run, whatever the problem.
    bool empty = elements == 0;
    if (status == BARACUDA_KERNELS_SUCCESS && !empty)
      finding(runCall + ": status 0 without CUDA");
    if (!untouched(output, poison))
      finding(runCall + " wrote the output");
    return 0;
  }
  if (status != checked)
    finding(runCall + ": status " + std::to_string(status) + " (" +
            baracuda_kernels_last_error_message() + ") but _can_implement " +
            "said " + std::to_string(checked));
  if (status != BARACUDA_KERNELS_SUCCESS) {
    if (!untouched(output, poison))
      finding(runCall + ": failed with status " + std::to_string(status) +
              " and wrote the output");
    return 0;
  }
  if (elements == 0)
    return 0;

  QuantizePerGroupDescriptor desc{outer, axis,        group,       qMin,
                                  qMax,  entry.input, entry.output};
  std::vector<uint8_t> expected(elements);
  testing::quantizePerGroupReference(
      desc, input.pointer, scale.pointer,
      reinterpret_cast<const int32_t *>(zeroPoint.pointer), expected.data());
  for (uint64_t i = 0; i < elements; ++i)
    if (output.pointer[i] != expected[i]) {
      uint64_t row = i / uint64_t(axis), column = i % uint64_t(axis);
      uint64_t g = row * uint64_t(axis / group) + column / uint64_t(group);
      int32_t zp;
      std::memcpy(&zp, zeroPoint.pointer + g * 4, 4);
      char text[256];
      std::snprintf(text, sizeof(text),
                    ": element %llu (row %llu, column %llu) is %u, the "
                    "reference says %u (x %.17g, scale %.17g, zero point %d)",
                    (unsigned long long)i, (unsigned long long)row,
                    (unsigned long long)column, unsigned(output.pointer[i]),
                    unsigned(expected[i]), widen(entry.input, input.pointer, i),
                    widen(entry.input, scale.pointer, g), zp);
      finding(runCall + text);
    }
  return 0;
}
