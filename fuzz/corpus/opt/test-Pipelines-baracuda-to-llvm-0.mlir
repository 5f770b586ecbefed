func.func @quantize(%x: tensor<?x?xf16>, %s: tensor<?x?xf16>, %zp: tensor<?x?xi32>) -> tensor<?x?xui8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 16 range = [0, 255]
       : tensor<?x?xf16>, tensor<?x?xf16>, tensor<?x?xi32> -> tensor<?x?xui8>
  return %q : tensor<?x?xui8>
}
