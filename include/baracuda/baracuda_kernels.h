/*===- baracuda_kernels.h - C ABI of the baracuda runtime ---------*- C -*-===//
 *
 * The stable C entry points of libbaracuda_runtime.so, with the names, the
 * argument order and the status codes of baracuda-kernels-sys, so the Rust
 * plans (and any other language) can call the kernels compiled by baracuda.
 *
 * Every function is thread-safe, never lets an exception escape, and on any
 * non-zero status launches nothing and records a message for
 * baracuda_kernels_last_error_message().
 *
 *===----------------------------------------------------------------------===*/

#ifndef BARACUDA_BARACUDA_KERNELS_H
#define BARACUDA_BARACUDA_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (stable values; equal to baracuda::StatusCode). */
enum {
  BARACUDA_KERNELS_SUCCESS = 0,
  /* A pointer is not aligned to what the kernel needs (today: its element
   * size). */
  BARACUDA_KERNELS_MISALIGNED_OPERAND = 1,
  /* A descriptor rule is broken, a pointer of a non-empty tensor is NULL, or
   * memory is not reachable from the backend (e.g. host memory on CUDA). */
  BARACUDA_KERNELS_INVALID_PROBLEM = 2,
  /* No CUDA driver, no kernel for this device, or an unsupported dtype. */
  BARACUDA_KERNELS_UNSUPPORTED = 3,
  /* workspace_bytes is below what the kernel needs (none needs any today). */
  BARACUDA_KERNELS_WORKSPACE_TOO_SMALL = 4,
  /* A CUDA driver call failed (the message has the driver's error text), or
   * an unexpected internal failure. */
  BARACUDA_KERNELS_INTERNAL_ERROR = 5
};

/* Pass as `cuda_stream` to run on the host CPU, synchronously (the call
 * returns when the output is written), on the calling thread plus the
 * runtime's worker threads: BARACUDA_CPU_THREADS threads in all (an integer
 * in [1, 1024]; anything else is status 2), or else as many as the process
 * has CPUs (affinity mask, cgroup quota). Problems under 1 MiB stay on the
 * calling thread. Any other value is a CUstream; NULL is the legacy default
 * stream of the CUDA context current on the calling thread. */
#define BARACUDA_CPU_STREAM ((void *)(intptr_t)-1)

/* The message of the last failed call on the calling thread ("" when the
 * last call succeeded). The pointer stays valid until the thread's next call
 * into this API. Never NULL. */
const char *baracuda_kernels_last_error_message(void);

/* ------------------------------------------------------------------------
 * The quantization family: a stem per STEM row, a SKU per stem and <in>
 * (and <q>), each with _run and _can_implement, declared from the one table
 * baracuda/Family/QuantizeFamily.def (its STEM rows hold the parameter
 * lists, exactly the reference's: ../shared/reference/seed-quantize/
 * README.md; the .def is where to count them):
 *
 *   int32_t baracuda_kernels_<stem>_<in>[_<q>]_run(<params>, void *workspace,
 *       size_t workspace_bytes, void *cuda_stream);
 *   int32_t baracuda_kernels_<stem>_<in>[_<q>]_can_implement(<params>);
 *
 * <in> in {f32, f64, f16, bf16} (f16/bf16 as 16-bit words), <q> in {s8, u8}
 * for the stems of ops with an 8-bit operand (the .def's
 * BARACUDA_QF_STEMS_IN_Q rows, e.g. quantize_*; the floating type is
 * dequantize's output); _can_implement takes every pointer as const void *.
 * Per-tensor stems take the scale by value (double for f64, float otherwise)
 * and the zero point as int32; per-channel stems a HOST array shape4 of four
 * sizes (rank <= 4, padded with 1) and axis in [0, 4), with numel equal to
 * their product; per-token [n, d] with parameters [n]; per-group [outer,
 * axis_size] with parameters [outer, axis_size / group_size]. Semantics per
 * op: docs/Semantics.md; which parameter an element uses: element i of the
 * row-major data uses parameter (i / block) % period (docs/Runtime.md).
 *
 * Rules (status 2, nothing launched; 3 for a type): sizes non-negative;
 * per_group: group_size > 0, axis_size % group_size == 0; per-channel: a
 * non-NULL shape4 unless numel == 0; ops with a range: q_min <= q_max, and
 * for those with an 8-bit operand (quantize) both inside the range of <q>; the
 * operands together no larger than an address space (PTRDIFF_MAX bytes).
 *
 * _run / _can_implement otherwise behave as documented for
 * quantize_per_group below (streams, memory placement, NULL only for empty
 * problems, no workspace needed). Where the compiler does not lower an op
 * yet (QuantizeFamily.def), _run returns 3 naming the missing kernel; its
 * _can_implement still checks everything that needs no kernel.
 *
 * quantize_per_group (the first of the family):
 *
 *   baracuda_kernels_quantize_per_group_<in>_<q>_run(outer, axis_size,
 *       group_size, q_min, q_max, input, scale, zero_point, output,
 *       workspace, workspace_bytes, cuda_stream)
 *
 * Problem: `input` and `output` are dense row-major [outer, axis];
 * `scale` (dtype <in>) and `zero_point` (int32) are [outer, axis / group].
 * Element (r, c) uses scale and zero point (r, c / group):
 *   v = scale == 0 ? 0 : x / scale   (in double for f64, else in float)
 *   v = isnan(v) ? 0 : v;  q = clamp(roundeven(v) + zero_point, q_min, q_max)
 * with the sum exact (+-Inf saturates). Deterministic and bit-stable.
 *
 * Descriptor rules (status 2, nothing launched): outer >= 0, axis >= 0,
 * group > 0, axis % group == 0, q_min <= q_max, q_min, q_max inside the
 * range of <out>, and the four operands together no larger than an address
 * space (PTRDIFF_MAX bytes).
 *
 * _run: validates, then quantizes.
 *   cuda_stream == BARACUDA_CPU_STREAM: runs on the host; the pointers are
 *     host memory (CUDA device-only memory is rejected with status 2 where
 *     CUDA memory can exist in the process). Never initializes CUDA.
 *     Returns when done.
 *   otherwise: queues the kernel on the CUstream `cuda_stream` (NULL: the
 *     legacy default stream of the current context); the pointers must be
 *     reachable from the stream's device: its device memory, managed or
 *     pinned host memory, or another device's memory only where the caller
 *     enabled peer access from the stream's context to it. Plain host memory
 *     and memory of another device are rejected with status 2, the message
 *     naming the operand (and both devices). Status 0 means queued: a fault
 *     during execution surfaces at the next synchronization.
 *   Either way a pointer the driver cannot classify (cuPointerGetAttributes
 *   fails, e.g. in a child forked after CUDA was initialized) is status 2,
 *   never touched.
 *   No workspace is needed: `workspace` may be NULL with workspace_bytes 0.
 *   Pointers may be NULL only when outer * axis == 0 (then nothing runs).
 *
 * _can_implement: the checks of _run that need no stream: descriptor rules,
 *   NULL pointers, alignment, and, when libcuda is already loaded in the
 *   process, that the operands can be reached from one backend (not a
 *   mix of host-only and device-only memory). If some operand is device-only
 *   memory and a CUDA context is current, it also checks that device memory
 *   belongs to that context's device (or to a peer it has access to) and
 *   that the kernels load in that context (status 3 if no image fits its
 *   device). It does not
 *   know the stream: _run may still fail for a stream of another context, or
 *   with no context current for the NULL stream.
 * ------------------------------------------------------------------------ */
#include "baracuda/Family/QuantizeFamily.def"

#define BARACUDA_KERNELS_UNPAREN_(...) __VA_ARGS__
#define BARACUDA_KERNELS_DECLARE_RUN_(stem, Op, Layout, T_, Q_, params, bind)  \
  int32_t BARACUDA_QF_STEM_NAME(stem, T_, Q_, _run)(                           \
      BARACUDA_KERNELS_UNPAREN_ params, void *workspace,                       \
      size_t workspace_bytes, void *cuda_stream);
#define BARACUDA_KERNELS_DECLARE_CAN_IMPLEMENT_(stem, Op, Layout, T_, Q_,      \
                                                params, bind)                  \
  int32_t BARACUDA_QF_STEM_NAME(stem, T_, Q_, _can_implement)(                 \
      BARACUDA_KERNELS_UNPAREN_ params);
BARACUDA_QF_FOR_EACH_STEM_SKU(BARACUDA_KERNELS_DECLARE_RUN_)
#undef BARACUDA_QF_OUT
#define BARACUDA_QF_OUT const void *
BARACUDA_QF_FOR_EACH_STEM_SKU(BARACUDA_KERNELS_DECLARE_CAN_IMPLEMENT_)
#undef BARACUDA_QF_OUT
#define BARACUDA_QF_OUT void *

/* X(in, out): the (input, output) element pairs of the family's quantize and
 * dequantize stems, from the table's type lists. */
#define BARACUDA_KERNELS_PAIR_Q_(Q_, T_, X) X(T_, Q_)
#define BARACUDA_KERNELS_PAIR_T_(T_, X)                                        \
  BARACUDA_QF_QUANT_TYPES(BARACUDA_KERNELS_PAIR_Q_, T_, X)
#define BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(X)                           \
  BARACUDA_QF_FLOAT_TYPES(BARACUDA_KERNELS_PAIR_T_, X)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BARACUDA_BARACUDA_KERNELS_H */
