//===- QuantizePerGroupChecks.cpp - Operand checks of quantize_per_group --===//

#include "QuantizePerGroupChecks.h"

#include "OperandPlacement.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace baracuda {

namespace {

constexpr const char *kPrefix = "quantize_per_group: ";

MaybeShape2 maybeShape(const std::array<int64_t, 2> &shape) {
  return {shape[0], shape[1]};
}

} // namespace

Status checkQuantizePerGroupDescriptor(const QuantizePerGroupDescriptor &desc) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  if (!status.ok())
    return Status(status.code(), kPrefix + status.message());
  // Sizes valid for the rules can still describe more bytes than any address
  // space holds (INT32_MAX x INT32_MAX f64 is 2^65 bytes): no such tensors
  // can exist, so no call with them can be right. The four operands live in
  // one (unified) address space together.
  using Bytes = unsigned __int128;
  Bytes elements = Bytes(uint64_t(desc.outer_size)) * uint64_t(desc.axis_size);
  Bytes groups = Bytes(uint64_t(numGroupsTotal(desc)));
  Bytes input = elements * elementKindSize(desc.input_element);
  Bytes output = elements * elementKindSize(desc.output_element);
  Bytes scale = groups * elementKindSize(desc.input_element);
  Bytes zeroPoint = groups * sizeof(int32_t);
  Bytes total = input + output + scale + zeroPoint;
  constexpr Bytes kAddressSpace = Bytes(PTRDIFF_MAX);
  if (total > kAddressSpace) {
    auto text = [](Bytes bytes) {
      // Exact below 2^64; the sizes here stay below 2^66.
      return bytes >> 64 ? std::to_string(uint64_t(bytes >> 60)) + " * 2^60"
                         : std::to_string(uint64_t(bytes));
    };
    return invalidProblem(
        std::string(kPrefix) + "[outer_size, axis_size] = [" +
        std::to_string(desc.outer_size) + ", " +
        std::to_string(desc.axis_size) + "] needs " + text(total) +
        " bytes for input, scale, zero_point and output, more than an "
        "address space holds (PTRDIFF_MAX = " +
        std::to_string(PTRDIFF_MAX) + " bytes)");
  }
  return Status::success();
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
                                      const DeviceTarget &target,
                                      const UntypedQuantizePerGroupArgs &args) {
  const OperandRef operands[] = {{"input", args.input.data, false},
                                 {"scale", args.scale.data, false},
                                 {"zero_point", args.zero_point.data, false},
                                 {"output", args.output.data, true}};
  return checkOperandPlacement(driver, backend, target, operands, 4, kPrefix);
}

} // namespace baracuda
