func.func @group_size_negative(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = -32 range = [-128, 127]
       : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32> -> tensor<?x?xsi8>
  return
}
