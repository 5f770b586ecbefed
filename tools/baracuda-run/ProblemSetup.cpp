//===- ProblemSetup.cpp - Build the problem baracuda-run was asked for ----===//

#include "ProblemSetup.h"

#include "HostElements.h"
#include "Npy.h"
#include "RandomInputs.h"

#include "baracuda/Testing/QuantizeReference.h"

#include <cstring>

namespace baracuda::run {

std::string RunProblem::skuName() const {
  std::string name = stem + "_" + std::string(elementKindName(family.t));
  if (spec().hasQ)
    name += "_" + std::string(elementKindName(family.q));
  return name;
}

int64_t RunProblem::bytesMoved() const {
  int64_t bytes = 0;
  for (int i = 0; i < spec().numOperands(); ++i)
    bytes += elementsOf(i) * int64_t(elementKindSize(elementOf(i)));
  return bytes;
}

namespace {

/// The layout attribute of the stem with the flags' axis / group.
ParameterLayout layoutOf(const RunOptions &options) {
  switch (options.layout) {
  case LayoutKind::PerTensor:
    return ParameterLayout::perTensor();
  case LayoutKind::PerChannel:
    return ParameterLayout::perChannel(options.axis.value_or(0));
  case LayoutKind::PerToken:
    return ParameterLayout::perToken();
  case LayoutKind::PerGroup:
    return ParameterLayout::perGroup(options.group.value_or(0));
  }
  return ParameterLayout::perTensor();
}

/// The family's rules, in the runtime's order (types, sizes, range), into
/// problem.family. The prefix names the SKU as the runtime's messages do.
bool buildFamilyProblem(const RunOptions &options, RunProblem &problem,
                        std::string &error) {
  QuantizeFamilyProblem &family = problem.family;
  family.op = options.op;
  family.layout = options.layout;
  const QuantizeOpSpec &spec = problem.spec();
  ElementKind q = options.outputType.value_or(ElementKind::S8);
  family.q = spec.hasQ ? q : ElementKind::S8;
  int64_t qMin = 0, qMax = 0;
  if (spec.hasRange) {
    qMin = options.qMin.value_or(integerKindMin(q));
    qMax = options.qMax.value_or(integerKindMax(q));
  }
  std::string prefix = options.stem + ": ";
  Status types = validateQuantizeFamilyTypesAndRange(family.op, family.t,
                                                     family.q, qMin, qMax);
  if (!types.ok()) {
    error = std::string(statusCodeName(types.code())) + ": " + prefix +
            types.message();
    return false;
  }
  family.q_min = int32_t(qMin);
  family.q_max = int32_t(qMax);

  const std::vector<int64_t> &shape = problem.shape;
  MaybeShape maybe(shape.begin(), shape.end());
  Status rules = validateLayout(problem.layout, int64_t(shape.size()));
  if (rules.ok())
    rules = validateDataShape(problem.layout, maybe);
  if (rules.ok()) {
    switch (options.layout) {
    case LayoutKind::PerTensor: {
      int64_t numel = 1;
      for (int64_t dim : shape)
        numel *= dim;
      rules = quantizePerTensorLayout(numel, &family);
      break;
    }
    case LayoutKind::PerChannel:
      rules = quantizePerChannelLayout(shape, problem.layout.axis, &family);
      break;
    case LayoutKind::PerToken:
      rules = quantizePerTokenLayout(shape[0], shape[1], &family);
      break;
    case LayoutKind::PerGroup:
      rules = quantizePerGroupLayout(shape[0], shape[1],
                                     problem.layout.groupSize, &family);
      break;
    }
  }
  if (!rules.ok()) {
    error = std::string(statusCodeName(rules.code())) + ": " + prefix +
            rules.message();
    return false;
  }
  return true;
}

std::string shapeOf(const std::vector<int64_t> &shape) {
  MaybeShape maybe(shape.begin(), shape.end());
  return shapeText(maybe);
}

bool loadFromFiles(const RunOptions &options, RunProblem &problem,
                   std::string &error) {
  const QuantizeOpSpec &spec = problem.spec();
  int numOperands = spec.numOperands();
  std::vector<NpyArray> arrays(static_cast<size_t>(numOperands));
  for (int i = 0; i + 1 < numOperands; ++i)
    if (!readNpy(options.operandPaths.at(spec.operands[i].name), arrays[i],
                 error))
      return false;
  auto pathOf = [&](int i) {
    return options.operandPaths.at(spec.operands[i].name);
  };

  // The data's shape and T from the first float data operand (q's for
  // dequantize, which has no other).
  int first = 0;
  for (int i = 0; i + 1 < numOperands; ++i)
    if (spec.operands[i].role == QuantizeOperandRole::DataT) {
      first = i;
      break;
    }
  problem.shape = arrays[first].shape;
  int scaleIndex = spec.indexOf(QuantizeOperandRole::ScaleT);
  // Dequantize reads no T data: T is the scale's (per tensor, where the
  // scale file may hold the compute type, --input-type says it).
  bool hasDataT = spec.operands[first].role == QuantizeOperandRole::DataT;
  ElementKind t = hasDataT
                      ? arrays[first].kind
                      : options.inputType.value_or(arrays[scaleIndex].kind);
  problem.family.t = t;
  if (options.inputType && *options.inputType != t && hasDataT) {
    error = "--input-type " + std::string(elementKindName(*options.inputType)) +
            " differs from " + pathOf(first) + " (" +
            std::string(npyDescrOf(t)) + " = " +
            std::string(elementKindName(t)) + ")";
    return false;
  }
  RunOptions resolved = options;
  if (spec.hasQ) {
    int qIndex = spec.indexOf(QuantizeOperandRole::DataQ);
    if (qIndex >= 0)
      resolved.outputType = arrays[qIndex].kind;
  }
  // per_group without --group: the group that makes the scale's columns fit.
  if (options.layout == LayoutKind::PerGroup && !options.group &&
      problem.shape.size() == 2 && arrays[scaleIndex].shape.size() == 2 &&
      arrays[scaleIndex].shape[1] > 0)
    resolved.group = problem.shape[1] / arrays[scaleIndex].shape[1];
  problem.layout = layoutOf(resolved);
  if (!buildFamilyProblem(resolved, problem, error))
    return false;

  // Each operand's dtype and shape against the family table and the rules.
  MaybeShape data(problem.shape.begin(), problem.shape.end());
  MaybeShape params = parameterShape(problem.layout, data);
  problem.operands.assign(size_t(numOperands), {});
  for (int i = 0; i + 1 < numOperands; ++i) {
    const QuantizeOperandSpec &operand = spec.operands[i];
    NpyArray &array = arrays[i];
    ElementKind want = problem.elementOf(i);
    bool perTensorParameter =
        operand.isParameter() && options.layout == LayoutKind::PerTensor;
    if (perTensorParameter) {
      // A scalar: one element; the scale of T or of its compute type.
      bool kindOk =
          operand.role == QuantizeOperandRole::ZeroPoint
              ? array.kind == ElementKind::S32
              : array.kind == t || array.kind == familyComputeElement(t);
      if (!kindOk || array.numElements() != 1) {
        error =
            pathOf(i) + ": the per-tensor " + operand.name +
            " must hold one element of " +
            (operand.role == QuantizeOperandRole::ZeroPoint
                 ? std::string("'<i4'")
                 : "'" + std::string(npyDescrOf(t)) + "' or '" +
                       std::string(npyDescrOf(familyComputeElement(t))) + "'") +
            ", got shape " + shapeOf(array.shape) + " of '" +
            std::string(npyDescrOf(array.kind)) + "'";
        return false;
      }
      if (operand.role == QuantizeOperandRole::ZeroPoint)
        std::memcpy(&problem.scalarZeroPoint, array.bytes.data(),
                    sizeof(int32_t));
      else
        problem.scalarScale = floatElementAt(array.bytes.data(), 0, array.kind);
      continue;
    }
    if (array.kind != want) {
      error = pathOf(i) + ": " + operand.name + " dtype '" +
              std::string(npyDescrOf(array.kind)) + "' must be '" +
              std::string(npyDescrOf(want)) + "' (" +
              std::string(elementKindName(want)) + ")";
      return false;
    }
    MaybeShape required = operand.isParameter() ? params : data;
    MaybeShape got(array.shape.begin(), array.shape.end());
    if (got != required) {
      error = pathOf(i) + ": " +
              operandShapeRuleMessage(operand.name, shapeText(got),
                                      operand.isParameter()
                                          ? parameterShapeWords(problem.layout)
                                          : "the data shape",
                                      shapeText(required));
      return false;
    }
    problem.operands[i] = std::move(array.bytes);
  }
  return true;
}

bool makeRandom(const RunOptions &options, RunProblem &problem,
                std::string &error) {
  bool legacyShape = options.layout == LayoutKind::PerGroup && options.outer;
  problem.shape = legacyShape
                      ? std::vector<int64_t>{*options.outer, *options.axis}
                      : *options.shape;
  problem.family.t = *options.inputType;
  problem.layout = layoutOf(options);
  if (!buildFamilyProblem(options, problem, error))
    return false;
  fillRandomInputs(problem, options.seed);
  return true;
}

} // namespace

bool setUpProblem(const RunOptions &options, RunProblem &problem,
                  std::string &error) {
  problem.stem = options.stem;
  // The op picks the operands (problem.spec()) before anything is read.
  problem.family.op = options.op;
  problem.family.layout = options.layout;
  return options.fileMode() ? loadFromFiles(options, problem, error)
                            : makeRandom(options, problem, error);
}

} // namespace baracuda::run
