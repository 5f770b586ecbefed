func.func @f16_s8(%x: memref<?x4096xf16>, %s: memref<?x32xf16>, %zp: memref<?x32xi32>, %o: memref<?x4096xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 128 range = [-128, 127]
       : memref<?x4096xf16>, memref<?x32xf16>, memref<?x32xi32>, memref<?x4096xsi8>
  return
}

func.func @f16_s8_again(%x: memref<3x64xf16>, %s: memref<3x1xf16>, %zp: memref<3x1xi32>, %o: memref<3x64xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 64 range = [-8, 7]
       : memref<3x64xf16>, memref<3x1xf16>, memref<3x1xi32>, memref<3x64xsi8>
  return
}
