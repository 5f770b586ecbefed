//===- QuantizePerGroupPlan.h - quantize_per_group forward plan -*- C++ -*-===//
//
// Per-group quantization: the input is [outer_size, axis_size] (a higher-rank
// tensor is flattened by the caller), and the quantization axis (the
// rightmost dim) is split into contiguous groups of `group_size` elements.
// Each group has its own (scale, zero_point), so both are
// [outer_size, num_groups] with num_groups = axis_size / group_size. Used for
// INT4/INT8 LLM weight quantization (GPTQ / AWQ / GGML), typically with
// group_size 128. A non-last quantization axis needs a permute first (the
// caller's job).
//
// Mirrors the reference plan (baracuda-kernels' QuantizePerGroupPlan):
// select -> can_implement -> workspace_size -> run, with the kernel identity
// in sku() and the numerical contract in precision_guarantee().
//
// Dtypes: input (and scale) f32, f64, f16, bf16; output s8, u8; zero_point
// int32.
//
// Semantics, per element (C = double for f64 input, float otherwise):
//   v = scale == 0 ? 0 : x / scale   (IEEE division in C)
//   v = isnan(v) ? 0 : v
//   q = clamp(roundeven(v) + zero_point, q_min, q_max)
// with the sum computed exactly (+-Inf saturates to q_min / q_max).
//
// Precision guarantee: math and intermediates in f64 for f64 input, f32
// otherwise; deterministic and bit-stable on the same hardware (and, as the
// tests check, bit-identical between the CPU and CUDA backends).
//
// Workspace: none.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_QUANTIZEPERGROUPPLAN_H
#define BARACUDA_RUNTIME_QUANTIZEPERGROUPPLAN_H

#include "baracuda/Rules/QuantizePerGroupRules.h"
#include "baracuda/runtime/Element.h"
#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/runtime/PlanPreference.h"
#include "baracuda/runtime/QuantizeFamilyPlan.h"
#include "baracuda/runtime/Result.h"
#include "baracuda/runtime/Sku.h"
#include "baracuda/runtime/Stream.h"
#include "baracuda/runtime/Tensor.h"
#include "baracuda/runtime/Workspace.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace baracuda {

/// The operands of a quantize_per_group launch with element types known at
/// run time (from the plan's descriptor). Used by the typed API and the C ABI.
struct UntypedQuantizePerGroupArgs {
  /// [outer_size, axis_size] of the input element.
  TensorRef<void, 2> input;
  /// [outer_size, num_groups] of the input element.
  TensorRef<void, 2> scale;
  /// [outer_size, num_groups] of int32.
  TensorRef<void, 2> zero_point;
  /// [outer_size, axis_size] of the output element.
  TensorMut<void, 2> output;
};

/// The operands of a quantize_per_group launch.
template <typename TIn, typename TOut> struct QuantizePerGroupArgs {
  /// Input [outer_size, axis_size].
  TensorRef<TIn, 2> input;
  /// Per-group scale [outer_size, num_groups].
  TensorRef<TIn, 2> scale;
  /// Per-group zero point [outer_size, num_groups].
  TensorRef<int32_t, 2> zero_point;
  /// Output [outer_size, axis_size].
  TensorMut<TOut, 2> output;

  UntypedQuantizePerGroupArgs untyped() const {
    return {{input.data, input.shape},
            {scale.data, scale.shape},
            {zero_point.data, zero_point.shape},
            {output.data, output.shape}};
  }
};

/// quantize_per_group with element kinds chosen at run time: the core under
/// QuantizePerGroupPlan<TIn, TOut> and the C ABI. Same contract as the typed
/// plan below, except that select() takes the dtypes from the descriptor.
/// A thin face over QuantizeFamilyPlan: it checks the descriptor and the
/// operands' shapes, and the core does the rest (variants, pointer checks,
/// launch).
class UntypedQuantizePerGroupPlan {
public:
  /// Picks a kernel for `desc` on `stream`'s backend: on CUDA, for
  /// PlanPreference::Default, the wide vectorized kernel ("vec16" for
  /// f16/bf16, "vec8" for f32/f64) when the group size allows and the
  /// problem fills one wave of its threads on the device, else the narrow
  /// one ("vec8", "vec4"), else "generic"; the CPU runs "generic". Narrower
  /// variants stay available to run() for operands that miss the preferred
  /// one's alignment.
  ///
  /// Errors (messages start with "quantize_per_group: "):
  ///   - a broken descriptor rule of validateQuantizePerGroupDescriptor, with
  ///     its code (InvalidProblem; Unsupported for a dtype) and message;
  ///   - InvalidProblem: the four operands would need more bytes than an
  ///     address space holds (PTRDIFF_MAX);
  ///   - Unsupported: the library has no kernel for this SKU on the backend,
  ///     no CUDA driver ("CUDA driver not available: ..."), or no image of
  ///     the library fits the device;
  ///   - Internal: a CUDA driver failure while finding the stream's context
  ///     or loading the module (with the driver's error text).
  /// For a CUDA stream the library's module is loaded into the stream's
  /// context here (once per context), so run() does not pay for it.
  static Result<UntypedQuantizePerGroupPlan> select(
      const Stream &stream, const QuantizePerGroupDescriptor &desc,
      PlanPreference preference = PlanPreference::Default,
      std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin());

  /// Checks `args` against the plan, launching nothing:
  ///   - InvalidProblem: a shape differs from validateQuantizePerGroupShapes
  ///     ([outer, axis] for input/output, [outer, num_groups] for scale and
  ///     zero_point); a data pointer is null while the problem is non-empty;
  ///     on CUDA, a pointer the device cannot access (plain host memory, or
  ///     device memory of another device than the current context's unless
  ///     that context has peer access to it); on the CPU, device-only memory
  ///     (checked when CUDA memory can exist in the process); on either, a
  ///     pointer the driver cannot classify (cuPointerGetAttributes fails);
  ///   - MisalignedOperand: a pointer not aligned to its element size (the
  ///     generic variant's need; operands that miss only a vectorized
  ///     variant's alignment are run by a narrower variant, see run()).
  Status can_implement(const UntypedQuantizePerGroupArgs &args) const;

  /// Bytes of workspace run() needs: 0.
  size_t workspace_size() const { return core_.workspace_size(); }

  /// The kernel that runs for operands aligned to the preferred variant's
  /// need: op, dtypes, target of the loaded image (the select-time context's,
  /// for CUDA), variant and precision guarantee.
  const KernelSku &sku() const { return core_.sku(); }
  /// The kernel run(args) launches: sku(), with a narrower variant when
  /// `args` miss the preferred variant's alignment.
  KernelSku sku_for(const UntypedQuantizePerGroupArgs &args) const {
    return core_.sku_for(operands(args));
  }
  PrecisionGuarantee precision_guarantee() const {
    return core_.precision_guarantee();
  }
  const QuantizePerGroupDescriptor &descriptor() const { return desc_; }
  /// The generic plan this face runs on.
  const QuantizeFamilyPlan &core() const { return core_; }

  /// can_implement(args), then the workspace check (WorkspaceTooSmall when
  /// workspace.bytes < workspace_size()), then the launch. An empty problem
  /// (outer_size * axis_size == 0) succeeds without launching. The first of
  /// the plan's variants whose alignment the pointers meet runs (vectorized
  /// kernels: 16-byte input, vector-width-byte output; generic: the
  /// elements'), like the host code the compiler generates; all give the
  /// same bits.
  ///   - CPU: runs synchronously on the stream's threads (the calling one
  ///     and the runtime's pool, CpuThreadPool.h; problems under 1 MiB on
  ///     the calling thread alone) and returns when the output is written.
  ///     InvalidProblem for a bad thread count (Stream::cpu(threads),
  ///     BARACUDA_CPU_THREADS).
  ///   - CUDA: queues one kernel on `stream` (asynchronous: execution faults
  ///     surface at the next synchronization); the stream may belong to
  ///     another context than the select-time one (its module is loaded on
  ///     first use). Operands must be memory of the stream's device (or of
  ///     a peer its context has enabled access to), managed or pinned host
  ///     memory: others are InvalidProblem naming the operand and both
  ///     devices. Driver failures: Internal, with the driver's text.
  /// `stream` must be on the plan's backend (InvalidProblem otherwise).
  /// Thread-safe: a plan may run concurrently on several streams.
  Status run(const Stream &stream, Workspace workspace,
             const UntypedQuantizePerGroupArgs &args) const;

private:
  UntypedQuantizePerGroupPlan(const QuantizePerGroupDescriptor &desc,
                              QuantizeFamilyPlan core)
      : desc_(desc), core_(std::move(core)) {}

  /// The pointers in the kernel's operand order.
  static QuantizeFamilyOperands
  operands(const UntypedQuantizePerGroupArgs &args) {
    QuantizeFamilyOperands result;
    result.data[0] = args.input.data;
    result.data[1] = args.scale.data;
    result.data[2] = args.zero_point.data;
    result.data[3] = args.output.data;
    return result;
  }
  /// validateQuantizePerGroupShapes, with the prefix.
  Status checkShapes(const UntypedQuantizePerGroupArgs &args) const;

  QuantizePerGroupDescriptor desc_;
  QuantizeFamilyPlan core_;
};

/// The `quantize_per_group` forward plan for input/scale element TIn (float,
/// double, Half, BFloat16) and output element TOut (int8_t, uint8_t).
///
/// Shape limits: rank 2 [outer_size, axis_size]; axis_size % group_size ==
/// 0; group_size > 0; scale and zero_point are [outer_size, num_groups];
/// q_min <= q_max, both inside TOut's range. Workspace: none. Precision:
/// deterministic, bit-stable, round half to even.
template <typename TIn, typename TOut> class QuantizePerGroupPlan {
  static_assert(std::is_same_v<TIn, float> || std::is_same_v<TIn, double> ||
                    std::is_same_v<TIn, Half> || std::is_same_v<TIn, BFloat16>,
                "quantize_per_group input must be float, double, Half or "
                "BFloat16");
  static_assert(std::is_same_v<TOut, int8_t> || std::is_same_v<TOut, uint8_t>,
                "quantize_per_group output must be int8_t or uint8_t");

public:
  /// Picks a kernel for `desc` on `stream`'s backend from `library`.
  /// Errors: Unsupported when desc.input_element / desc.output_element are
  /// not TIn / TOut; otherwise those of UntypedQuantizePerGroupPlan::select
  /// (descriptor rules with their messages, no driver, no kernel, load
  /// failures).
  static Result<QuantizePerGroupPlan> select(
      const Stream &stream, const QuantizePerGroupDescriptor &desc,
      PlanPreference preference = PlanPreference::Default,
      std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin()) {
    constexpr ElementKind in = elementKindOf<TIn>;
    constexpr ElementKind out = elementKindOf<TOut>;
    if (desc.input_element != in)
      return unsupported("quantize_per_group: descriptor input_element (" +
                         std::string(elementKindName(desc.input_element)) +
                         ") must be the plan's TIn (" +
                         std::string(elementKindName(in)) + ")");
    if (desc.output_element != out)
      return unsupported("quantize_per_group: descriptor output_element (" +
                         std::string(elementKindName(desc.output_element)) +
                         ") must be the plan's TOut (" +
                         std::string(elementKindName(out)) + ")");
    Result<UntypedQuantizePerGroupPlan> core =
        UntypedQuantizePerGroupPlan::select(stream, desc, preference,
                                            std::move(library));
    if (!core)
      return core.status();
    return QuantizePerGroupPlan(std::move(core).value());
  }

  /// Validates `args` (shapes, null pointers, alignment, memory reachable
  /// from the backend); see UntypedQuantizePerGroupPlan::can_implement.
  Status can_implement(const QuantizePerGroupArgs<TIn, TOut> &args) const {
    return core_.can_implement(args.untyped());
  }

  /// Workspace bytes: none.
  size_t workspace_size() const { return core_.workspace_size(); }

  /// Identity of the kernel that runs (for operands aligned to the preferred
  /// variant's need; see sku_for).
  KernelSku sku() const { return core_.sku(); }

  /// Identity of the kernel run(args) launches.
  KernelSku sku_for(const QuantizePerGroupArgs<TIn, TOut> &args) const {
    return core_.sku_for(args.untyped());
  }

  /// Numerical guarantees.
  PrecisionGuarantee precision_guarantee() const {
    return core_.precision_guarantee();
  }

  /// Launch; see UntypedQuantizePerGroupPlan::run.
  Status run(const Stream &stream, Workspace workspace,
             const QuantizePerGroupArgs<TIn, TOut> &args) const {
    return core_.run(stream, workspace, args.untyped());
  }

private:
  explicit QuantizePerGroupPlan(UntypedQuantizePerGroupPlan core)
      : core_(std::move(core)) {}

  UntypedQuantizePerGroupPlan core_;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_QUANTIZEPERGROUPPLAN_H
