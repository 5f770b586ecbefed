func.func @static_f32_s8(%x: tensor<4x256xf32>, %s: tensor<4x2xf32>,
                         %zp: tensor<4x2xi32>) -> tensor<4x256xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 128 range = [-128, 127]
       : tensor<4x256xf32>, tensor<4x2xf32>, tensor<4x2xi32> -> tensor<4x256xsi8>
  return %q : tensor<4x256xsi8>
}

func.func @dynamic_bf16_u8(%x: tensor<?x?xbf16>, %s: tensor<?x?xbf16>,
                           %zp: tensor<?x?xi32>) -> tensor<?x?xui8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 32 range = [0, 15]
       : tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xi32> -> tensor<?x?xui8>
  return %q : tensor<?x?xui8>
}

func.func @f64_and_f16(%x: tensor<?x64xf64>, %s: tensor<?x1xf64>, %zp: tensor<?x1xi32>,
                       %h: tensor<2x6xf16>, %hs: tensor<2x3xf16>, %hzp: tensor<2x3xi32>)
    -> (tensor<?x64xsi8>, tensor<2x6xui8>) {
  %a = baracuda.quantize_per_group %x, %s, %zp group_size = 64 range = [-8, 7]
       : tensor<?x64xf64>, tensor<?x1xf64>, tensor<?x1xi32> -> tensor<?x64xsi8>
  %b = baracuda.quantize_per_group %h, %hs, %hzp group_size = 2 range = [255, 255]
       : tensor<2x6xf16>, tensor<2x3xf16>, tensor<2x3xi32> -> tensor<2x6xui8>
  return %a, %b : tensor<?x64xsi8>, tensor<2x6xui8>
}

func.func @empty(%x: tensor<0x0xf32>, %s: tensor<0x0xf32>, %zp: tensor<0x0xi32>) -> tensor<0x0xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<0x0xf32>, tensor<0x0xf32>, tensor<0x0xi32> -> tensor<0x0xsi8>
  return %q : tensor<0x0xsi8>
}

func.func @into(%x: memref<?x8xf32>, %s: memref<?x2xf32>, %zp: memref<?x2xi32>, %o: memref<?x8xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<?x8xf32>, memref<?x2xf32>, memref<?x2xi32>, memref<?x8xsi8>
  return
}
