//===- ReferenceCheck.cpp - Bit-exact comparison with the host reference --===//

#include "ReferenceCheck.h"

#include "baracuda/Testing/QuantizeReference.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

namespace baracuda::run {

namespace {

/// The reference output, computed in row slices on all hardware threads (a
/// large problem is 64M elements; one core would dominate the run).
std::vector<uint8_t> referenceOutput(const QuantizeProblem &problem) {
  const QuantizePerGroupDescriptor &desc = problem.desc;
  const size_t inSize = elementKindSize(desc.input_element);
  const size_t outSize = elementKindSize(desc.output_element);
  const size_t axis = size_t(desc.axis_size);
  const size_t groups = size_t(desc.num_groups());
  std::vector<uint8_t> want(size_t(problem.numElements()) * outSize);

  size_t rows = size_t(desc.outer_size);
  size_t workers = std::max<size_t>(1, std::thread::hardware_concurrency());
  workers = std::min(workers, std::max<size_t>(1, rows));
  size_t rowsPerWorker = (rows + workers - 1) / workers;
  std::vector<std::thread> threads;
  for (size_t begin = 0; begin < rows; begin += rowsPerWorker) {
    size_t count = std::min(rowsPerWorker, rows - begin);
    threads.emplace_back([&, begin, count] {
      QuantizePerGroupDescriptor slice = desc;
      slice.outer_size = int32_t(count);
      testing::quantizePerGroupReference(
          slice, problem.input.data() + begin * axis * inSize,
          problem.scale.data() + begin * groups * inSize,
          problem.zeroPoint.data() + begin * groups,
          want.data() + begin * axis * outSize);
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  return want;
}

/// "1.5 (0x3e00)" for a stored input-dtype element: the value and its bits.
std::string describeElement(const std::vector<uint8_t> &bytes, size_t index,
                            ElementKind kind) {
  char text[96];
  const uint8_t *at = bytes.data() + index * elementKindSize(kind);
  switch (kind) {
  case ElementKind::F64: {
    double v;
    std::memcpy(&v, at, sizeof(v));
    std::snprintf(text, sizeof(text), "%.17g (%a)", v, v);
    break;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, at, sizeof(bits));
    float v = kind == ElementKind::F16 ? testing::halfToFloat(bits)
                                       : testing::bf16ToFloat(bits);
    std::snprintf(text, sizeof(text), "%.9g (0x%04x)", double(v),
                  unsigned(bits));
    break;
  }
  default: {
    float v;
    std::memcpy(&v, at, sizeof(v));
    std::snprintf(text, sizeof(text), "%.9g (%a)", double(v), double(v));
    break;
  }
  }
  return text;
}

int32_t quantizedAt(const std::vector<uint8_t> &bytes, size_t index,
                    ElementKind kind) {
  return kind == ElementKind::S8 ? int32_t(int8_t(bytes[index]))
                                 : int32_t(bytes[index]);
}

} // namespace

int64_t checkAgainstReference(const QuantizeProblem &problem,
                              const std::vector<uint8_t> &output,
                              std::ostream &os, int maxReported) {
  const QuantizePerGroupDescriptor &desc = problem.desc;
  std::vector<uint8_t> want = referenceOutput(problem);
  if (output.size() != want.size()) {
    os << "output holds " << output.size() << " bytes, expected " << want.size()
       << "\n";
    return int64_t(want.size());
  }
  const size_t axis = size_t(desc.axis_size);
  const size_t groups = size_t(desc.num_groups());
  int64_t mismatches = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (output[i] == want[i])
      continue;
    if (mismatches++ >= maxReported)
      continue;
    size_t row = i / axis, col = i % axis;
    size_t param = row * groups + col / size_t(desc.group_size);
    os << "  mismatch at [" << row << ", " << col << "] (flat " << i
       << "): x=" << describeElement(problem.input, i, desc.input_element)
       << " scale=" << describeElement(problem.scale, param, desc.input_element)
       << " zp=" << problem.zeroPoint[param]
       << " got=" << quantizedAt(output, i, desc.output_element)
       << " want=" << quantizedAt(want, i, desc.output_element) << "\n";
  }
  if (mismatches > maxReported)
    os << "  ... and " << (mismatches - maxReported) << " more\n";
  return mismatches;
}

} // namespace baracuda::run
