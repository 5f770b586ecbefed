// RUN: baracuda-opt %s | FileCheck %s
// RUN: baracuda-opt %s | baracuda-opt | FileCheck %s
// RUN: baracuda-opt %s --mlir-print-op-generic | baracuda-opt | FileCheck %s

// Every op of the family, on tensors and on buffers, under every layout.

// CHECK-LABEL: func @quantize_per_group
func.func @quantize_per_group(%x: tensor<4x256xf32>, %s: tensor<4x2xf32>,
                              %zp: tensor<4x2xi32>, %init: tensor<4x256xsi8>)
    -> tensor<4x256xsi8> {
  // CHECK: baracuda.quantize ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<4x256xf32>, tensor<4x2xf32>, tensor<4x2xi32>) outs(%{{.*}} : tensor<4x256xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127] -> tensor<4x256xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x256xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%init : tensor<4x256xsi8>)
         layout = #baracuda.per_group<size = 128> range = [-128, 127] -> tensor<4x256xsi8>
  return %q : tensor<4x256xsi8>
}

// CHECK-LABEL: func @quantize_dynamic_bf16_u8
func.func @quantize_dynamic_bf16_u8(%x: tensor<?x?xbf16>, %s: tensor<?x?xbf16>,
                                    %zp: tensor<?x?xi32>, %init: tensor<?x?xui8>)
    -> tensor<?x?xui8> {
  // CHECK: baracuda.quantize {{.*}} layout = #baracuda.per_group<size = 32> range = [0, 15] -> tensor<?x?xui8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xi32>)
         outs(%init : tensor<?x?xui8>)
         layout = #baracuda.per_group<size = 32> range = [0, 15] -> tensor<?x?xui8>
  return %q : tensor<?x?xui8>
}

// CHECK-LABEL: func @quantize_per_tensor
func.func @quantize_per_tensor(%x: tensor<3x5x7xf16>, %s: f32, %zp: i32,
                               %init: tensor<3x5x7xsi8>) -> tensor<3x5x7xsi8> {
  // CHECK: baracuda.quantize ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<3x5x7xf16>, f32, i32) {{.*}} layout = #baracuda.per_tensor range = [-127, 127]
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<3x5x7xf16>, f32, i32)
         outs(%init : tensor<3x5x7xsi8>)
         layout = #baracuda.per_tensor range = [-127, 127] -> tensor<3x5x7xsi8>
  return %q : tensor<3x5x7xsi8>
}

// CHECK-LABEL: func @dequantize_per_channel
func.func @dequantize_per_channel(%q: memref<2x16x3xui8>, %s: memref<16xf64>,
                                  %zp: memref<16xi32>, %y: memref<2x16x3xf64>) {
  // CHECK: baracuda.dequantize ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<2x16x3xui8>, memref<16xf64>, memref<16xi32>) outs(%{{.*}} : memref<2x16x3xf64>) layout = #baracuda.per_channel<axis = 1>{{$}}
  baracuda.dequantize ins(%q, %s, %zp : memref<2x16x3xui8>, memref<16xf64>, memref<16xi32>)
    outs(%y : memref<2x16x3xf64>) layout = #baracuda.per_channel<axis = 1>
  return
}

// CHECK-LABEL: func @quantize_backward_per_token
func.func @quantize_backward_per_token(%dy: tensor<?x64xf32>, %x: tensor<?x64xf32>,
                                       %s: tensor<?xf32>, %zp: tensor<?xi32>,
                                       %dx: tensor<?x64xf32>) -> tensor<?x64xf32> {
  // CHECK: baracuda.quantize_backward ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xf32>, tensor<?xi32>) outs(%{{.*}} : tensor<?x64xf32>) layout = #baracuda.per_token range = [-8, 7] -> tensor<?x64xf32>
  %r = baracuda.quantize_backward
         ins(%dy, %x, %s, %zp : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xf32>, tensor<?xi32>)
         outs(%dx : tensor<?x64xf32>) layout = #baracuda.per_token range = [-8, 7]
         -> tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}

// CHECK-LABEL: func @dequantize_backward_per_tensor
func.func @dequantize_backward_per_tensor(%dy: memref<10xbf16>, %s: f32,
                                          %dq: memref<10xbf16>) {
  // CHECK: baracuda.dequantize_backward ins(%{{.*}}, %{{.*}} : memref<10xbf16>, f32) outs(%{{.*}} : memref<10xbf16>) layout = #baracuda.per_tensor{{$}}
  baracuda.dequantize_backward ins(%dy, %s : memref<10xbf16>, f32)
    outs(%dq : memref<10xbf16>) layout = #baracuda.per_tensor
  return
}

// CHECK-LABEL: func @fake_quantize_per_group_and_backward
func.func @fake_quantize_per_group_and_backward(
    %x: tensor<2x8xf64>, %dy: tensor<2x8xf64>, %s: tensor<2x2xf64>,
    %zp: tensor<2x2xi32>, %init: tensor<2x8xf64>)
    -> (tensor<2x8xf64>, tensor<2x8xf64>) {
  // CHECK: baracuda.fake_quantize ins({{.*}}) outs({{.*}}) layout = #baracuda.per_group<size = 4> range = [-2147483648, 2147483647] -> tensor<2x8xf64>
  %y = baracuda.fake_quantize ins(%x, %s, %zp : tensor<2x8xf64>, tensor<2x2xf64>, tensor<2x2xi32>)
         outs(%init : tensor<2x8xf64>)
         layout = #baracuda.per_group<size = 4> range = [-2147483648, 2147483647]
         -> tensor<2x8xf64>
  // CHECK: baracuda.fake_quantize_backward ins({{.*}}) outs({{.*}}) layout = #baracuda.per_group<size = 4> range = [0, 255] -> tensor<2x8xf64>
  %dx = baracuda.fake_quantize_backward
          ins(%dy, %x, %s, %zp : tensor<2x8xf64>, tensor<2x8xf64>, tensor<2x2xf64>, tensor<2x2xi32>)
          outs(%init : tensor<2x8xf64>) layout = #baracuda.per_group<size = 4> range = [0, 255]
          -> tensor<2x8xf64>
  return %y, %dx : tensor<2x8xf64>, tensor<2x8xf64>
}

// CHECK-LABEL: func @empty
func.func @empty(%x: tensor<0x0xf32>, %s: tensor<0x0xf32>, %zp: tensor<0x0xi32>,
                 %init: tensor<0x0xsi8>) -> tensor<0x0xsi8> {
  // CHECK: baracuda.quantize
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<0x0xf32>, tensor<0x0xf32>, tensor<0x0xi32>)
         outs(%init : tensor<0x0xsi8>)
         layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<0x0xsi8>
  return %q : tensor<0x0xsi8>
}
