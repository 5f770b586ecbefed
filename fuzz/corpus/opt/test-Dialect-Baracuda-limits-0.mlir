// RUN: baracuda-opt %s | FileCheck %s

// The accepted side of invalid-diagnostics.mlir's rules: the largest sizes
// and literals, and scale and zero point agreeing while input and output
// leave their dims dynamic.

// CHECK-LABEL: func @largest_sizes
// CHECK: layout = #baracuda.per_group<size = 2147483647> range = [0, 255]
func.func @largest_sizes(%x: tensor<2147483647x?xf32>, %s: tensor<2147483647x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xui8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<2147483647x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<2147483647x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xui8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2147483647x?xf32>, tensor<2147483647x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xui8>) layout = #baracuda.per_group<size = 2147483647> range = [0, 255] -> tensor<?x?xui8>
  return %q : tensor<?x?xui8>
}

// CHECK-LABEL: func @scale_zero_point_agree
func.func @scale_zero_point_agree(%x: tensor<?x?xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) -> tensor<?x?xsi8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}

// CHECK-LABEL: func @output_pins_sizes
func.func @output_pins_sizes(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<3x8xsi8> {
  %q_init = tensor.empty() : tensor<3x8xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<3x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<3x8xsi8>
  return %q : tensor<3x8xsi8>
}
