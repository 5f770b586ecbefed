// RUN: baracuda-opt %s | FileCheck %s

// The accepted side of invalid-family.mlir's rules.

// CHECK-LABEL: func @per_channel_first_and_last_axis
func.func @per_channel_first_and_last_axis(%q: memref<2x3x4xsi8>, %s0: memref<2xf32>, %zp0: memref<2xi32>,
                                           %s2: memref<4xf32>, %zp2: memref<4xi32>, %y: memref<2x3x4xf32>) {
  // CHECK: layout = #baracuda.per_channel<axis = 0>
  baracuda.dequantize ins(%q, %s0, %zp0 : memref<2x3x4xsi8>, memref<2xf32>, memref<2xi32>) outs(%y : memref<2x3x4xf32>)
    layout = #baracuda.per_channel<axis = 0>
  // CHECK: layout = #baracuda.per_channel<axis = 2>
  baracuda.dequantize ins(%q, %s2, %zp2 : memref<2x3x4xsi8>, memref<4xf32>, memref<4xi32>) outs(%y : memref<2x3x4xf32>)
    layout = #baracuda.per_channel<axis = 2>
  return
}

// CHECK-LABEL: func @per_tensor_rank0_and_f64_scale
func.func @per_tensor_rank0_and_f64_scale(%x: memref<f64>, %s: f64, %zp: i32, %o: memref<ui8>) {
  // CHECK: baracuda.quantize ins({{.*}} : memref<f64>, f64, i32)
  baracuda.quantize ins(%x, %s, %zp : memref<f64>, f64, i32) outs(%o : memref<ui8>)
    layout = #baracuda.per_tensor range = [0, 255]
  return
}

// Ranges without an 8-bit type are any [q_min, q_max] of si32.
// CHECK-LABEL: func @wide_ranges
func.func @wide_ranges(%dy: memref<8xf32>, %x: memref<8xf32>, %s: f32, %zp: i32, %dx: memref<8xf32>) {
  // CHECK: range = [-1000, 1000]
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<8xf32>, memref<8xf32>, f32, i32) outs(%dx : memref<8xf32>)
    layout = #baracuda.per_tensor range = [-1000, 1000]
  // CHECK: range = [7, 7]
  baracuda.fake_quantize ins(%x, %s, %zp : memref<8xf32>, f32, i32) outs(%dx : memref<8xf32>)
    layout = #baracuda.per_tensor range = [7, 7]
  return
}

// Dynamic data dims: the parameters pin nothing the data does not.
// CHECK-LABEL: func @dynamic_per_token
func.func @dynamic_per_token(%x: memref<?x?xf16>, %s: memref<?xf16>, %zp: memref<?xi32>, %o: memref<?x?xsi8>) {
  // CHECK: layout = #baracuda.per_token
  baracuda.quantize ins(%x, %s, %zp : memref<?x?xf16>, memref<?xf16>, memref<?xi32>) outs(%o : memref<?x?xsi8>)
    layout = #baracuda.per_token range = [-128, 127]
  return
}

// The most elements allowed: 2^60.
// CHECK-LABEL: func @most_elements
func.func @most_elements(%x: memref<1073741824x1073741824xf32>, %s: f32, %zp: i32,
                         %y: memref<1073741824x1073741824xsi8>) {
  // CHECK: baracuda.quantize
  baracuda.quantize ins(%x, %s, %zp : memref<1073741824x1073741824xf32>, f32, i32)
    outs(%y : memref<1073741824x1073741824xsi8>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
