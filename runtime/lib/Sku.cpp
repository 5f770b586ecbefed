//===- Sku.cpp - Identity and numerical guarantees of a kernel ------------===//

#include "baracuda/runtime/Sku.h"

#include "baracuda/runtime/QuantizeFamilyPlan.h"

namespace baracuda {

std::string_view to_string(OpCategory category) {
  switch (category) {
  case OpCategory::Quantization:
    return "quantization";
  }
  return "?";
}

std::string_view to_string(ArchSku arch) {
  switch (arch) {
  case ArchSku::Cpu:
    return "cpu";
  case ArchSku::Sm80:
    return "sm_80";
  case ArchSku::Sm90:
    return "sm_90";
  }
  return "?";
}

std::string_view to_string(BackendKind backend) {
  switch (backend) {
  case BackendKind::Generated:
    return "generated";
  }
  return "?";
}

std::string_view to_string(MathPrecision precision) {
  switch (precision) {
  case MathPrecision::F32:
    return "f32";
  case MathPrecision::F64:
    return "f64";
  }
  return "?";
}

std::string to_string(const PrecisionGuarantee &guarantee) {
  std::string text = "math " + std::string(to_string(guarantee.math_precision));
  text += ", accumulator ";
  text += elementKindName(guarantee.accumulator);
  if (guarantee.bit_stable_on_same_hardware)
    text += ", bit-stable";
  if (guarantee.deterministic)
    text += ", deterministic";
  return text;
}

namespace {
std::string opName(const KernelSku &sku) {
  if (sku.category != OpCategory::Quantization)
    return "?";
  if (sku.op == static_cast<uint16_t>(QuantizeKind::PerGroup))
    return "per_group";
  unsigned op = (sku.op & 0xff) >> 2, layout = sku.op & 3;
  if ((sku.op & 0xff00) == 0x100 && op < kNumQuantizeOps)
    return quantizeFamilyName(static_cast<FamilyOp>(op),
                              static_cast<LayoutKind>(layout));
  return "?";
}
} // namespace

std::string to_string(const KernelSku &sku) {
  std::string text(to_string(sku.category));
  text += ".";
  text += opName(sku);
  text += " ";
  text += elementKindName(sku.element);
  if (sku.aux_element) {
    text += "->";
    text += elementKindName(*sku.aux_element);
  }
  text += " ";
  text += to_string(sku.arch);
  text += " ";
  text += to_string(sku.backend);
  text += "/";
  text += sku.variant;
  text += " (" + to_string(sku.precision_guarantee) + ")";
  return text;
}

} // namespace baracuda
