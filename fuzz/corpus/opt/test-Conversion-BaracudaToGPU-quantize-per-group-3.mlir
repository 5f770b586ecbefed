func.func @f16_group8(%x: memref<4x64xf16>, %s: memref<4x8xf16>, %zp: memref<4x8xi32>, %o: memref<4x64xui8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 8 range = [0, 255]
       : memref<4x64xf16>, memref<4x8xf16>, memref<4x8xi32>, memref<4x64xui8>
  return
}
