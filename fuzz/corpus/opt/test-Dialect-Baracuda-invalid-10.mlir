func.func @axis_not_multiple(%x: tensor<4x100xf32>, %s: tensor<4x3xf32>, %zp: tensor<4x3xi32>) {
  %q_init = tensor.empty() : tensor<4x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (32)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x100xf32>, tensor<4x3xf32>, tensor<4x3xi32>)
         outs(%q_init : tensor<4x100xsi8>) layout = #baracuda.per_group<size = 32> range = [-128, 127] -> tensor<4x100xsi8>
  return
}
