func.func @f16_s8(%x: memref<?x256xf16>, %s: memref<?x2xf16>, %zp: memref<?x2xi32>, %o: memref<?x256xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 128 range = [-128, 127]
       : memref<?x256xf16>, memref<?x2xf16>, memref<?x2xi32>, memref<?x256xsi8>
  return
}
