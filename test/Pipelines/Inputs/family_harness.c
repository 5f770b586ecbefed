// Calls the CPU kernels of the quantization family directly (their C
// interfaces, include/baracuda/Support/KernelAbi.h) on edge cases whose
// results are written out by hand below, and prints one line per case:
// "<case>: ok" or the first mismatch. Each pattern of k inputs is repeated
// to 27 elements, so one block runs the 16-wide loop, the 8-wide one and
// the scalar tail. Cases of ops with a fast path run twice: with a small
// zero point and range (the fast path) and shifted by 2^30 (the exact path;
// the mask and fake_quantize give the same results).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 27
#define DESC(T, name) typedef struct { T *a, *d; int64_t o, s, st; } name;
DESC(float, MF32)
DESC(double, MF64)
DESC(int32_t, MI32)
DESC(int8_t, MI8)
DESC(uint16_t, MU16)
#define M(v, n) {(v), (v), 0, (n), 1}
#define ARGS int64_t n, int64_t block, int64_t period, int32_t lo, int32_t hi

void _mlir_ciface_baracuda_cpu_quantize_f32_s8(MF32 *, MF32 *, MI32 *, MI8 *, ARGS);
void _mlir_ciface_baracuda_cpu_quantize_per_tensor_f32_s8(MF32 *, float, int32_t, MI8 *, ARGS);
void _mlir_ciface_baracuda_cpu_dequantize_f32_s8(MI8 *, MF32 *, MI32 *, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_dequantize_per_tensor_f32_u8(MI8 *, float, int32_t, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_dequantize_bf16_u8(MI8 *, MU16 *, MI32 *, MU16 *, ARGS);
void _mlir_ciface_baracuda_cpu_quantize_backward_f32(MF32 *, MF32 *, MF32 *, MI32 *, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_f32(MF32 *, MF32 *, float, int32_t, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_f64(MF64 *, MF64 *, double, int32_t, MF64 *, ARGS);
void _mlir_ciface_baracuda_cpu_dequantize_backward_f32(MF32 *, MF32 *, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_dequantize_backward_per_tensor_f32(MF32 *, float, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_fake_quantize_f32(MF32 *, MF32 *, MI32 *, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_fake_quantize_per_tensor_f32(MF32 *, float, int32_t, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_fake_quantize_f16(MU16 *, MU16 *, MI32 *, MU16 *, ARGS);
void _mlir_ciface_baracuda_cpu_fake_quantize_backward_f32(MF32 *, MF32 *, MF32 *, MI32 *, MF32 *, ARGS);
void _mlir_ciface_baracuda_cpu_fake_quantize_backward_per_tensor_f32(MF32 *, MF32 *, float, int32_t, MF32 *, ARGS);

static const int32_t kShift = 1 << 30; // Past every fast-path limit.

// Same value, bit for bit (any NaN matches any NaN; -0 differs from +0).
static int sameF32(float a, float b) {
  if (isnan(a) && isnan(b))
    return 1;
  uint32_t x, y;
  memcpy(&x, &a, 4);
  memcpy(&y, &b, 4);
  return x == y;
}
static int sameF64(double a, double b) {
  if (isnan(a) && isnan(b))
    return 1;
  uint64_t x, y;
  memcpy(&x, &a, 8);
  memcpy(&y, &b, 8);
  return x == y;
}
static int checkF32(const char *name, const float *got, const float *want, int k) {
  for (int i = 0; i < N; ++i)
    if (!sameF32(got[i], want[i % k])) {
      printf("%s: MISMATCH at %d: got %a, want %a\n", name, i, got[i], want[i % k]);
      return 0;
    }
  printf("%s: ok\n", name);
  return 1;
}
static int checkF64(const char *name, const double *got, const double *want, int k) {
  for (int i = 0; i < N; ++i)
    if (!sameF64(got[i], want[i % k])) {
      printf("%s: MISMATCH at %d: got %a, want %a\n", name, i, got[i], want[i % k]);
      return 0;
    }
  printf("%s: ok\n", name);
  return 1;
}
static int checkI8(const char *name, const int8_t *got, const int8_t *want, int k) {
  for (int i = 0; i < N; ++i)
    if (got[i] != want[i % k]) {
      printf("%s: MISMATCH at %d: got %d, want %d\n", name, i, got[i], want[i % k]);
      return 0;
    }
  printf("%s: ok\n", name);
  return 1;
}
static int checkU16(const char *name, const uint16_t *got, const uint16_t *want, int k) {
  for (int i = 0; i < N; ++i)
    if (got[i] != want[i % k]) {
      printf("%s: MISMATCH at %d: got 0x%04x, want 0x%04x\n", name, i, got[i], want[i % k]);
      return 0;
    }
  printf("%s: ok\n", name);
  return 1;
}
#define CYCLE(dst, src, k)                                                     \
  for (int i = 0; i < N; ++i)                                                  \
    dst[i] = src[i % (k)];
#define K(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void) {
  const float inf = INFINITY, nan = NAN;

  // quantize: ties to even after the division, zero point after rounding,
  // NaN -> 0 + zp, +-Inf and huge saturate, -0 -> zp.
  {
    float xs[] = {0.5f, 1.5f, 2.5f, -0.5f, -0.0f, nan, inf, -inf, 1e30f, -3.0f, 253.0f};
    int8_t want1[] = {1, 3, 3, 1, 1, 1, 127, -128, 127, -2, 127};   // s 1, zp 1
    int8_t wantExact[] = {0, 2, 2, 0, 0, 0, -1, 0, -1, -3, -3};     // s 1, zp 0, full i32 range, truncated
    int8_t wantZero[] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};          // s 0, zp 5
    float x[N], s[1] = {1.0f};
    int32_t zp[1] = {1};
    int8_t q[N];
    CYCLE(x, xs, K(xs));
    MF32 mx = M(x, N), ms = M(s, 1);
    MI32 mz = M(zp, 1);
    MI8 mq = M(q, N);
    _mlir_ciface_baracuda_cpu_quantize_f32_s8(&mx, &ms, &mz, &mq, N, N, 1, -128, 127);
    checkI8("quantize fast", q, want1, K(xs));
    _mlir_ciface_baracuda_cpu_quantize_per_tensor_f32_s8(&mx, 1.0f, 1, &mq, N, N, 1, -128, 127);
    checkI8("quantize per_tensor fast", q, want1, K(xs));
    zp[0] = 0;
    _mlir_ciface_baracuda_cpu_quantize_f32_s8(&mx, &ms, &mz, &mq, N, N, 1, INT32_MIN, INT32_MAX);
    checkI8("quantize exact", q, wantExact, K(xs));
    s[0] = 0.0f;
    zp[0] = 5;
    _mlir_ciface_baracuda_cpu_quantize_f32_s8(&mx, &ms, &mz, &mq, N, N, 1, -128, 127);
    checkI8("quantize scale 0", q, wantZero, K(xs));
  }

  // dequantize: (q - zp) exact in integers, one multiply, one rounding.
  {
    int8_t qs[] = {-128, 127, 0, 5};
    float want[] = {-65.5f, 62.0f, -1.5f, 1.0f}; // zp 3, scale 0.5
    int8_t q[N];
    float y[N], s[1] = {0.5f};
    int32_t zp[1] = {3};
    CYCLE(q, qs, K(qs));
    MI8 mq = M(q, N);
    MF32 ms = M(s, 1), my = M(y, N);
    MI32 mz = M(zp, 1);
    _mlir_ciface_baracuda_cpu_dequantize_f32_s8(&mq, &ms, &mz, &my, N, N, 1, 0, 0);
    checkF32("dequantize", y, want, K(qs));
    // u8 255 and 0 with zp INT32_MIN: q - zp = 2^31 + 255 (beyond i32),
    // rounded once to f32: 2^31 + 256; and 2^31.
    uint8_t us[] = {255, 0};
    float wantU[] = {2147483904.0f, 2147483648.0f};
    CYCLE(q, ((int8_t *)us), 2);
    _mlir_ciface_baracuda_cpu_dequantize_per_tensor_f32_u8(&mq, 1.0f, INT32_MIN, &my, N, N, 1, 0, 0);
    checkF32("dequantize per_tensor u8 huge zero point", y, wantU, 2);
    // NaN and Inf scales propagate: (255 - 255) * Inf = NaN, 255 * Inf = Inf.
    int32_t zps[1] = {255};
    float wantInf[] = {nan, -inf}; // q 255 -> 0 * Inf; q 0 -> -255 * Inf
    _mlir_ciface_baracuda_cpu_dequantize_per_tensor_f32_u8(&mq, inf, zps[0], &my, N, N, 1, 0, 0);
    checkF32("dequantize per_tensor Inf scale", y, wantInf, 2);
  }

  // dequantize bf16: (q - zp) * s rounded once to bf16 (nearest even).
  {
    uint8_t qs[] = {3, 2, 0};
    // zp 0, scale bf16 0x3f81 (1.0078125): 3 * s = 3.0234375, between bf16
    // 3.015625 (0x4041) and 3.03125 (0x4042), a tie -> even 0x4042;
    // 2 * s = 2.015625 = 0x4001 exactly; 0 -> +0.
    uint16_t want[] = {0x4042, 0x4001, 0x0000};
    int8_t q[N];
    uint16_t y[N], s[1] = {0x3f81};
    int32_t zp[1] = {0};
    CYCLE(q, ((int8_t *)qs), K(qs));
    MI8 mq = M(q, N);
    MU16 ms = M(s, 1), my = M(y, N);
    MI32 mz = M(zp, 1);
    _mlir_ciface_baracuda_cpu_dequantize_bf16_u8(&mq, &ms, &mz, &my, N, N, 1, 0, 0);
    checkU16("dequantize bf16 tie to even", y, want, K(qs));
  }

  // The mask, inclusive at both ends: range [-2, 1], zp 0, scale 1.
  // x:  -2.5 -> -2 in; -2.6 -> -3 out; 1.5 -> 2 out; 0.5 -> 0 in;
  //     1.49 -> 1 in; NaN -> 0 in; Inf out; -0 in; -Inf out; 1.5000001 out.
  float maskX[] = {-2.5f, -2.6f, 1.5f, 0.5f, 1.49f, nan, inf, -0.0f, -inf, 1.50000012f};
  int maskIn[] = {1, 0, 0, 1, 1, 1, 0, 1, 0, 0};
  enum { KM = 10 };
  {
    // dy: 3 (and NaN where masked out: still +0); scale 2 -> x / 2 moves
    // the mask, so scale 1 here and dy / 1 = dy.
    float dys[] = {3.0f, nan, -7.0f, 1.0f, -0.0f, 2.0f, nan, 5.0f, 1.0f, 4.0f};
    float wantQb[KM], wantFb[KM];
    for (int i = 0; i < KM; ++i) {
      wantQb[i] = maskIn[i] ? dys[i] : 0.0f;
      wantFb[i] = maskIn[i] ? dys[i] : 0.0f;
    }
    float dy[N], x[N], dx[N], s[1] = {1.0f};
    int32_t zp[1] = {0};
    CYCLE(dy, dys, KM);
    CYCLE(x, maskX, KM);
    MF32 mdy = M(dy, N), mx = M(x, N), ms = M(s, 1), mdx = M(dx, N);
    MI32 mz = M(zp, 1);
    _mlir_ciface_baracuda_cpu_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, -2, 1);
    checkF32("quantize_backward fast", dx, wantQb, KM);
    zp[0] = kShift;
    _mlir_ciface_baracuda_cpu_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, kShift - 2, kShift + 1);
    checkF32("quantize_backward exact", dx, wantQb, KM);
    _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_f32(&mdy, &mx, 1.0f, 0, &mdx, N, N, 1, -2, 1);
    checkF32("quantize_backward per_tensor", dx, wantQb, KM);
    _mlir_ciface_baracuda_cpu_fake_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, kShift - 2, kShift + 1);
    checkF32("fake_quantize_backward exact", dx, wantFb, KM);
    zp[0] = 0;
    _mlir_ciface_baracuda_cpu_fake_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, -2, 1);
    checkF32("fake_quantize_backward fast", dx, wantFb, KM);
    _mlir_ciface_baracuda_cpu_fake_quantize_backward_per_tensor_f32(&mdy, &mx, 1.0f, 0, &mdx, N, N, 1, -2, 1);
    checkF32("fake_quantize_backward per_tensor", dx, wantFb, KM);

    // Scale 2: dx = dy / 2 inside the mask of x / 2 (zp 1, range [0, 2]):
    // x 2 -> 1+1 in; 3 -> roundeven(1.5)=2, +1 = 3 out; 1 -> roundeven(0.5)=0, +1 in;
    // -1 -> roundeven(-0.5) = -0, +1 = 1 in; -3 -> -2+1 out.
    float x2[] = {2.0f, 3.0f, 1.0f, -1.0f, -3.0f};
    float dy2[] = {1.0f, 1.0f, 3.0f, -1.0f, 1.0f};
    float want2[] = {0.5f, 0.0f, 1.5f, -0.5f, 0.0f};
    CYCLE(x, x2, 5);
    CYCLE(dy, dy2, 5);
    s[0] = 2.0f;
    zp[0] = 1;
    _mlir_ciface_baracuda_cpu_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, 0, 2);
    checkF32("quantize_backward scale 2", dx, want2, 5);
    // Scale 0: +0 everywhere, even where the mask holds (v = 0, r = zp in range).
    float wantZero[] = {0.0f};
    s[0] = 0.0f;
    _mlir_ciface_baracuda_cpu_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, 0, 2);
    checkF32("quantize_backward scale 0", dx, wantZero, 1);
    // fake_quantize_backward has no 1 / scale: scale 0 passes dy where
    // r = zp = 1 is inside [0, 2].
    _mlir_ciface_baracuda_cpu_fake_quantize_backward_f32(&mdy, &mx, &ms, &mz, &mdx, N, N, 1, 0, 2);
    checkF32("fake_quantize_backward scale 0", dx, dy2, 5);
  }

  // The mask in f64, per tensor: dx = dy / s, s = 0.25, zp -1, range [-3, 4]:
  // x 0.25 -> 1-1=0 in (dy 1 -> 4); 1.25 -> 5-1=4 in (2 -> 8);
  // 1.375 -> roundeven(5.5)=6, -1 = 5 out; -0.5 -> -2-1 = -3 in (-1 -> -4);
  // -0.625 -> roundeven(-2.5) = -2, -1 = -3 in (3 -> 12); -0.75 -> -4 out.
  {
    double xs[] = {0.25, 1.25, 1.375, -0.5, -0.625, -0.75};
    double dys[] = {1.0, 2.0, 1.0, -1.0, 3.0, 1.0};
    double want[] = {4.0, 8.0, 0.0, -4.0, 12.0, 0.0};
    double x[N], dy[N], dx[N];
    CYCLE(x, xs, 6);
    CYCLE(dy, dys, 6);
    MF64 mx = M(x, N), mdy = M(dy, N), mdx = M(dx, N);
    _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_f64(&mdy, &mx, 0.25, -1, &mdx, N, N, 1, -3, 4);
    checkF64("quantize_backward per_tensor f64", dx, want, 6);
    _mlir_ciface_baracuda_cpu_quantize_backward_per_tensor_f64(&mdy, &mx, 0.25, kShift - 1, &mdx, N, N, 1, kShift - 3, kShift + 4);
    checkF64("quantize_backward per_tensor f64 shifted", dx, want, 6);
  }

  // dequantize_backward: dq = dy * s.
  {
    float dys[] = {1.5f, -2.0f, nan, inf};
    float want[] = {6.0f, -8.0f, nan, inf};
    float dy[N], dq[N], s[1] = {4.0f};
    CYCLE(dy, dys, 4);
    MF32 mdy = M(dy, N), ms = M(s, 1), mdq = M(dq, N);
    _mlir_ciface_baracuda_cpu_dequantize_backward_f32(&mdy, &ms, &mdq, N, N, 1, 0, 0);
    checkF32("dequantize_backward", dq, want, 4);
    float wantZero[] = {0.0f, -0.0f, nan, nan}; // * 0: signs kept, Inf * 0 NaN
    _mlir_ciface_baracuda_cpu_dequantize_backward_per_tensor_f32(&mdy, 0.0f, &mdq, N, N, 1, 0, 0);
    checkF32("dequantize_backward per_tensor scale 0", dq, wantZero, 4);
  }

  // fake_quantize: (clamp(roundeven(x / s) + zp) - zp) * s, s 0.5, zp 1,
  // range [-8, 7]: x 0.5 -> 1+1=2 -> 1*0.5; 0.75 -> roundeven(1.5)=2, 3 ->
  // 1.0; 100 -> 7 -> 3; -100 -> -8 -> -4.5; NaN -> 0+1 -> 0; -0.25 ->
  // roundeven(-0.5) = -0, 1 -> 0 * 0.5 = +0.
  {
    float xs[] = {0.5f, 0.75f, 100.0f, -100.0f, nan, -0.25f};
    float want[] = {0.5f, 1.0f, 3.0f, -4.5f, 0.0f, 0.0f};
    float x[N], y[N], s[1] = {0.5f};
    int32_t zp[1] = {1};
    CYCLE(x, xs, 6);
    MF32 mx = M(x, N), ms = M(s, 1), my = M(y, N);
    MI32 mz = M(zp, 1);
    _mlir_ciface_baracuda_cpu_fake_quantize_f32(&mx, &ms, &mz, &my, N, N, 1, -8, 7);
    checkF32("fake_quantize fast", y, want, 6);
    zp[0] = kShift + 1;
    _mlir_ciface_baracuda_cpu_fake_quantize_f32(&mx, &ms, &mz, &my, N, N, 1, kShift - 8, kShift + 7);
    checkF32("fake_quantize exact", y, want, 6);
    _mlir_ciface_baracuda_cpu_fake_quantize_per_tensor_f32(&mx, 0.5f, 1, &my, N, N, 1, -8, 7);
    checkF32("fake_quantize per_tensor", y, want, 6);
    // Scale 0 with the zero point outside the range: v = 0, clamp(10) = 7,
    // (7 - 10) * 0 = -0.
    float wantNegZero[] = {-0.0f};
    _mlir_ciface_baracuda_cpu_fake_quantize_per_tensor_f32(&mx, 0.0f, 10, &my, N, N, 1, -8, 7);
    checkF32("fake_quantize scale 0", y, wantNegZero, 1);
  }

  // fake_quantize f16 (the reciprocal fast path): s = 0.1 in f16 (0x2e66 =
  // 0.0999755859375), zp 0, range [-128, 127]:
  // x 0x3c00 (1.0): 1 / s = 10.002..., -> 10 -> 10 * s = 0.999755859375 ->
  //   f16 0x3bff (0.99951171875) or 0x3c00? 0.999755859375 is the midpoint
  //   of 0x3bff and 0x3c00: tie -> even 0x3c00.
  // x 0x4900 (10.0): 100.02 -> 100 -> 9.99755859375 -> f16 spacing 2^-7
  //   near 10: 9.9921875 (0x48ff), 10.0 (0x4900); 9.99755859375 is nearer
  //   10.0 (0.00244 vs 0.00537) -> 0x4900.
  // x 0x5a40 (200.0): 2000.5 -> clamp 127 -> 12.6968994140625 -> f16
  //   spacing 2^-7 = 0.0078125: 12.6953125 (0x4a59) and 12.703125 (0x4a5a);
  //   nearer 12.6953125 (0.00159 vs 0.00623) -> 0x4a59.
  // x 0x7e00 (NaN) -> 0 -> +0.
  {
    uint16_t xs[] = {0x3c00, 0x4900, 0x5a40, 0x7e00};
    uint16_t want[] = {0x3c00, 0x4900, 0x4a59, 0x0000};
    uint16_t x[N], y[N], s[1] = {0x2e66};
    int32_t zp[1] = {0};
    CYCLE(x, xs, 4);
    MU16 mx = M(x, N), ms = M(s, 1), my = M(y, N);
    MI32 mz = M(zp, 1);
    _mlir_ciface_baracuda_cpu_fake_quantize_f16(&mx, &ms, &mz, &my, N, N, 1, -128, 127);
    checkU16("fake_quantize f16 fast", y, want, 4);
    zp[0] = kShift;
    _mlir_ciface_baracuda_cpu_fake_quantize_f16(&mx, &ms, &mz, &my, N, N, 1, kShift - 128, kShift + 127);
    checkU16("fake_quantize f16 exact", y, want, 4);
  }

  // The parameter layout: element i uses scale[(i / block) % period]; with
  // dy = 1, dequantize_backward writes the scale it used.
  {
    float dy[N], dq[N], s[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    for (int i = 0; i < N; ++i)
      dy[i] = 1.0f;
    MF32 mdy = M(dy, N), ms = M(s, 4), mdq = M(dq, N);
    // block 2, period 3: 1 1 2 2 3 3 1 1 2 2 3 3 ...
    float want23[] = {1, 1, 2, 2, 3, 3};
    _mlir_ciface_baracuda_cpu_dequantize_backward_f32(&mdy, &ms, &mdq, N, 2, 3, 0, 0);
    checkF32("layout block 2 period 3", dq, want23, 6);
    // block 7, period 4 (27 = 3 full blocks and a partial one of 6).
    float want74[28];
    for (int i = 0; i < 28; ++i)
      want74[i] = (float)((i / 7) % 4 + 1);
    _mlir_ciface_baracuda_cpu_dequantize_backward_f32(&mdy, &ms, &mdq, N, 7, 4, 0, 0);
    checkF32("layout block 7 period 4", dq, want74, 28);
    // block 20, period 2: a 16-wide step, then 4 in the tail; a partial
    // second block of 7.
    float want202[27];
    for (int i = 0; i < 27; ++i)
      want202[i] = i < 20 ? 1.0f : 2.0f;
    _mlir_ciface_baracuda_cpu_dequantize_backward_f32(&mdy, &ms, &mdq, N, 20, 2, 0, 0);
    checkF32("layout block 20 period 2", dq, want202, 27);
    // Per tensor in chunks of any block: the same scalar everywhere.
    float want5[] = {5.0f};
    _mlir_ciface_baracuda_cpu_dequantize_backward_per_tensor_f32(&mdy, 5.0f, &mdq, N, 4, 1, 0, 0);
    checkF32("per_tensor block 4", dq, want5, 1);
  }
  return 0;
}
