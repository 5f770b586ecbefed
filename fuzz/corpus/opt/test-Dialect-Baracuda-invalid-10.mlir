func.func @axis_not_multiple_dynamic_outer(%x: tensor<?x100xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 64 range = [-128, 127]
       : tensor<?x100xf32>, tensor<?x?xf32>, tensor<?x?xi32> -> tensor<?x100xsi8>
  return
}
