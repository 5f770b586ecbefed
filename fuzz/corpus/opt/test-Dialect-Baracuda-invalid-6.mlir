func.func @zero_point_i64(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi64>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{zero_point element type 'i64' must be i32}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi64>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
