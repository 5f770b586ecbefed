func.func @f64_u8(%x: memref<2x12xf64>, %s: memref<2x2xf64>, %zp: memref<2x2xi32>, %o: memref<2x12xui8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 6 range = [0, 255]
       : memref<2x12xf64>, memref<2x2xf64>, memref<2x2xi32>, memref<2x12xui8>
  return
}
