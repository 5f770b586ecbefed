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

/* X(in, out): the (input, output) element pairs of quantize_per_group. */
#define BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(X)                           \
  X(f32, s8)                                                                   \
  X(f32, u8)                                                                   \
  X(f64, s8)                                                                   \
  X(f64, u8)                                                                   \
  X(f16, s8)                                                                   \
  X(f16, u8)                                                                   \
  X(bf16, s8)                                                                  \
  X(bf16, u8)

/* quantize_per_group, one pair of entry points per (in, out) pair above:
 *
 *   baracuda_kernels_quantize_per_group_<in>_<out>_run
 *   baracuda_kernels_quantize_per_group_<in>_<out>_can_implement
 *
 * for <in> in {f32, f64, f16, bf16} (f16/bf16 as 16-bit words) and <out> in
 * {s8, u8}: 16 functions, declared by the macro below.
 *
 * Problem: `in_data` and `out_data` are dense row-major [outer, axis];
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
 *   process, that the four operands can be reached from one backend (not a
 *   mix of host-only and device-only memory). If some operand is device-only
 *   memory and a CUDA context is current, it also checks that device memory
 *   belongs to that context's device (or to a peer it has access to) and
 *   that the kernels load in that context (status 3 if no image fits its
 *   device). It does not
 *   know the stream: _run may still fail for a stream of another context, or
 *   with no context current for the NULL stream.
 */
#define BARACUDA_KERNELS_DECLARE_QUANTIZE_PER_GROUP(in, out)                   \
  int32_t baracuda_kernels_quantize_per_group_##in##_##out##_run(              \
      int32_t outer, int32_t axis, int32_t group, int32_t q_min,               \
      int32_t q_max, const void *in_data, const void *scale,                   \
      const void *zero_point, void *out_data, void *workspace,                 \
      size_t workspace_bytes, void *cuda_stream);                              \
  int32_t baracuda_kernels_quantize_per_group_##in##_##out##_can_implement(    \
      int32_t outer, int32_t axis, int32_t group, int32_t q_min,               \
      int32_t q_max, const void *in_data, const void *scale,                   \
      const void *zero_point, void *out_data);

BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(
    BARACUDA_KERNELS_DECLARE_QUANTIZE_PER_GROUP)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BARACUDA_BARACUDA_KERNELS_H */
