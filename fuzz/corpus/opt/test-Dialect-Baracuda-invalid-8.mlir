func.func @group_size_zero(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{group_size (0) must be positive}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 0> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
