func.func @quantize_f16_s8(%x: tensor<?x4096xf16>, %scale: tensor<?x32xf16>,
                           %zp: tensor<?x32xi32>) -> tensor<?x4096xsi8> {
  %q = baracuda.quantize_per_group %x, %scale, %zp
         group_size = 128 range = [-128, 127]
         : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32>
         -> tensor<?x4096xsi8>
  return %q : tensor<?x4096xsi8>
}
