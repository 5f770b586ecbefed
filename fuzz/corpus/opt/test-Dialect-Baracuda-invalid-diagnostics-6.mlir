// The output pins the axis the input leaves dynamic.
func.func @output_pins_axis(%x: tensor<4x?xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x6xsi8>
  // expected-error @+1 {{dim 1 of the data (6) must be a multiple of group_size (4)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x?xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x6xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x6xsi8>
  return
}
