func.func @q_min_below_u8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xui8>
  // expected-error @+1 {{q_min (-1) must lie in the u8 range [0, 255]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xui8>) layout = #baracuda.per_group<size = 4> range = [-1, 255] -> tensor<4x8xui8>
  return
}
