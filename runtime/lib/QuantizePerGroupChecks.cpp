//===- QuantizePerGroupChecks.cpp - Operand checks of quantize_per_group --===//

#include "QuantizePerGroupChecks.h"

#include <cstdio>
#include <string>

namespace baracuda {

namespace {

constexpr const char *kPrefix = "quantize_per_group: ";

MaybeShape2 maybeShape(const std::array<int64_t, 2> &shape) {
  return {shape[0], shape[1]};
}

std::string pointerText(const void *pointer) {
  char text[32];
  std::snprintf(text, sizeof(text), "%p", pointer);
  return text;
}

} // namespace

Status checkQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  if (status.ok())
    return status;
  return Status(status.code(), kPrefix + status.message());
}

Status checkQuantizePerGroupOperands(const QuantizePerGroupDescriptor &desc,
                                     const QuantizePerGroupKernel &kernel,
                                     const UntypedQuantizePerGroupArgs &args) {
  Status shapes = validateQuantizePerGroupShapes(
      QuantizePerGroupProblem::from(desc), maybeShape(args.input.shape),
      maybeShape(args.scale.shape), maybeShape(args.zero_point.shape),
      maybeShape(args.output.shape));
  if (!shapes.ok())
    return Status(shapes.code(), kPrefix + shapes.message());

  // An empty problem touches no memory: any pointer, null included, is fine.
  if (numElements(desc) == 0)
    return Status::success();

  QuantizePerGroupPointers operands(args);
  const size_t alignments[4] = {
      kernel.inputAlignment(), kernel.scaleAlignment(),
      kernel.zeroPointAlignment(), kernel.outputAlignment()};
  for (int i = 0; i < 4; ++i) {
    const void *pointer = operands.pointers[i];
    if (!pointer)
      return invalidProblem(
          std::string(kPrefix) + QuantizePerGroupPointers::kNames[i] +
          " data is null for a non-empty problem ([outer_size, axis_size] = [" +
          std::to_string(desc.outer_size) + ", " +
          std::to_string(desc.axis_size) + "])");
    if (reinterpret_cast<uintptr_t>(pointer) % alignments[i] != 0)
      return misalignedOperand(
          std::string(kPrefix) + QuantizePerGroupPointers::kNames[i] +
          " pointer " + pointerText(pointer) + " must be aligned to " +
          std::to_string(alignments[i]) + " bytes (the " +
          std::string(kernel.variant) + " kernel's need); it is " +
          std::to_string(reinterpret_cast<uintptr_t>(pointer) % alignments[i]) +
          " bytes past a multiple");
  }
  return Status::success();
}

bool isAlignedFor(const QuantizePerGroupKernel &kernel,
                  const UntypedQuantizePerGroupArgs &args) {
  auto aligned = [](const void *pointer, size_t bytes) {
    return reinterpret_cast<uintptr_t>(pointer) % bytes == 0;
  };
  return aligned(args.input.data, kernel.inputAlignment()) &&
         aligned(args.scale.data, kernel.scaleAlignment()) &&
         aligned(args.zero_point.data, kernel.zeroPointAlignment()) &&
         aligned(args.output.data, kernel.outputAlignment());
}

Status checkQuantizePerGroupPlacement(const CudaDriver &driver, Backend backend,
                                      const UntypedQuantizePerGroupArgs &args) {
  QuantizePerGroupPointers operands(args);
  for (int i = 0; i < 4; ++i) {
    MemoryPlacement placement = classifyPointer(driver, operands.pointers[i]);
    if (backend == Backend::Cuda && !deviceCanAccess(placement))
      return invalidProblem(
          std::string(kPrefix) + QuantizePerGroupPointers::kNames[i] +
          " pointer " + pointerText(operands.pointers[i]) +
          " is host memory the GPU cannot access (CUDA does not know it); the "
          "CUDA backend needs device, managed or pinned host memory");
    if (backend == Backend::Cpu && !hostCanAccess(placement))
      return invalidProblem(
          std::string(kPrefix) + QuantizePerGroupPointers::kNames[i] +
          " pointer " + pointerText(operands.pointers[i]) +
          " is CUDA device memory; the CPU backend needs host, managed or "
          "pinned memory");
  }
  return Status::success();
}

} // namespace baracuda
