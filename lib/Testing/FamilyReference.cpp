//===- FamilyReference.cpp - Host reference of the quantization family ----===//
//
// Validation, parameter selection by coordinates, element loads and stores;
// the arithmetic is QuantizeReference.cpp's.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/FamilyReference.h"
#include "baracuda/Testing/QuantizeReference.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace baracuda::testing {

namespace {

[[noreturn]] void reject(const std::string &message) {
  throw std::invalid_argument("family reference: " + message);
}

bool isFloatKind(ElementKind kind) {
  return kind == ElementKind::F32 || kind == ElementKind::F64 ||
         kind == ElementKind::F16 || kind == ElementKind::BF16;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

/// Reads element `index` of a T array, widened exactly to double.
double loadFloat(const void *data, int64_t index, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return static_cast<const float *>(data)[index];
  case ElementKind::F64:
    return static_cast<const double *>(data)[index];
  case ElementKind::F16:
    return halfToFloat(static_cast<const uint16_t *>(data)[index]);
  default:
    return bf16ToFloat(static_cast<const uint16_t *>(data)[index]);
  }
}

/// Stores a value that is exact in T (the element functions return such).
void storeFloat(void *data, int64_t index, double value, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    static_cast<float *>(data)[index] = static_cast<float>(value);
    break;
  case ElementKind::F64:
    static_cast<double *>(data)[index] = value;
    break;
  case ElementKind::F16:
    static_cast<uint16_t *>(data)[index] =
        floatToHalf(static_cast<float>(value));
    break;
  default:
    static_cast<uint16_t *>(data)[index] =
        floatToBf16(static_cast<float>(value));
    break;
  }
}

/// Copies element `index` bit for bit (fake_quantize_backward passes dy
/// through unchanged, NaN payloads included).
void copyFloat(const void *from, void *to, int64_t index, ElementKind kind) {
  size_t size = elementKindSize(kind);
  std::memcpy(static_cast<char *>(to) + index * size,
              static_cast<const char *>(from) + index * size, size);
}

int64_t loadQuantized(const void *data, int64_t index, ElementKind kind) {
  if (kind == ElementKind::S8)
    return static_cast<const int8_t *>(data)[index];
  return static_cast<const uint8_t *>(data)[index];
}

void storeQuantized(void *data, int64_t index, int32_t q, ElementKind kind) {
  if (kind == ElementKind::S8)
    static_cast<int8_t *>(data)[index] = static_cast<int8_t>(q);
  else
    static_cast<uint8_t *>(data)[index] = static_cast<uint8_t>(q);
}

void validate(const FamilyProblem &problem) {
  std::string op(familyOpName(problem.op));
  if (!isFloatKind(problem.floatElement))
    reject(op + ": float element " +
           std::string(elementKindName(problem.floatElement)) +
           " is not f32, f64, f16 or bf16");
  bool hasQ =
      problem.op == FamilyOp::Quantize || problem.op == FamilyOp::Dequantize;
  if (hasQ && problem.quantElement != ElementKind::S8 &&
      problem.quantElement != ElementKind::U8)
    reject(op + ": quantized element " +
           std::string(elementKindName(problem.quantElement)) +
           " is not s8 or u8");
  const std::vector<int64_t> &shape = problem.shape;
  for (int64_t size : shape)
    if (size < 0)
      reject(op + ": shape " + shapeString(shape) + " has a negative size");
  const ParameterLayout &layout = problem.layout;
  int64_t rank = static_cast<int64_t>(shape.size());
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    break;
  case LayoutKind::PerChannel:
    if (layout.axis < 0 || layout.axis >= rank)
      reject(op + ": per_channel axis " + std::to_string(layout.axis) +
             " is outside [0, " + std::to_string(rank) + ") for shape " +
             shapeString(shape));
    break;
  case LayoutKind::PerToken:
    if (rank != 2)
      reject(op + ": per_token data must be [n, d], got " + shapeString(shape));
    break;
  case LayoutKind::PerGroup:
    if (rank != 2)
      reject(op + ": per_group data must be [outer, axis], got " +
             shapeString(shape));
    if (layout.groupSize <= 0)
      reject(op + ": per_group size (" + std::to_string(layout.groupSize) +
             ") must be positive");
    if (shape[1] % layout.groupSize != 0)
      reject(op + ": per_group axis size (" + std::to_string(shape[1]) +
             ") must be a multiple of the group size (" +
             std::to_string(layout.groupSize) + ")");
    break;
  }
  if (familyOpHasRange(problem.op) && problem.qMin > problem.qMax)
    reject(op + ": q_min (" + std::to_string(problem.qMin) +
           ") must be <= q_max (" + std::to_string(problem.qMax) + ")");
  if (problem.op == FamilyOp::Quantize &&
      (problem.qMin < integerKindMin(problem.quantElement) ||
       problem.qMax > integerKindMax(problem.quantElement)))
    reject(op + ": range [" + std::to_string(problem.qMin) + ", " +
           std::to_string(problem.qMax) + "] is outside " +
           std::string(elementKindName(problem.quantElement)));
}

/// Element coordinates of a row-major walk, advanced like an odometer.
class Coordinates {
public:
  explicit Coordinates(const std::vector<int64_t> &shape)
      : shape(shape), index(shape.size(), 0) {}
  int64_t operator[](size_t dim) const { return index[dim]; }
  void advance() {
    for (size_t dim = shape.size(); dim-- > 0;) {
      if (++index[dim] < shape[dim])
        return;
      index[dim] = 0;
    }
  }

private:
  const std::vector<int64_t> &shape;
  std::vector<int64_t> index;
};

/// The parameter an element at `at` uses (0 for per_tensor).
int64_t paramIndex(const FamilyProblem &problem, const Coordinates &at) {
  const ParameterLayout &layout = problem.layout;
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    return 0;
  case LayoutKind::PerChannel:
    return at[static_cast<size_t>(layout.axis)];
  case LayoutKind::PerToken:
    return at[0];
  case LayoutKind::PerGroup: {
    int64_t groupsPerRow = problem.shape[1] / layout.groupSize;
    return at[0] * groupsPerRow + at[1] / layout.groupSize;
  }
  }
  return 0;
}

void requireBuffer(const void *buffer, const char *name, FamilyOp op) {
  if (!buffer)
    reject(std::string(familyOpName(op)) + ": buffer '" + name + "' is null");
}

} // namespace

int64_t familyNumElements(const FamilyProblem &problem) {
  validate(problem);
  int64_t count = 1;
  for (int64_t size : problem.shape) {
    if (size != 0 && count > std::numeric_limits<int64_t>::max() / size)
      reject(std::string(familyOpName(problem.op)) + ": shape " +
             shapeString(problem.shape) + " has more than 2^63 - 1 elements");
    count *= size;
  }
  return count;
}

int64_t familyParamCount(const FamilyProblem &problem) {
  familyNumElements(problem); // validates
  const std::vector<int64_t> &shape = problem.shape;
  switch (problem.layout.kind) {
  case LayoutKind::PerTensor:
    return 1;
  case LayoutKind::PerChannel:
    return shape[static_cast<size_t>(problem.layout.axis)];
  case LayoutKind::PerToken:
    return shape[0];
  case LayoutKind::PerGroup:
    return shape[0] * (shape[1] / problem.layout.groupSize);
  }
  return 0;
}

FamilyBuffers familyBuffersInOperandOrder(const FamilyProblem &problem,
                                          const std::vector<const void *> &ins,
                                          void *out) {
  enum Slot { X, Q, Dy, Scale, ZeroPoint };
  std::vector<Slot> order;
  switch (problem.op) {
  case FamilyOp::Quantize:
  case FamilyOp::FakeQuantize:
    order = {X, Scale, ZeroPoint};
    break;
  case FamilyOp::Dequantize:
    order = {Q, Scale, ZeroPoint};
    break;
  case FamilyOp::QuantizeBackward:
  case FamilyOp::FakeQuantizeBackward:
    order = {Dy, X, Scale, ZeroPoint};
    break;
  case FamilyOp::DequantizeBackward:
    order = {Dy, Scale};
    break;
  }
  if (ins.size() != order.size())
    reject(std::string(familyOpName(problem.op)) + " takes " +
           std::to_string(order.size()) + " inputs, got " +
           std::to_string(ins.size()));
  const bool perTensor = problem.layout.kind == LayoutKind::PerTensor;
  FamilyBuffers buffers;
  buffers.out = out;
  for (size_t i = 0; i < order.size(); ++i) {
    const void *in = ins[i];
    switch (order[i]) {
    case X:
      buffers.x = in;
      break;
    case Q:
      buffers.q = in;
      break;
    case Dy:
      buffers.dy = in;
      break;
    case Scale:
      if (!perTensor)
        buffers.scale = in;
      else if (in)
        buffers.scalarScale = problem.floatElement == ElementKind::F64
                                  ? *static_cast<const double *>(in)
                                  : *static_cast<const float *>(in);
      break;
    case ZeroPoint:
      if (!perTensor)
        buffers.zeroPoint = static_cast<const int32_t *>(in);
      else if (in)
        buffers.scalarZeroPoint = *static_cast<const int32_t *>(in);
      break;
    }
  }
  return buffers;
}

void referenceFamily(const FamilyProblem &problem,
                     const FamilyBuffers &buffers) {
  const int64_t numElements = familyNumElements(problem);
  if (numElements == 0)
    return;
  const FamilyOp op = problem.op;
  const ElementKind t = problem.floatElement;
  const bool perTensor = problem.layout.kind == LayoutKind::PerTensor;
  const bool readsX =
      op != FamilyOp::Dequantize && op != FamilyOp::DequantizeBackward;
  const bool readsDy = op == FamilyOp::QuantizeBackward ||
                       op == FamilyOp::DequantizeBackward ||
                       op == FamilyOp::FakeQuantizeBackward;
  const bool readsZeroPoint = op != FamilyOp::DequantizeBackward;
  if (readsX)
    requireBuffer(buffers.x, "x", op);
  if (op == FamilyOp::Dequantize)
    requireBuffer(buffers.q, "q", op);
  if (readsDy)
    requireBuffer(buffers.dy, "dy", op);
  if (!perTensor) {
    requireBuffer(buffers.scale, "scale", op);
    if (readsZeroPoint)
      requireBuffer(buffers.zeroPoint, "zeroPoint", op);
  } else if (t != ElementKind::F64 && !std::isnan(buffers.scalarScale) &&
             static_cast<double>(static_cast<float>(buffers.scalarScale)) !=
                 buffers.scalarScale) {
    reject(std::string(familyOpName(op)) + ": per-tensor scale " +
           std::to_string(buffers.scalarScale) + " of a " +
           std::string(elementKindName(t)) + " op is not exact in f32");
  }
  requireBuffer(buffers.out, "out", op);

  Coordinates at(problem.shape);
  for (int64_t i = 0; i < numElements; ++i, at.advance()) {
    int64_t param = paramIndex(problem, at);
    double scale =
        perTensor ? buffers.scalarScale : loadFloat(buffers.scale, param, t);
    int32_t zeroPoint = !readsZeroPoint ? 0
                        : perTensor     ? buffers.scalarZeroPoint
                                        : buffers.zeroPoint[param];
    int32_t qMin = problem.qMin, qMax = problem.qMax;
    switch (op) {
    case FamilyOp::Quantize:
      storeQuantized(buffers.out, i,
                     quantizeOne(loadFloat(buffers.x, i, t), scale, zeroPoint,
                                 qMin, qMax, t),
                     problem.quantElement);
      break;
    case FamilyOp::Dequantize:
      storeFloat(
          buffers.out, i,
          dequantizeOne(loadQuantized(buffers.q, i, problem.quantElement),
                        zeroPoint, scale, t),
          t);
      break;
    case FamilyOp::QuantizeBackward:
      storeFloat(buffers.out, i,
                 quantizeBackwardOne(loadFloat(buffers.dy, i, t),
                                     loadFloat(buffers.x, i, t), scale,
                                     zeroPoint, qMin, qMax, t),
                 t);
      break;
    case FamilyOp::DequantizeBackward:
      storeFloat(buffers.out, i,
                 dequantizeBackwardOne(loadFloat(buffers.dy, i, t), scale, t),
                 t);
      break;
    case FamilyOp::FakeQuantize:
      storeFloat(buffers.out, i,
                 fakeQuantizeOne(loadFloat(buffers.x, i, t), scale, zeroPoint,
                                 qMin, qMax, t),
                 t);
      break;
    case FamilyOp::FakeQuantizeBackward:
      if (insideQuantizeRange(loadFloat(buffers.x, i, t), scale, zeroPoint,
                              qMin, qMax, t))
        copyFloat(buffers.dy, buffers.out, i, t);
      else
        storeFloat(buffers.out, i, +0.0, t);
      break;
    }
  }
}

} // namespace baracuda::testing
