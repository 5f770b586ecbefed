//===- Sku.h - Identity and numerical guarantees of a kernel ----*- C++ -*-===//
//
// A KernelSku says which kernel a plan runs (op, dtypes, target, variant) and
// what the caller may rely on numerically; it mirrors the reference plan's
// `KernelSku` and `PrecisionGuarantee`.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_SKU_H
#define BARACUDA_RUNTIME_SKU_H

#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Support/ElementKind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baracuda {

enum class OpCategory : uint8_t { Quantization };

/// The op of a Quantization SKU (KernelSku::op holds its value):
/// quantize_per_group's, or a family op and layout (quantizeSkuOp).
enum class QuantizeKind : uint16_t { PerGroup };

/// KernelSku::op of a family plan: 0x100 | op << 2 | layout (QuantizeKind
/// keeps the values below 0x100), but QuantizeKind::PerGroup for quantize
/// per group, the value quantize_per_group's SKUs always had.
constexpr uint16_t quantizeSkuOp(FamilyOp op, LayoutKind layout) {
  if (op == FamilyOp::Quantize && layout == LayoutKind::PerGroup)
    return static_cast<uint16_t>(QuantizeKind::PerGroup);
  return static_cast<uint16_t>(0x100 | static_cast<unsigned>(op) << 2 |
                               static_cast<unsigned>(layout));
}

/// The target the loaded kernel was built for.
enum class ArchSku : uint8_t {
  Cpu,  ///< host CPU (x86-64) kernel
  Sm80, ///< CUDA image for sm_80 (Ampere; also JIT-ed/run on newer chips)
  Sm90, ///< CUDA image for sm_90 (Hopper)
};

/// Where the kernel came from.
enum class BackendKind : uint8_t {
  Generated, ///< compiled from IR by the baracuda compiler
};

/// The precision of the arithmetic in a kernel.
enum class MathPrecision : uint8_t { F32, F64 };

/// What a caller may rely on numerically.
struct PrecisionGuarantee {
  /// Precision of every arithmetic operation.
  MathPrecision math_precision = MathPrecision::F32;
  /// Type of intermediate values (no accumulation is wider than this).
  ElementKind accumulator = ElementKind::F32;
  /// Same inputs on the same hardware give the same bits, run after run.
  bool bit_stable_on_same_hardware = false;
  /// No dependence on scheduling (no atomics, no racing reductions).
  bool deterministic = false;
};

/// The identity of the kernel a plan runs.
struct KernelSku {
  OpCategory category = OpCategory::Quantization;
  /// The op within `category` (a QuantizeKind for Quantization).
  uint16_t op = 0;
  /// The main (input) element.
  ElementKind element = ElementKind::F32;
  /// The secondary element (the output of a quantization), if any.
  std::optional<ElementKind> aux_element;
  /// The target of the image actually loaded.
  ArchSku arch = ArchSku::Cpu;
  BackendKind backend = BackendKind::Generated;
  /// The kernel variant ("generic", later e.g. "vec16").
  std::string_view variant;
  PrecisionGuarantee precision_guarantee;
};

std::string_view to_string(OpCategory category);
std::string_view to_string(ArchSku arch);
std::string_view to_string(BackendKind backend);
std::string_view to_string(MathPrecision precision);
std::string to_string(const PrecisionGuarantee &guarantee);
/// e.g. "quantization.per_group f32->s8 sm_90 generated/generic
/// (math f32, accumulator f32, bit-stable, deterministic)".
std::string to_string(const KernelSku &sku);

} // namespace baracuda

#endif // BARACUDA_RUNTIME_SKU_H
