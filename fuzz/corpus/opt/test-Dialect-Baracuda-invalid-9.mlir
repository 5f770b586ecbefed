func.func @axis_not_multiple(%x: tensor<4x100xf32>, %s: tensor<4x3xf32>, %zp: tensor<4x3xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 32 range = [-128, 127]
       : tensor<4x100xf32>, tensor<4x3xf32>, tensor<4x3xi32> -> tensor<4x100xsi8>
  return
}
