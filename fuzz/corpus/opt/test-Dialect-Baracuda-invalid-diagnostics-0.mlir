// RUN: baracuda-opt %s -split-input-file -verify-diagnostics

// Issue 9's diagnostics and verifier gaps, each broken once; the accepted
// side of each is in limits.mlir. Messages name the operand and its type.

func.func @zero_point_rank1(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<8xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{zero_point shape [8] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<8xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
