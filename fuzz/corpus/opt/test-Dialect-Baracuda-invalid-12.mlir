func.func @scale_rows_pinned_by_output(%x: tensor<?x8xf32>, %s: tensor<5x2xf32>, %zp: tensor<?x?xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<?x8xf32>, tensor<5x2xf32>, tensor<?x?xi32> -> tensor<4x8xsi8>
  return
}
