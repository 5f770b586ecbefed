// RUN: baracuda-opt %s --convert-baracuda-to-gpu --canonicalize -split-input-file | FileCheck %s

// The host code passes the block's divisor for the vectorized kernels'
// 32-bit loops (KernelAbi.h's familyBlockDivisorArgs). With the shape
// static it folds to constants, which are checked here against values
// computed by hand: l = ceil(log2 block), magic = ceil(2^(31 + l) / block)
// as an i32, shift = l - 1.

// per_token over 5120 channels: l = 13, magic = ceil(2^44 / 5120) =
// 0xcccccccd, shift 12.
// CHECK-LABEL: func @per_token_5120(
// CHECK-DAG: %[[MAGIC:.*]] = arith.constant -858993459 : i32
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant 12 : i32
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v16 {{.*}}, %[[MAGIC]] : i32, %[[SHIFT]] : i32)
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v8 {{.*}}, %[[MAGIC]] : i32, %[[SHIFT]] : i32)
func.func @per_token_5120(%x: memref<4096x5120xf16>, %s: memref<4096xf16>, %zp: memref<4096xi32>, %q: memref<4096x5120xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<4096x5120xf16>, memref<4096xf16>, memref<4096xi32>)
    outs(%q : memref<4096x5120xsi8>) layout = #baracuda.per_token range = [-128, 127]
  return
}

// -----

// per_channel on axis 0 of 16x14336 (block 14336): l = 14,
// magic = ceil(2^45 / 14336) = 0x92492493, shift 13.
// CHECK-LABEL: func @per_channel_first_14336(
// CHECK-DAG: %[[MAGIC:.*]] = arith.constant -1840700269 : i32
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant 13 : i32
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_backward_f32_v4 {{.*}}, %[[MAGIC]] : i32, %[[SHIFT]] : i32)
func.func @per_channel_first_14336(%dy: memref<16x14336xf32>, %s: memref<16xf32>, %dq: memref<16x14336xf32>) {
  baracuda.dequantize_backward ins(%dy, %s : memref<16x14336xf32>, memref<16xf32>)
    outs(%dq : memref<16x14336xf32>) layout = #baracuda.per_channel<axis = 0>
  return
}

// -----

// Groups of 128, a power of two: l = 7, magic = 2^31, shift 6.
// CHECK-LABEL: func @per_group_128(
// CHECK-DAG: %[[MAGIC:.*]] = arith.constant -2147483648 : i32
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant 6 : i32
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f16_s8_v8 {{.*}}, %[[MAGIC]] : i32, %[[SHIFT]] : i32)
func.func @per_group_128(%q: memref<2x4096xsi8>, %s: memref<2x32xf16>, %zp: memref<2x32xi32>, %y: memref<2x4096xf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<2x4096xsi8>, memref<2x32xf16>, memref<2x32xi32>)
    outs(%y : memref<2x4096xf16>) layout = #baracuda.per_group<size = 128>
  return
}

// -----

// per_channel on the last axis: block 1, which no kernel divides by: 0, 0.
// CHECK-LABEL: func @per_channel_last(
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f32_s8_pv4 {{.*}}, %[[ZERO]] : i32, %[[ZERO]] : i32)
func.func @per_channel_last(%x: memref<8x256xf32>, %s: memref<256xf32>, %zp: memref<256xi32>, %q: memref<8x256xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<8x256xf32>, memref<256xf32>, memref<256xi32>)
    outs(%q : memref<8x256xsi8>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  return
}
