func.func @output_signless(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32> -> tensor<4x8xi8>
  return
}
