func.func @input_element_integer(%x: tensor<4x8xi32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{input element type 'i32' must be one of f32, f64, f16, bf16}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xi32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
