func.func @strided(%x: memref<4x8xf32, strided<[16, 1]>>, %s: memref<4x2xf32>, %zp: memref<4x2xi32>, %o: memref<4x8xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<4x8xf32, strided<[16, 1]>>, memref<4x2xf32>, memref<4x2xi32>, memref<4x8xsi8>
  return
}
