func.func @q_max_below_q_min(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [0, -1]
       : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32> -> tensor<4x8xsi8>
  return
}
