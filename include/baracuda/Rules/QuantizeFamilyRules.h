//===- QuantizeFamilyRules.h - Rules of the quantization family -*- C++ -*-===//
//
// The single source of truth for the descriptor rules of the quantization
// family (quantize, dequantize, their backward ops, fake_quantize and its
// backward) under every parameter layout (per tensor, channel, token,
// group). The dialect verifier, the compiled code's run-time checks and the
// runtime's plans all call these functions, so they report the same rule
// with the same words. MLIR-free and LLVM-free (docs/Architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RULES_QUANTIZEFAMILYRULES_H
#define BARACUDA_RULES_QUANTIZEFAMILYRULES_H

#include "baracuda/Family/QuantizeFamily.def"
#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/Status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baracuda {

/// The ops of the family, one enumerator per op row of
/// include/baracuda/Family/QuantizeFamily.def (the family's one list). Every
/// one is elementwise with broadcast parameters; they differ in their
/// operands and their element function.
enum class FamilyOp : uint8_t {
#define BARACUDA_QF_ENUMERATOR(kind, ...) kind,
  BARACUDA_QF_OPS(BARACUDA_QF_ENUMERATOR, /*operands unused*/)
#undef BARACUDA_QF_ENUMERATOR
};

/// "quantize", "dequantize_backward", ...: the op's mnemonic and the first
/// word of its kernel symbols.
std::string_view familyOpName(FamilyOp op);

/// What an operand of a family op is.
enum class OperandRole : uint8_t {
  Float,     ///< data of the op's floating type T (one element per element)
  Quantized, ///< data of the 8-bit type (si8/ui8), one element per element
  Scale,     ///< parameters: T per parameter, or one C scalar per tensor
  ZeroPoint, ///< parameters: i32 per parameter, or one i32 scalar per tensor
};

struct FamilyOperand {
  const char *name; ///< as diagnostics and the ODS accessors name it
  OperandRole role;
};

/// The operands of `op` in IR and kernel order, inputs then the one output
/// (the last entry), e.g. quantize: input, scale, zero_point, output. This
/// and the three functions below read the op's row of
/// include/baracuda/Family/QuantizeFamily.def, the family's one list.
const std::vector<FamilyOperand> &familyOperands(FamilyOp op);

/// Whether `op` takes a quantization range [q_min, q_max] (the hasRange
/// column of its OP row).
bool familyOpHasRange(FamilyOp op);

/// Whether `op` has an 8-bit operand (quantize's output, dequantize's input):
/// then q_min and q_max, where the op has them, must lie in its range.
bool familyOpHasQuantized(FamilyOp op);

/// Whether the result of `op` only selects one of its data operands or zero,
/// by the quantize mask (its BARACUDA_QF_SELECTS_DATA_<Kind> flag in
/// QuantizeFamily.def: fake_quantize_backward).
bool familyResultSelectsData(FamilyOp op);

/// Threads per GPU block of every kernel of `op` (its
/// BARACUDA_QF_THREADS_PER_BLOCK_<Kind> in QuantizeFamily.def): what the
/// compiler sizes the kernels for and the kernel catalog records.
int familyThreadsPerBlock(FamilyOp op);

/// Whether `threads` can be a family kernel's block: whole warps, at most
/// the 1024 threads a block of any CUDA GPU holds.
constexpr bool isValidThreadsPerBlock(int threads) {
  return threads >= 32 && threads <= 1024 && threads % 32 == 0;
}

/// How elements map to their (scale, zero_point). One concept for all four
/// granularities: element i of the row-major data uses parameter
/// (i / block) % period (blockAndPeriod).
enum class LayoutKind : uint8_t { PerTensor, PerChannel, PerToken, PerGroup };

struct ParameterLayout {
  LayoutKind kind = LayoutKind::PerTensor;
  /// PerChannel: the channel axis of the data.
  int64_t axis = 0;
  /// PerGroup: elements per group along the last axis.
  int64_t groupSize = 0;

  static ParameterLayout perTensor() { return {LayoutKind::PerTensor, 0, 0}; }
  static ParameterLayout perChannel(int64_t axis) {
    return {LayoutKind::PerChannel, axis, 0};
  }
  static ParameterLayout perToken() { return {LayoutKind::PerToken, 0, 0}; }
  static ParameterLayout perGroup(int64_t groupSize) {
    return {LayoutKind::PerGroup, 0, groupSize};
  }
};

/// "per_tensor", "per_channel", "per_token", "per_group": the layout's
/// attribute mnemonic and the word of the C stems.
std::string_view layoutKindName(LayoutKind kind);
/// e.g. "per_group<size = 128>", as the IR prints the layout.
std::string layoutText(const ParameterLayout &layout);

/// A dimension that may be unknown (dynamic in the IR), and a shape of them.
using MaybeDim = std::optional<int64_t>;
using MaybeShape = std::vector<MaybeDim>;

/// The largest size of one dimension: the runtime's descriptors hold sizes
/// in 32 bits (the reference's C ABI: int32 sizes and shape4).
constexpr int64_t kMaxFamilyDimSize = 2147483647;
/// The most elements a problem may have: byte sizes of every operand then
/// fit in int64 (and in ptrdiff_t).
constexpr int64_t kMaxFamilyElements = int64_t{1} << 60;

/// The rules of the layout alone against the data's rank:
///   per_channel: 0 <= axis < rank; per_token and per_group: rank 2;
///   per_group: size > 0.
Status validateLayout(const ParameterLayout &layout, int64_t rank);

/// The rules of the data shape (known dims only): every dim in
/// [0, kMaxFamilyDimSize], at most kMaxFamilyElements elements, and for
/// per_group the last dim a multiple of the group size. Expects a valid
/// layout.
Status validateDataShape(const ParameterLayout &layout, const MaybeShape &data);

/// The shape of scale and zero_point for data of shape `data`: [] (scalars)
/// per tensor, [dim(axis)] per channel, [n] per token, [outer, axis / size]
/// per group; unknown where the data dims it comes from are. Expects a
/// valid layout and data shape.
MaybeShape parameterShape(const ParameterLayout &layout,
                          const MaybeShape &data);

/// Element i of data of shape `data` uses parameter (i / block) % period.
/// For an empty problem both are 1.
struct BlockPeriod {
  int64_t block = 1;
  int64_t period = 1;
};
BlockPeriod blockAndPeriod(const ParameterLayout &layout,
                           const std::vector<int64_t> &data);

/// The range rules of `op` (only for ops that have one): q_max >= q_min,
/// and, when `quantized` is given, both inside its range.
Status validateRange(FamilyOp op, std::optional<ElementKind> quantized,
                     int64_t qMin, int64_t qMax);

/// Whether `kind` may be the floating type T / the 8-bit type of the family.
bool isFamilyFloatElement(ElementKind kind);
bool isFamilyQuantizedElement(ElementKind kind);

/// f64 for f64 data, f32 otherwise: the type the arithmetic runs in, and
/// the type of a per-tensor scale.
ElementKind familyComputeElement(ElementKind floatElement);

/// "[2, ?, 8]": a shape as the rule messages write shapes.
std::string shapeText(const MaybeShape &shape);

/// The wording of the rules, shared by the functions above and the
/// compiled code's run-time checks (whose sizes are operand dims):
/// "<dim> (<value>) must be a multiple of group_size (<group>)"; without
/// the value when `value` is empty (a size known only at run time).
std::string groupDivisibilityRuleMessage(const std::string &dim,
                                         const std::string &value,
                                         const std::string &group);
/// "<operand> shape <shape> must be <what> = <required>".
std::string operandShapeRuleMessage(const std::string &operand,
                                    const std::string &shape,
                                    const std::string &what,
                                    const std::string &required);
/// What the parameter shape of `layout` is, in words, for data called
/// `data`: "[]" (scalars), "[dim 1 of the data]", "[dim 0 of the data]",
/// "[dim 0 of the data, dim 1 of the data / 128]".
std::string parameterShapeWords(const ParameterLayout &layout,
                                const std::string &data = "the data");

} // namespace baracuda

#endif // BARACUDA_RULES_QUANTIZEFAMILYRULES_H
