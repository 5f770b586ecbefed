func.func @input_element_f8(%x: tensor<4x8xf8E4M3FN>, %s: tensor<4x2xf8E4M3FN>, %zp: tensor<4x2xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<4x8xf8E4M3FN>, tensor<4x2xf8E4M3FN>, tensor<4x2xi32> -> tensor<4x8xsi8>
  return
}
