//===- QuantizeFamily.h - The quantization family as C++ tables -*- C++ -*-===//
//
// MLIR-free. The rows of QuantizeFamily.def as constexpr tables: the ops with
// their operands, the element types, the kernel names (KernelAbi.h's
// scheme) and every C entry-point SKU. The runtime's catalog, the kernel
// library generator, baracuda-run and the tests read the family from here.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_FAMILY_QUANTIZEFAMILY_H
#define BARACUDA_FAMILY_QUANTIZEFAMILY_H

#include "baracuda/Family/QuantizeFamily.def"
#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Support/ElementKind.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace baracuda {

/// What an operand is (QuantizeFamily.def).
enum class QuantizeOperandRole : uint8_t {
  DataT,     ///< input of type T, one value per element
  DataQ,     ///< input of the quantized type, one value per element
  ScaleT,    ///< scale of type T, one per parameter (by value per tensor)
  ZeroPoint, ///< int32, one per parameter (by value per tensor)
  OutT,      ///< output of type T
  OutQ,      ///< output of the quantized type
};

/// At most five operands (the backward ops': dy, x, scale, zero_point, dx).
inline constexpr int kMaxQuantizeOperands = 5;

struct QuantizeOperandSpec {
  const char *name = nullptr;
  QuantizeOperandRole role = QuantizeOperandRole::DataT;

  constexpr bool isParameter() const {
    return role == QuantizeOperandRole::ScaleT ||
           role == QuantizeOperandRole::ZeroPoint;
  }
  constexpr bool isOutput() const {
    return role == QuantizeOperandRole::OutT ||
           role == QuantizeOperandRole::OutQ;
  }
  constexpr bool isQuantized() const {
    return role == QuantizeOperandRole::DataQ ||
           role == QuantizeOperandRole::OutQ;
  }
};

struct QuantizeOpSpec {
  FamilyOp kind;
  /// The op part of the kernel symbols, e.g. "quantize_backward".
  const char *symbol;
  /// One kernel per (T, q) pair rather than per T.
  bool hasQ;
  /// Takes [q_min, q_max].
  bool hasRange;
  /// The compiler lowers it (its kernels are in the library).
  bool lowered;
  /// In the kernel's order, ins then out; unused slots have no name.
  QuantizeOperandSpec operands[kMaxQuantizeOperands];

  constexpr int numOperands() const {
    int n = 0;
    while (n < kMaxQuantizeOperands && operands[n].name)
      ++n;
    return n;
  }

  /// The element type of operand `index` for input type `t`, quantized `q`.
  constexpr ElementKind operandElement(int index, ElementKind t,
                                       ElementKind q) const {
    switch (operands[index].role) {
    case QuantizeOperandRole::DataQ:
    case QuantizeOperandRole::OutQ:
      return q;
    case QuantizeOperandRole::ZeroPoint:
      return ElementKind::S32;
    default:
      return t;
    }
  }
  constexpr int indexOf(QuantizeOperandRole role) const {
    for (int i = 0; i < numOperands(); ++i)
      if (operands[i].role == role)
        return i;
    return -1;
  }
};

#define BARACUDA_QF_OPND_SPEC(name, role) {#name, QuantizeOperandRole::role},
#define BARACUDA_QF_OP_SPEC(Kind, symbol, hasQ, hasRange, operands)            \
  {FamilyOp::Kind,                                                             \
   #symbol,                                                                    \
   hasQ != 0,                                                                  \
   hasRange != 0,                                                              \
   BARACUDA_QF_LOWERED_##Kind != 0,                                            \
   {operands}},
/// Indexed by FamilyOp.
inline constexpr QuantizeOpSpec kQuantizeOps[] = {
    BARACUDA_QF_OPS(BARACUDA_QF_OP_SPEC, BARACUDA_QF_OPND_SPEC)};
#undef BARACUDA_QF_OP_SPEC
#undef BARACUDA_QF_OPND_SPEC

inline constexpr size_t kNumQuantizeOps = std::size(kQuantizeOps);

constexpr const QuantizeOpSpec &quantizeOpSpec(FamilyOp kind) {
  return kQuantizeOps[static_cast<size_t>(kind)];
}

constexpr bool quantizeOpsIndexedByKind() {
  for (size_t i = 0; i < kNumQuantizeOps; ++i)
    if (static_cast<size_t>(kQuantizeOps[i].kind) != i)
      return false;
  return true;
}
static_assert(quantizeOpsIndexedByKind(), "kQuantizeOps is indexed by kind");

/// The input types T and the quantized types q of the family, in the order
/// of QuantizeFamily.def.
#define BARACUDA_QF_KIND_f32 ::baracuda::ElementKind::F32
#define BARACUDA_QF_KIND_f64 ::baracuda::ElementKind::F64
#define BARACUDA_QF_KIND_f16 ::baracuda::ElementKind::F16
#define BARACUDA_QF_KIND_bf16 ::baracuda::ElementKind::BF16
#define BARACUDA_QF_KIND_s8 ::baracuda::ElementKind::S8
#define BARACUDA_QF_KIND_u8 ::baracuda::ElementKind::U8
#define BARACUDA_QF_KIND(token) BARACUDA_QF_KIND_##token
#define BARACUDA_QF_KIND_ITEM(token, ...) BARACUDA_QF_KIND(token),
inline constexpr ElementKind kQuantizeFloatTypes[] = {
    BARACUDA_QF_FLOAT_TYPES(BARACUDA_QF_KIND_ITEM, )};
inline constexpr ElementKind kQuantizeQuantTypes[] = {
    BARACUDA_QF_QUANT_TYPES(BARACUDA_QF_KIND_ITEM, )};
#undef BARACUDA_QF_KIND_ITEM

/// A kernel of the family: one per (op, by-value or memory parameters, T,
/// q). Per-channel, per-token and per-group problems share the memory
/// kernel; per-tensor problems run the by-value one.
struct QuantizeKernelKey {
  FamilyOp op = FamilyOp::Quantize;
  bool perTensor = false;
  ElementKind t = ElementKind::F32;
  /// The quantized type; ignored (S8 by convention) for ops without q.
  ElementKind q = ElementKind::S8;

  friend constexpr bool operator==(const QuantizeKernelKey &a,
                                   const QuantizeKernelKey &b) {
    return a.op == b.op && a.perTensor == b.perTensor && a.t == b.t &&
           (!quantizeOpSpec(a.op).hasQ || a.q == b.q);
  }
};

/// KernelAbi.h's GPU symbol: "<op>[_per_tensor]_<T>[_<q>]", with
/// "_v<width>" for a vectorized variant (vectorWidth > 1), e.g.
/// "quantize_per_tensor_f16_s8", "dequantize_backward_f32_v8".
std::string quantizeKernelName(const QuantizeKernelKey &key,
                               int vectorWidth = 1);
/// The CPU kernel function: "baracuda_cpu_" + the GPU symbol (no variants);
/// its C interface is "_mlir_ciface_" + this.
std::string quantizeCpuKernelName(const QuantizeKernelKey &key);

/// Every kernel of the family (lowered or not), in a fixed order: by op,
/// memory kernel before by-value, T, then q.
template <typename Fn> void forEachQuantizeKernel(Fn &&fn) {
  for (const QuantizeOpSpec &op : kQuantizeOps)
    for (bool perTensor : {false, true})
      for (ElementKind t : kQuantizeFloatTypes) {
        if (!op.hasQ) {
          fn(QuantizeKernelKey{op.kind, perTensor, t, ElementKind::S8});
          continue;
        }
        for (ElementKind q : kQuantizeQuantTypes)
          fn(QuantizeKernelKey{op.kind, perTensor, t, q});
      }
}

/// One C entry-point SKU (QuantizeFamily.def's STEM rows, expanded).
struct QuantizeStemSku {
  /// "quantize_per_channel"
  const char *stem;
  FamilyOp op;
  LayoutKind layout;
  ElementKind t;
  /// The quantized type in the name (_<in>_<q>); nullopt for _<in> stems.
  std::optional<ElementKind> q;

  /// "quantize_per_channel_f16_s8": the name between baracuda_kernels_ and
  /// _run / _can_implement.
  std::string name() const;
};

#define BARACUDA_QF_Q_OPT_s8 ::baracuda::ElementKind::S8
#define BARACUDA_QF_Q_OPT_u8 ::baracuda::ElementKind::U8
#define BARACUDA_QF_Q_OPT__ std::nullopt
#define BARACUDA_QF_STEM_SKU(stem, Op, Layout, T_, Q_, params, bind)           \
  QuantizeStemSku{#stem, FamilyOp::Op, LayoutKind::Layout,                     \
                  BARACUDA_QF_KIND(T_), BARACUDA_QF_Q_OPT_##Q_},
/// Every SKU of every stem of QuantizeFamily.def, lowered or not.
inline const QuantizeStemSku kQuantizeStemSkus[] = {
    BARACUDA_QF_FOR_EACH_STEM_SKU(BARACUDA_QF_STEM_SKU)};
#undef BARACUDA_QF_STEM_SKU

} // namespace baracuda

#endif // BARACUDA_FAMILY_QUANTIZEFAMILY_H
