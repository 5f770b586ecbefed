func.func @scale_element_f64(%x: tensor<4x8xf16>, %s: tensor<4x2xf64>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale element type 'f64' must match input element type 'f16'}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf16>, tensor<4x2xf64>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
