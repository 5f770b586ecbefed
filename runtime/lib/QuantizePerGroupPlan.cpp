//===- QuantizePerGroupPlan.cpp - quantize_per_group forward plan ---------===//
//
// The face over QuantizeFamilyPlan: quantize_per_group's descriptor rules and
// operand shapes; everything after that is the core's.
//
//===----------------------------------------------------------------------===//

#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include "baracuda/Rules/QuantizeDescriptorRules.h"

namespace baracuda {

namespace {
constexpr const char *kPrefix = "quantize_per_group: ";

MaybeShape2 maybeShape(const std::array<int64_t, 2> &shape) {
  return {shape[0], shape[1]};
}
} // namespace

Result<UntypedQuantizePerGroupPlan> UntypedQuantizePerGroupPlan::select(
    const Stream &stream, const QuantizePerGroupDescriptor &desc,
    PlanPreference preference, std::shared_ptr<const KernelLibrary> library) {
  QuantizeFamilyProblem problem;
  Status valid = validate(desc, &problem);
  if (!valid.ok())
    return Status(valid.code(), kPrefix + valid.message());
  Result<QuantizeFamilyPlan> core = QuantizeFamilyPlan::select(
      stream, problem, preference, std::move(library),
      perGroupSizeText(desc.outer_size, desc.axis_size));
  if (!core)
    return core.status();
  return UntypedQuantizePerGroupPlan(desc, std::move(core).value());
}

Status UntypedQuantizePerGroupPlan::checkShapes(
    const UntypedQuantizePerGroupArgs &args) const {
  Status shapes = validateQuantizePerGroupShapes(
      QuantizePerGroupProblem::from(desc_), maybeShape(args.input.shape),
      maybeShape(args.scale.shape), maybeShape(args.zero_point.shape),
      maybeShape(args.output.shape));
  if (!shapes.ok())
    return Status(shapes.code(), kPrefix + shapes.message());
  return Status::success();
}

Status UntypedQuantizePerGroupPlan::can_implement(
    const UntypedQuantizePerGroupArgs &args) const {
  Status shapes = checkShapes(args);
  if (!shapes.ok())
    return shapes;
  return core_.can_implement(operands(args));
}

Status UntypedQuantizePerGroupPlan::run(
    const Stream &stream, Workspace workspace,
    const UntypedQuantizePerGroupArgs &args) const {
  // In the order of the core's own run(): the stream, then the operands.
  Status valid = core_.checkStream(stream);
  if (valid.ok())
    valid = checkShapes(args);
  if (!valid.ok())
    return valid;
  return core_.run(stream, workspace, operands(args));
}

} // namespace baracuda
