func.func @bf16_u8(%x: memref<?x?xbf16>, %s: memref<?x?xbf16>, %zp: memref<?x?xi32>, %o: memref<?x?xui8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 32 range = [0, 15]
       : memref<?x?xbf16>, memref<?x?xbf16>, memref<?x?xi32>, memref<?x?xui8>
  return
}
