func.func @f64_s8(%x: memref<8x256xf64>, %s: memref<8x2xf64>, %zp: memref<8x2xi32>, %o: memref<8x256xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 128 range = [-128, 127]
       : memref<8x256xf64>, memref<8x2xf64>, memref<8x2xi32>, memref<8x256xsi8>
  return
}
