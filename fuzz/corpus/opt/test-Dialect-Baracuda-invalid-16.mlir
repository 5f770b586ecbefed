func.func @q_min_below_u8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-1, 255]
       : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32> -> tensor<4x8xui8>
  return
}
