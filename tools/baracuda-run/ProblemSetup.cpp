//===- ProblemSetup.cpp - Build the problem baracuda-run was asked for ----===//

#include "ProblemSetup.h"

#include "Npy.h"
#include "RandomInputs.h"

#include <cstring>
#include <limits>

namespace baracuda::run {

namespace {

bool fitsInt32(int64_t value) {
  return value >= std::numeric_limits<int32_t>::min() &&
         value <= std::numeric_limits<int32_t>::max();
}

bool toInt32(const char *what, int64_t value, int32_t &out,
             std::string &error) {
  if (!fitsInt32(value)) {
    error = std::string(what) + " (" + std::to_string(value) +
            ") does not fit in int32";
    return false;
  }
  out = static_cast<int32_t>(value);
  return true;
}

bool describe(const Status &status, std::string &error) {
  if (status.ok())
    return true;
  error = std::string(statusCodeName(status.code())) + ": " + status.message();
  return false;
}

/// The parts of the descriptor that come from flags in both modes.
bool setRangeAndOutput(const RunOptions &options,
                       QuantizePerGroupDescriptor &desc, std::string &error) {
  desc.output_element = options.outputType;
  int64_t qMin = options.qMin.value_or(integerKindMin(options.outputType));
  int64_t qMax = options.qMax.value_or(integerKindMax(options.outputType));
  return toInt32("--q-min", qMin, desc.q_min, error) &&
         toInt32("--q-max", qMax, desc.q_max, error);
}

bool loadFromFiles(const RunOptions &options, QuantizeProblem &problem,
                   std::string &error) {
  NpyArray input, scale, zeroPoint;
  if (!readNpy(options.inputPath, input, error) ||
      !readNpy(options.scalePath, scale, error) ||
      !readNpy(options.zeroPointPath, zeroPoint, error))
    return false;
  QuantizePerGroupDescriptor &desc = problem.desc;
  desc.input_element = input.kind;
  if (options.inputType && *options.inputType != input.kind) {
    error = "--input-type " + std::string(elementKindName(*options.inputType)) +
            " differs from " + options.inputPath + " (" +
            std::string(npyDescrOf(input.kind)) + " = " +
            std::string(elementKindName(input.kind)) + ")";
    return false;
  }
  if (scale.kind != input.kind) {
    error = options.scalePath + ": scale dtype '" +
            std::string(npyDescrOf(scale.kind)) + "' must match the input's '" +
            std::string(npyDescrOf(input.kind)) + "'";
    return false;
  }
  if (zeroPoint.kind != ElementKind::S32) {
    error = options.zeroPointPath + ": zero point dtype '" +
            std::string(npyDescrOf(zeroPoint.kind)) + "' must be '<i4'";
    return false;
  }
  if (!toInt32("outer size of --input", input.shape[0], desc.outer_size,
               error) ||
      !toInt32("axis size of --input", input.shape[1], desc.axis_size, error))
    return false;
  // Without --group, the group is what makes the scale's columns fit.
  int64_t group = 0;
  if (options.group)
    group = *options.group;
  else if (scale.shape[1] > 0)
    group = input.shape[1] / scale.shape[1];
  if (!toInt32("--group", group, desc.group_size, error) ||
      !setRangeAndOutput(options, desc, error))
    return false;
  if (!describe(validateQuantizePerGroupDescriptor(desc), error))
    return false;
  QuantizePerGroupProblem rules = QuantizePerGroupProblem::from(desc);
  MaybeShape2 inputShape = {input.shape[0], input.shape[1]};
  MaybeShape2 scaleShape = {scale.shape[0], scale.shape[1]};
  MaybeShape2 zeroPointShape = {zeroPoint.shape[0], zeroPoint.shape[1]};
  if (!describe(validateQuantizePerGroupShapes(rules, inputShape, scaleShape,
                                               zeroPointShape, inputShape),
                error))
    return false;

  problem.input = std::move(input.bytes);
  problem.scale = std::move(scale.bytes);
  problem.zeroPoint.resize(size_t(zeroPoint.numElements()));
  if (!zeroPoint.bytes.empty())
    std::memcpy(problem.zeroPoint.data(), zeroPoint.bytes.data(),
                zeroPoint.bytes.size());
  return true;
}

bool makeRandom(const RunOptions &options, QuantizeProblem &problem,
                std::string &error) {
  QuantizePerGroupDescriptor &desc = problem.desc;
  desc.input_element = *options.inputType;
  if (!toInt32("--outer", *options.outer, desc.outer_size, error) ||
      !toInt32("--axis", *options.axis, desc.axis_size, error) ||
      !toInt32("--group", *options.group, desc.group_size, error) ||
      !setRangeAndOutput(options, desc, error))
    return false;
  if (!describe(validateQuantizePerGroupDescriptor(desc), error))
    return false;
  fillRandomQuantizeInputs(problem, options.seed);
  return true;
}

} // namespace

bool setUpQuantizeProblem(const RunOptions &options, QuantizeProblem &problem,
                          std::string &error) {
  return options.fileMode() ? loadFromFiles(options, problem, error)
                            : makeRandom(options, problem, error);
}

} // namespace baracuda::run
