//===- ReferenceCheck.cpp - Bit-exact comparison with the host reference --===//

#include "ReferenceCheck.h"

#include "HostElements.h"

#include "baracuda/Testing/FamilyReference.h"
#include "baracuda/Testing/QuantizeReference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

namespace baracuda::run {

namespace {

/// The reference output, computed in slices along dim 0 on all hardware
/// threads (a large problem has tens of millions of elements). A slice of
/// rows is a problem of the same layout whose data and (where they follow
/// dim 0) parameters start at the slice's first row. The operands are bound
/// in the op's operand order, the family table's.
std::vector<uint8_t> referenceOutput(const RunProblem &problem) {
  const QuantizeOpSpec &spec = problem.spec();
  const int out = problem.outputIndex();
  const size_t outSize = elementKindSize(problem.elementOf(out));
  std::vector<uint8_t> want(size_t(problem.numElements()) * outSize);

  testing::FamilyProblem whole;
  whole.op = problem.family.op;
  whole.layout = problem.layout;
  whole.shape = problem.shape;
  whole.floatElement = problem.family.t;
  whole.quantElement = problem.family.q;
  whole.qMin = problem.family.q_min;
  whole.qMax = problem.family.q_max;
  // Per tensor, the scale and zero point are host scalars of the kernels'
  // types: C (double for f64, float otherwise) and int32.
  const double scaleF64 = problem.scalarScale;
  const float scaleF32 = float(problem.scalarScale);
  const void *scalarScale = problem.family.t == ElementKind::F64
                                ? static_cast<const void *>(&scaleF64)
                                : static_cast<const void *>(&scaleF32);
  const int32_t scalarZeroPoint = problem.scalarZeroPoint;
  const bool perTensor = problem.family.layout == LayoutKind::PerTensor;

  // The rows of dim 0 each slice starts at, and the parameters per row
  // where the parameters follow dim 0 (0: every slice reads them all).
  const size_t rows = problem.shape.empty() ? 1 : size_t(problem.shape[0]);
  const size_t rowElements =
      rows ? size_t(problem.numElements()) / rows : size_t(0);
  size_t paramsPerRow = 0;
  switch (problem.layout.kind) {
  case LayoutKind::PerTensor:
    break;
  case LayoutKind::PerChannel:
    paramsPerRow = problem.layout.axis == 0 ? 1 : 0;
    break;
  case LayoutKind::PerToken:
    paramsPerRow = 1;
    break;
  case LayoutKind::PerGroup:
    paramsPerRow = rowElements / size_t(problem.layout.groupSize);
    break;
  }
  auto runSlice = [&](size_t begin, size_t count) {
    testing::FamilyProblem slice = whole;
    if (!slice.shape.empty())
      slice.shape[0] = int64_t(count);
    std::vector<const void *> ins;
    for (int i = 0; i < out; ++i) {
      const QuantizeOperandSpec &operand = spec.operands[i];
      if (operand.isParameter() && perTensor) {
        ins.push_back(operand.role == QuantizeOperandRole::ScaleT
                          ? scalarScale
                          : static_cast<const void *>(&scalarZeroPoint));
        continue;
      }
      size_t first =
          operand.isParameter() ? begin * paramsPerRow : begin * rowElements;
      ins.push_back(problem.operands[i].data() +
                    first * elementKindSize(problem.elementOf(i)));
    }
    testing::referenceFamily(
        slice, testing::familyBuffersInOperandOrder(
                   slice, ins, want.data() + begin * rowElements * outSize));
  };
  if (problem.numElements() == 0 || problem.shape.empty()) {
    runSlice(0, rows);
    return want;
  }
  size_t workers = std::max<size_t>(1, std::thread::hardware_concurrency());
  workers = std::min(workers, rows);
  size_t rowsPerWorker = (rows + workers - 1) / workers;
  std::vector<std::thread> threads;
  for (size_t begin = 0; begin < rows; begin += rowsPerWorker)
    threads.emplace_back(runSlice, begin,
                         std::min(rowsPerWorker, rows - begin));
  for (std::thread &thread : threads)
    thread.join();
  return want;
}

/// "1.5 (0x3e00)", "-91", "0.25 (0x1p-2)": an element, value and bits.
std::string describeElement(const std::vector<uint8_t> &bytes, size_t index,
                            ElementKind kind) {
  char text[96];
  const uint8_t *at = bytes.data() + index * elementKindSize(kind);
  switch (kind) {
  case ElementKind::S8:
    return std::to_string(int(int8_t(*at)));
  case ElementKind::U8:
    return std::to_string(int(*at));
  case ElementKind::S32: {
    int32_t v;
    std::memcpy(&v, at, sizeof(v));
    return std::to_string(v);
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, at, sizeof(bits));
    std::snprintf(text, sizeof(text), "%.9g (0x%04x)",
                  floatElementAt(bytes.data(), index, kind), unsigned(bits));
    return text;
  }
  default: {
    double v = floatElementAt(bytes.data(), index, kind);
    std::snprintf(text, sizeof(text), "%.17g (%a)", v, v);
    return text;
  }
  }
}

/// Bit-equal, or both NaN.
bool sameElement(const std::vector<uint8_t> &got,
                 const std::vector<uint8_t> &want, size_t index,
                 ElementKind kind) {
  size_t size = elementKindSize(kind);
  if (std::memcmp(got.data() + index * size, want.data() + index * size,
                  size) == 0)
    return true;
  return !isIntegerKind(kind) &&
         std::isnan(floatElementAt(got.data(), index, kind)) &&
         std::isnan(floatElementAt(want.data(), index, kind));
}

std::string coordinates(const std::vector<int64_t> &shape, int64_t flat) {
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  std::string text = "[";
  for (size_t d = 0; d < index.size(); ++d)
    text += (d ? ", " : "") + std::to_string(index[d]);
  return text + "]";
}

} // namespace

int64_t checkAgainstReference(const RunProblem &problem,
                              const std::vector<std::vector<uint8_t>> &outputs,
                              std::ostream &os, int maxReported) {
  std::vector<uint8_t> want = referenceOutput(problem);
  const QuantizeOpSpec &spec = problem.spec();
  const int out = problem.outputIndex();
  const ElementKind outKind = problem.elementOf(out);
  const size_t n = size_t(problem.numElements());
  for (const std::vector<uint8_t> &output : outputs)
    if (output.size() != want.size()) {
      os << "output holds " << output.size() << " bytes, expected "
         << want.size() << "\n";
      return int64_t(n);
    }
  int64_t mismatches = 0;
  for (size_t e = 0; e < n; ++e) {
    size_t bad = outputs.size();
    for (size_t k = 0; k < outputs.size() && bad == outputs.size(); ++k)
      if (!sameElement(outputs[k], want, e, outKind))
        bad = k;
    if (bad == outputs.size())
      continue;
    if (mismatches++ >= maxReported)
      continue;
    os << "  mismatch at " << coordinates(problem.shape, int64_t(e))
       << " (flat " << e << "):";
    size_t p =
        size_t((int64_t(e) / problem.family.block) % problem.family.period);
    for (int i = 0; i < out; ++i) {
      const QuantizeOperandSpec &operand = spec.operands[i];
      os << " " << operand.name << "=";
      if (operand.isParameter() &&
          problem.family.layout == LayoutKind::PerTensor) {
        if (operand.role == QuantizeOperandRole::ZeroPoint)
          os << problem.scalarZeroPoint;
        else {
          char text[64];
          std::snprintf(text, sizeof(text), "%.17g (%a)", problem.scalarScale,
                        problem.scalarScale);
          os << text;
        }
        continue;
      }
      os << describeElement(problem.operands[i], operand.isParameter() ? p : e,
                            problem.elementOf(i));
    }
    os << " got=" << describeElement(outputs[bad], e, outKind)
       << (outputs.size() > 1 ? " (run " + std::to_string(bad + 1) + ")" : "")
       << " want=" << describeElement(want, e, outKind) << "\n";
  }
  if (mismatches > maxReported)
    os << "  ... and " << (mismatches - maxReported) << " more\n";
  return mismatches;
}

} // namespace baracuda::run
