func.func @static(%x: tensor<2x8xf64>, %s: tensor<2x1xf64>, %zp: tensor<2x1xi32>) -> tensor<2x8xui8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 8 range = [0, 255]
       : tensor<2x8xf64>, tensor<2x1xf64>, tensor<2x1xi32> -> tensor<2x8xui8>
  return %q : tensor<2x8xui8>
}
