//===- ProbeKernels.cpp - Kernels that report what the runtime passed -----===//
//
// A test CPU kernel library for the family's plan core: the f32/f64 kernels
// of every op under KernelAbi.h's names and argument lists, computing not
// the op but which parameter each element received. Element i of a call
// uses p = (i / block) % period (memory kernels) or the scalars (per
// tensor), and writes
//   T output: scale(p) + 1000 * zero_point(p) + data0[i] + data1[i]
//   q output: zero_point(p) + data0[i]
// (data1 only for the backward ops' second input). A test compares the
// whole output with the same formula over the whole problem: any wrong
// chunk offset, block, period, parameter pointer, scalar or operand order
// shows. Indices beyond a memref's size, and a range other than the one
// the test set, are counted in probe_errors() instead of being touched.
//
//===----------------------------------------------------------------------===//

#include <atomic>
#include <cstdint>

namespace {

template <typename T> struct MemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

std::atomic<int64_t> errors{0};
std::atomic<int32_t> expectedQMin{0}, expectedQMax{0};

void checkRange(int32_t qMin, int32_t qMax, bool hasRange) {
  if (hasRange ? (qMin != expectedQMin || qMax != expectedQMax)
               : (qMin != 0 || qMax != 0))
    ++errors;
}

template <typename T> T at(const MemRef<T> *m, int64_t i) {
  if (i < 0 || i >= m->size) {
    ++errors;
    return T(0);
  }
  return m->aligned[m->offset + i * m->stride];
}

int64_t param(int64_t i, int64_t block, int64_t period) {
  if (block < 1 || period < 1) {
    ++errors;
    return 0;
  }
  return (i / block) % period;
}

/// Parameters from memory or by value.
template <typename T> struct Params {
  const MemRef<T> *scale = nullptr;
  const MemRef<int32_t> *zeroPoint = nullptr;
  T scaleValue = 0;
  int32_t zeroPointValue = 0;
  T s(int64_t p) const { return scale ? at(scale, p) : scaleValue; }
  int32_t zp(int64_t p) const {
    return zeroPoint ? at(zeroPoint, p) : zeroPointValue;
  }
};

template <typename T, typename D0, typename Out>
void writeT(const MemRef<D0> *d0, const MemRef<T> *d1, const Params<T> &ps,
            MemRef<Out> *out, int64_t n, int64_t block, int64_t period) {
  for (int64_t i = 0; i < n; ++i) {
    int64_t p = ps.scale ? param(i, block, period) : 0;
    T value = ps.s(p) + T(1000) * T(ps.zp(p)) + T(at(d0, i)) +
              (d1 ? at(d1, i) : T(0));
    if (i >= out->size) {
      ++errors;
      continue;
    }
    out->aligned[out->offset + i] = value;
  }
}

template <typename T, typename Q>
void writeQ(const MemRef<T> *x, const Params<T> &ps, MemRef<Q> *out, int64_t n,
            int64_t block, int64_t period) {
  for (int64_t i = 0; i < n; ++i) {
    int64_t p = ps.zeroPoint ? param(i, block, period) : 0;
    if (i >= out->size) {
      ++errors;
      continue;
    }
    out->aligned[out->offset + i] = Q(ps.zp(p) + int32_t(at(x, i)));
  }
}

} // namespace

extern "C" {

int64_t probe_errors() { return errors.exchange(0); }
void probe_expect_range(int32_t qMin, int32_t qMax) {
  expectedQMin = qMin;
  expectedQMax = qMax;
}

#define PROBE_T(name, T)                                                       \
  /* quantize: x, s, zp, q */                                                  \
  PROBE_Q(name, T, s8, int8_t)                                                 \
  PROBE_Q(name, T, u8, uint8_t)                                                \
  void _mlir_ciface_baracuda_cpu_quantize_backward_##name(                     \
      MemRef<T> *dy, MemRef<T> *x, MemRef<T> *s, MemRef<int32_t> *zp,          \
      MemRef<T> *dx, int64_t n, int64_t b, int64_t p, int32_t lo,              \
      int32_t hi) {                                                            \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    ps.zeroPoint = zp;                                                         \
    writeT<T>(dy, x, ps, dx, n, b, p);                                         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_##name(          \
      MemRef<T> *dy, MemRef<T> *x, T s, int32_t zp, MemRef<T> *dx, int64_t n,  \
      int64_t b, int64_t p, int32_t lo, int32_t hi) {                          \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    ps.zeroPointValue = zp;                                                    \
    writeT<T>(dy, x, ps, dx, n, b, p);                                         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_fake_quantize_backward_##name(                \
      MemRef<T> *dy, MemRef<T> *x, MemRef<T> *s, MemRef<int32_t> *zp,          \
      MemRef<T> *dx, int64_t n, int64_t b, int64_t p, int32_t lo,              \
      int32_t hi) {                                                            \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    ps.zeroPoint = zp;                                                         \
    writeT<T>(dy, x, ps, dx, n, b, p);                                         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_fake_quantize_backward_per_tensor_##name(     \
      MemRef<T> *dy, MemRef<T> *x, T s, int32_t zp, MemRef<T> *dx, int64_t n,  \
      int64_t b, int64_t p, int32_t lo, int32_t hi) {                          \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    ps.zeroPointValue = zp;                                                    \
    writeT<T>(dy, x, ps, dx, n, b, p);                                         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_dequantize_backward_##name(                   \
      MemRef<T> *dy, MemRef<T> *s, MemRef<T> *dq, int64_t n, int64_t b,        \
      int64_t p, int32_t lo, int32_t hi) {                                     \
    checkRange(lo, hi, false);                                                 \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    writeT<T>(dy, static_cast<MemRef<T> *>(nullptr), ps, dq, n, b, p);         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_dequantize_backward_per_tensor_##name(        \
      MemRef<T> *dy, T s, MemRef<T> *dq, int64_t n, int64_t b, int64_t p,      \
      int32_t lo, int32_t hi) {                                                \
    checkRange(lo, hi, false);                                                 \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    writeT<T>(dy, static_cast<MemRef<T> *>(nullptr), ps, dq, n, b, p);         \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_fake_quantize_##name(                         \
      MemRef<T> *x, MemRef<T> *s, MemRef<int32_t> *zp, MemRef<T> *y,           \
      int64_t n, int64_t b, int64_t p, int32_t lo, int32_t hi) {               \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    ps.zeroPoint = zp;                                                         \
    writeT<T>(x, static_cast<MemRef<T> *>(nullptr), ps, y, n, b, p);           \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_fake_quantize_per_tensor_##name(              \
      MemRef<T> *x, T s, int32_t zp, MemRef<T> *y, int64_t n, int64_t b,       \
      int64_t p, int32_t lo, int32_t hi) {                                     \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    ps.zeroPointValue = zp;                                                    \
    writeT<T>(x, static_cast<MemRef<T> *>(nullptr), ps, y, n, b, p);           \
  }

#define PROBE_Q(name, T, qname, Q)                                             \
  void _mlir_ciface_baracuda_cpu_quantize_##name##_##qname(                    \
      MemRef<T> *x, MemRef<T> *s, MemRef<int32_t> *zp, MemRef<Q> *q,           \
      int64_t n, int64_t b, int64_t p, int32_t lo, int32_t hi) {               \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    ps.zeroPoint = zp;                                                         \
    writeQ<T, Q>(x, ps, q, n, b, p);                                           \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_quantize_per_tensor_##name##_##qname(         \
      MemRef<T> *x, T s, int32_t zp, MemRef<Q> *q, int64_t n, int64_t b,       \
      int64_t p, int32_t lo, int32_t hi) {                                     \
    checkRange(lo, hi, true);                                                  \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    ps.zeroPointValue = zp;                                                    \
    writeQ<T, Q>(x, ps, q, n, b, p);                                           \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_dequantize_##name##_##qname(                  \
      MemRef<Q> *q, MemRef<T> *s, MemRef<int32_t> *zp, MemRef<T> *y,           \
      int64_t n, int64_t b, int64_t p, int32_t lo, int32_t hi) {               \
    checkRange(lo, hi, false);                                                 \
    Params<T> ps;                                                              \
    ps.scale = s;                                                              \
    ps.zeroPoint = zp;                                                         \
    writeT<T>(q, static_cast<MemRef<T> *>(nullptr), ps, y, n, b, p);           \
  }                                                                            \
  void _mlir_ciface_baracuda_cpu_dequantize_per_tensor_##name##_##qname(       \
      MemRef<Q> *q, T s, int32_t zp, MemRef<T> *y, int64_t n, int64_t b,       \
      int64_t p, int32_t lo, int32_t hi) {                                     \
    checkRange(lo, hi, false);                                                 \
    Params<T> ps;                                                              \
    ps.scaleValue = s;                                                         \
    ps.zeroPointValue = zp;                                                    \
    writeT<T>(q, static_cast<MemRef<T> *>(nullptr), ps, y, n, b, p);           \
  }

PROBE_T(f32, float)
PROBE_T(f64, double)

} // extern "C"
