func.func @scale_zero_point_groups(%x: tensor<4x?xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x3xi32>) {
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<4x?xf32>
  %q_init = tensor.empty(%q_d1) : tensor<4x?xsi8>
  // expected-error @+1 {{zero_point shape [4, 3] must equal scale shape [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x?xf32>, tensor<4x2xf32>, tensor<4x3xi32>)
         outs(%q_init : tensor<4x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x?xsi8>
  return
}
