func.func @output_i32(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xi32>
  // expected-error-re @+1 {{output element type 'i32' must be si8 (s8) or ui8 (u8){{$}}}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xi32>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xi32>
  return
}
