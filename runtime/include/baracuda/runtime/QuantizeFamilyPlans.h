//===- QuantizeFamilyPlans.h - Typed plans of the quantization family -----===//
//
// The reference's Rust plans, one per op and layout (QuantizePerTensorPlan,
// DequantizePerChannelPlan, QuantizePerTokenBackwardPlan, FakeQuantizePlan,
// ...), as thin typed faces over the one plan core (QuantizeFamilyPlan.h):
// select -> can_implement -> workspace_size -> run, sku(), sku_for(args) and
// precision_guarantee(), with the reference's descriptors
// (baracuda/Rules/QuantizeDescriptorRules.h) and typed arguments. A face
// checks that the descriptor's element kinds are its type parameters, the
// descriptor's rules and the operands' shapes; the core does the rest
// (kernel variants, null / misaligned pointers, memory placement, launch).
//
// One template, QuantizeFamilyTypedPlan<Op, Layout, TIn, TOut>, and
// aliases named as the reference's plans. QuantizePerGroupPlan is its own
// class (QuantizePerGroupPlan.h, the op's original API) over the same core.
//
// Types: TIn is the floating type T (f32, f64, f16, bf16: float, double,
// Half, BFloat16), TOut the quantized type (int8_t, uint8_t; for dequantize
// the type of its input, as in the reference); plans the reference declares
// without TOut have none here either. Semantics: docs/Semantics.md.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_QUANTIZEFAMILYPLANS_H
#define BARACUDA_RUNTIME_QUANTIZEFAMILYPLANS_H

#include "baracuda/Rules/QuantizeDescriptorRules.h"
#include "baracuda/runtime/Element.h"
#include "baracuda/runtime/QuantizeFamilyPlan.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"
#include "baracuda/runtime/Tensor.h"

#include <array>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace baracuda {

/// A tensor of any rank (per-channel data).
template <typename T> struct TensorRefN {
  const T *data = nullptr;
  std::vector<int64_t> shape;
};
template <typename T> struct TensorMutN {
  T *data = nullptr;
  std::vector<int64_t> shape;
};

namespace family_face {

/// The C type of a per-tensor scale passed by value: double for f64, float
/// otherwise (the reference's Element::Scalar).
template <typename T>
using ScaleValue = std::conditional_t<std::is_same_v<T, double>, double, float>;

/// The operand types of a layout: its data tensors, and its parameters
/// (per tensor: values).
template <LayoutKind L> struct Layout;
template <> struct Layout<LayoutKind::PerTensor> {
  template <typename T> using Data = TensorRef<T, 1>;
  template <typename T> using DataMut = TensorMut<T, 1>;
  template <typename T> using Scale = ScaleValue<T>;
  using ZeroPoint = int32_t;
};
template <> struct Layout<LayoutKind::PerChannel> {
  template <typename T> using Data = TensorRefN<T>;
  template <typename T> using DataMut = TensorMutN<T>;
  template <typename T> using Scale = TensorRef<T, 1>;
  using ZeroPoint = TensorRef<int32_t, 1>;
};
template <> struct Layout<LayoutKind::PerToken> {
  template <typename T> using Data = TensorRef<T, 2>;
  template <typename T> using DataMut = TensorMut<T, 2>;
  template <typename T> using Scale = TensorRef<T, 1>;
  using ZeroPoint = TensorRef<int32_t, 1>;
};
template <> struct Layout<LayoutKind::PerGroup> {
  template <typename T> using Data = TensorRef<T, 2>;
  template <typename T> using DataMut = TensorMut<T, 2>;
  template <typename T> using Scale = TensorRef<T, 2>;
  using ZeroPoint = TensorRef<int32_t, 2>;
};

/// One operand as the face checks and hands it on.
struct Operand {
  const void *data = nullptr;
  std::vector<int64_t> shape;
  bool isValue = false; ///< a per-tensor scale / zero point
  double value = 0;
};
template <typename T, size_t R> Operand operand(const TensorRef<T, R> &t) {
  return {t.data, std::vector<int64_t>(t.shape.begin(), t.shape.end())};
}
template <typename T, size_t R> Operand operand(const TensorMut<T, R> &t) {
  return {t.data, std::vector<int64_t>(t.shape.begin(), t.shape.end())};
}
template <typename T> Operand operand(const TensorRefN<T> &t) {
  return {t.data, t.shape};
}
template <typename T> Operand operand(const TensorMutN<T> &t) {
  return {t.data, t.shape};
}
inline Operand operand(float v) { return {nullptr, {}, true, v}; }
inline Operand operand(double v) { return {nullptr, {}, true, v}; }
inline Operand operand(int32_t v) { return {nullptr, {}, true, double(v)}; }

/// An Args' operands in the kernel's order.
template <typename Args> std::vector<Operand> operandsOf(const Args &args) {
  return std::apply(
      [](const auto &...field) {
        return std::vector<Operand>{operand(field)...};
      },
      args.fields());
}

} // namespace family_face

// --- Arguments, per op (fields and order as the reference's Args) -------===//
// fields() ties them in the kernel's operand order (QuantizeFamily.def).
// Three shapes of argument list serve the six ops.

/// input -> output with the parameters: quantize (TIn -> TOut), dequantize
/// (TOut -> TIn: `input` is the quantized tensor, as in the reference),
/// fake-quantize (TIn -> TIn). The scale is of the floating type `TScale`.
template <LayoutKind L, typename TScale, typename TData, typename TResult>
struct ElementwiseArgs {
  using Lay = family_face::Layout<L>;
  typename Lay::template Data<TData> input;
  typename Lay::template Scale<TScale> scale{};
  typename Lay::ZeroPoint zero_point{};
  typename Lay::template DataMut<TResult> output;
  auto fields() const { return std::tie(input, scale, zero_point, output); }
  auto fields() { return std::tie(input, scale, zero_point, output); }
};
template <LayoutKind L, typename TIn, typename TOut>
using QuantizeArgs = ElementwiseArgs<L, TIn, TIn, TOut>;
template <LayoutKind L, typename TIn, typename TOut>
using DequantizeArgs = ElementwiseArgs<L, TIn, TOut, TIn>;
template <LayoutKind L, typename TIn, typename TOut = void>
using FakeQuantizeArgs = ElementwiseArgs<L, TIn, TIn, TIn>;

/// The masked backward ops: d_input = d_output / scale (quantize's
/// straight-through) or d_output (fake-quantize's, no 1/scale, as PyTorch)
/// where the forward's sum lies in [q_min, q_max], else +0.
template <LayoutKind L, typename TIn> struct MaskedBackwardArgs {
  using Lay = family_face::Layout<L>;
  typename Lay::template Data<TIn> d_output;
  typename Lay::template Data<TIn> input;
  typename Lay::template Scale<TIn> scale{};
  typename Lay::ZeroPoint zero_point{};
  typename Lay::template DataMut<TIn> d_input;
  auto fields() const {
    return std::tie(d_output, input, scale, zero_point, d_input);
  }
  auto fields() {
    return std::tie(d_output, input, scale, zero_point, d_input);
  }
};
template <LayoutKind L, typename TIn, typename TOut = void>
using QuantizeBackwardArgs = MaskedBackwardArgs<L, TIn>;
template <LayoutKind L, typename TIn, typename TOut = void>
using FakeQuantizeBackwardArgs = MaskedBackwardArgs<L, TIn>;

/// d_input = d_output * scale.
template <LayoutKind L, typename TIn, typename TOut = void>
struct DequantizeBackwardArgs {
  using Lay = family_face::Layout<L>;
  typename Lay::template Data<TIn> d_output;
  typename Lay::template Scale<TIn> scale{};
  typename Lay::template DataMut<TIn> d_input;
  auto fields() const { return std::tie(d_output, scale, d_input); }
  auto fields() { return std::tie(d_output, scale, d_input); }
};

namespace family_face {

template <FamilyOp Op, LayoutKind L, typename TIn, typename TOut> struct ArgsOf;
#define BARACUDA_FACE_ARGS(Op, Args)                                           \
  template <LayoutKind L, typename TIn, typename TOut>                         \
  struct ArgsOf<FamilyOp::Op, L, TIn, TOut> {                                  \
    using type = Args<L, TIn, TOut>;                                           \
  };
BARACUDA_FACE_ARGS(Quantize, QuantizeArgs)
BARACUDA_FACE_ARGS(Dequantize, DequantizeArgs)
BARACUDA_FACE_ARGS(QuantizeBackward, QuantizeBackwardArgs)
BARACUDA_FACE_ARGS(DequantizeBackward, DequantizeBackwardArgs)
BARACUDA_FACE_ARGS(FakeQuantize, FakeQuantizeArgs)
BARACUDA_FACE_ARGS(FakeQuantizeBackward, FakeQuantizeBackwardArgs)
#undef BARACUDA_FACE_ARGS

/// The reference's descriptor of each op and layout.
template <FamilyOp Op, LayoutKind L> struct DescriptorOf;
#define BARACUDA_FACE_DESC(Op, L, Desc)                                        \
  template <> struct DescriptorOf<FamilyOp::Op, LayoutKind::L> {               \
    using type = Desc;                                                         \
  };
BARACUDA_FACE_DESC(Quantize, PerTensor, QuantizePerTensorDescriptor)
BARACUDA_FACE_DESC(QuantizeBackward, PerTensor,
                   QuantizePerTensorBackwardDescriptor)
BARACUDA_FACE_DESC(Dequantize, PerTensor, DequantizePerTensorDescriptor)
BARACUDA_FACE_DESC(DequantizeBackward, PerTensor,
                   DequantizePerTensorBackwardDescriptor)
BARACUDA_FACE_DESC(FakeQuantize, PerTensor, FakeQuantizeDescriptor)
BARACUDA_FACE_DESC(FakeQuantizeBackward, PerTensor,
                   FakeQuantizeBackwardDescriptor)
BARACUDA_FACE_DESC(Quantize, PerChannel, QuantizePerChannelDescriptor)
BARACUDA_FACE_DESC(QuantizeBackward, PerChannel,
                   QuantizePerChannelBackwardDescriptor)
BARACUDA_FACE_DESC(Dequantize, PerChannel, DequantizePerChannelDescriptor)
BARACUDA_FACE_DESC(DequantizeBackward, PerChannel,
                   DequantizePerChannelBackwardDescriptor)
BARACUDA_FACE_DESC(Quantize, PerToken, QuantizePerTokenDescriptor)
BARACUDA_FACE_DESC(QuantizeBackward, PerToken,
                   QuantizePerTokenBackwardDescriptor)
BARACUDA_FACE_DESC(Dequantize, PerToken, DequantizePerTokenDescriptor)
BARACUDA_FACE_DESC(DequantizeBackward, PerToken,
                   DequantizePerTokenBackwardDescriptor)
BARACUDA_FACE_DESC(QuantizeBackward, PerGroup,
                   QuantizePerGroupBackwardDescriptor)
BARACUDA_FACE_DESC(Dequantize, PerGroup, DequantizePerGroupDescriptor)
BARACUDA_FACE_DESC(DequantizeBackward, PerGroup,
                   DequantizePerGroupBackwardDescriptor)
#undef BARACUDA_FACE_DESC

/// The descriptor's rule function (QuantizeDescriptorRules.h), whichever of
/// its three signatures the descriptor has.
template <typename D, typename = void> struct TakesOp : std::false_type {};
template <typename D>
struct TakesOp<D, std::void_t<decltype(validate(
                      std::declval<const D &>(), FamilyOp::Quantize,
                      std::declval<QuantizeFamilyProblem *>()))>>
    : std::true_type {};
template <typename D, typename = void> struct TakesElement : std::false_type {};
template <typename D>
struct TakesElement<D, std::void_t<decltype(validate(
                           std::declval<const D &>(), ElementKind::F32,
                           std::declval<QuantizeFamilyProblem *>()))>>
    : std::true_type {};
template <typename D>
Status validateDescriptor(const D &desc, FamilyOp op, ElementKind t,
                          QuantizeFamilyProblem *out) {
  if constexpr (TakesOp<D>::value)
    return validate(desc, op, out);
  else if constexpr (TakesElement<D>::value)
    return validate(desc, t, out);
  else
    return validate(desc, out);
}

template <typename D, typename = void>
struct HasInputElement : std::false_type {};
template <typename D>
struct HasInputElement<D, std::void_t<decltype(D::input_element)>>
    : std::true_type {};
template <typename D, typename = void>
struct HasOutputElement : std::false_type {};
template <typename D>
struct HasOutputElement<D, std::void_t<decltype(D::output_element)>>
    : std::true_type {};

/// The data shape and the parameters' shape of a valid descriptor, the
/// words messages use for them, and how messages name the size.
struct Shapes {
  std::vector<int64_t> data, params;
  const char *dataWords = "", *paramWords = "";
  std::string sizes;
};
template <LayoutKind L, typename D> Shapes shapesOf(const D &d) {
  Shapes s;
  if constexpr (L == LayoutKind::PerTensor) {
    s.data = {d.numel};
    s.dataWords = "[numel]";
    s.sizes = perTensorSizeText(d.numel);
  } else if constexpr (L == LayoutKind::PerChannel) {
    s.data = d.shape;
    s.params = {d.shape[d.axis]};
    s.dataWords = "the descriptor's shape";
    s.paramWords = "[shape[axis]]";
    s.sizes = perChannelSizeText(d.shape, d.axis);
  } else if constexpr (L == LayoutKind::PerToken) {
    s.data = {d.n, d.d};
    s.params = {d.n};
    s.dataWords = "[n, d]";
    s.paramWords = "[n]";
    s.sizes = perTokenSizeText(d.n, d.d);
  } else {
    s.data = {d.outer_size, d.axis_size};
    s.params = {d.outer_size, d.axis_size / d.group_size};
    s.dataWords = "[outer_size, axis_size]";
    s.paramWords = "[outer_size, axis_size / group_size]";
    s.sizes = perGroupSizeText(d.outer_size, d.axis_size);
  }
  return s;
}

/// "<name>: descriptor <field> (<kind>) must be the plan's <param> (<kind>)"
Status elementMismatch(const std::string &name, const char *field,
                       ElementKind got, const char *param, ElementKind want);
/// Each memory operand's shape against `shapes` (InvalidProblem naming the
/// operand, its shape and the required one), then the core's operands.
Status checkFaceShapes(FamilyOp op, const std::string &prefix,
                       const Shapes &shapes,
                       const std::vector<Operand> &operands);
/// The operands in the core's form (per tensor: the scale and zero point
/// as values).
QuantizeFamilyOperands coreOperands(FamilyOp op,
                                    const std::vector<Operand> &operands);

} // namespace family_face

/// The typed plan of op `Op` with layout `L` (the reference's
/// <Op>Per<Layout>Plan; use the aliases below). Contract:
///   - select(stream, desc, preference, library): Unsupported when the
///     descriptor's input_element / output_element (where it has them) are
///     not TIn / TOut; then the descriptor's rules (InvalidProblem,
///     Unsupported for element kinds), then QuantizeFamilyPlan::select's
///     errors. Messages start with "<op>_per_<layout>[_backward]: ".
///   - can_implement(args): InvalidProblem for an operand whose shape is not
///     the descriptor's (data: [numel] per tensor, the descriptor's shape
///     per channel, [n, d] per token, [outer_size, axis_size] per group;
///     parameters: [shape[axis]], [n], [outer_size, axis_size /
///     group_size]), then the core's pointer and memory checks (null data
///     of a non-empty problem, MisalignedOperand, memory the backend cannot
///     reach).
///   - run(stream, workspace, args): the stream's backend, can_implement's
///     checks, the workspace, then the launch (QuantizeFamilyPlan::run).
///   - workspace_size() 0; sku() / sku_for(args) / precision_guarantee():
///     the core's.
template <FamilyOp Op, LayoutKind L, typename TIn, typename TOut = void>
class QuantizeFamilyTypedPlan {
  static_assert(std::is_same_v<TIn, float> || std::is_same_v<TIn, double> ||
                    std::is_same_v<TIn, Half> || std::is_same_v<TIn, BFloat16>,
                "TIn must be float, double, Half or BFloat16");
  static_assert(std::is_void_v<TOut> || std::is_same_v<TOut, int8_t> ||
                    std::is_same_v<TOut, uint8_t>,
                "TOut must be int8_t or uint8_t");
  static_assert(!quantizeOpSpec(Op).hasQ || !std::is_void_v<TOut>,
                "quantize and dequantize need TOut");

public:
  using Descriptor = typename family_face::DescriptorOf<Op, L>::type;
  using Args = typename family_face::ArgsOf<
      Op, L, TIn, std::conditional_t<std::is_void_v<TOut>, int8_t, TOut>>::type;

  static Result<QuantizeFamilyTypedPlan> select(
      const Stream &stream, const Descriptor &desc,
      PlanPreference preference = PlanPreference::Default,
      std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin()) {
    std::string name = quantizeFamilyName(Op, L);
    constexpr ElementKind in = elementKindOf<TIn>;
    if constexpr (family_face::HasInputElement<Descriptor>::value)
      if (desc.input_element != in)
        return family_face::elementMismatch(name, "input_element",
                                            desc.input_element, "TIn", in);
    if constexpr (family_face::HasOutputElement<Descriptor>::value &&
                  !std::is_void_v<TOut>)
      if (desc.output_element != elementKindOf<TOut>)
        return family_face::elementMismatch(name, "output_element",
                                            desc.output_element, "TOut",
                                            elementKindOf<TOut>);
    QuantizeFamilyProblem problem;
    Status valid = family_face::validateDescriptor(desc, Op, in, &problem);
    if (!valid.ok())
      return Status(valid.code(), name + ": " + valid.message());
    family_face::Shapes shapes = family_face::shapesOf<L>(desc);
    Result<QuantizeFamilyPlan> core = QuantizeFamilyPlan::select(
        stream, problem, preference, std::move(library), shapes.sizes);
    if (!core)
      return core.status();
    return QuantizeFamilyTypedPlan(desc, std::move(shapes),
                                   std::move(core).value());
  }

  Status can_implement(const Args &args) const {
    std::vector<family_face::Operand> operands = family_face::operandsOf(args);
    Status shapes =
        family_face::checkFaceShapes(Op, prefix(), shapes_, operands);
    if (!shapes.ok())
      return shapes;
    return core_.can_implement(family_face::coreOperands(Op, operands));
  }

  size_t workspace_size() const { return core_.workspace_size(); }
  const KernelSku &sku() const { return core_.sku(); }
  KernelSku sku_for(const Args &args) const {
    return core_.sku_for(
        family_face::coreOperands(Op, family_face::operandsOf(args)));
  }
  PrecisionGuarantee precision_guarantee() const {
    return core_.precision_guarantee();
  }
  const Descriptor &descriptor() const { return desc_; }
  const QuantizeFamilyPlan &core() const { return core_; }

  Status run(const Stream &stream, Workspace workspace,
             const Args &args) const {
    std::vector<family_face::Operand> operands = family_face::operandsOf(args);
    Status valid = core_.checkStream(stream);
    if (valid.ok())
      valid = family_face::checkFaceShapes(Op, prefix(), shapes_, operands);
    if (!valid.ok())
      return valid;
    return core_.run(stream, workspace,
                     family_face::coreOperands(Op, operands));
  }

private:
  QuantizeFamilyTypedPlan(const Descriptor &desc, family_face::Shapes shapes,
                          QuantizeFamilyPlan core)
      : desc_(desc), shapes_(std::move(shapes)), core_(std::move(core)) {}
  std::string prefix() const { return quantizeFamilyName(Op, L) + ": "; }

  Descriptor desc_;
  family_face::Shapes shapes_;
  QuantizeFamilyPlan core_;
};

// --- The reference's plans ---------------------------------------------===//
#define BARACUDA_FACE(Name, Op, L)                                             \
  template <typename TIn, typename TOut>                                       \
  using Name =                                                                 \
      QuantizeFamilyTypedPlan<FamilyOp::Op, LayoutKind::L, TIn, TOut>;
#define BARACUDA_FACE_T(Name, Op, L)                                           \
  template <typename TIn>                                                      \
  using Name = QuantizeFamilyTypedPlan<FamilyOp::Op, LayoutKind::L, TIn>;
BARACUDA_FACE(QuantizePerTensorPlan, Quantize, PerTensor)
BARACUDA_FACE(QuantizePerChannelPlan, Quantize, PerChannel)
BARACUDA_FACE(QuantizePerTokenPlan, Quantize, PerToken)
// QuantizePerGroupPlan<TIn, TOut>: QuantizePerGroupPlan.h.
BARACUDA_FACE(DequantizePerTensorPlan, Dequantize, PerTensor)
BARACUDA_FACE(DequantizePerChannelPlan, Dequantize, PerChannel)
BARACUDA_FACE(DequantizePerTokenPlan, Dequantize, PerToken)
BARACUDA_FACE(DequantizePerGroupPlan, Dequantize, PerGroup)
BARACUDA_FACE(QuantizePerTensorBackwardPlan, QuantizeBackward, PerTensor)
BARACUDA_FACE(QuantizePerChannelBackwardPlan, QuantizeBackward, PerChannel)
BARACUDA_FACE_T(QuantizePerTokenBackwardPlan, QuantizeBackward, PerToken)
BARACUDA_FACE_T(QuantizePerGroupBackwardPlan, QuantizeBackward, PerGroup)
BARACUDA_FACE(DequantizePerTensorBackwardPlan, DequantizeBackward, PerTensor)
BARACUDA_FACE(DequantizePerChannelBackwardPlan, DequantizeBackward, PerChannel)
BARACUDA_FACE(DequantizePerTokenBackwardPlan, DequantizeBackward, PerToken)
BARACUDA_FACE(DequantizePerGroupBackwardPlan, DequantizeBackward, PerGroup)
BARACUDA_FACE_T(FakeQuantizePlan, FakeQuantize, PerTensor)
BARACUDA_FACE_T(FakeQuantizeBackwardPlan, FakeQuantizeBackward, PerTensor)
#undef BARACUDA_FACE
#undef BARACUDA_FACE_T

} // namespace baracuda

#endif // BARACUDA_RUNTIME_QUANTIZEFAMILYPLANS_H
