// RUN: baracuda-opt %s --convert-baracuda-to-scf | FileCheck %s

// CHECK-LABEL: func @bf16_u8(
// CHECK-SAME: %[[X:.*]]: memref<?x?xbf16>, %{{.*}}: memref<?x?xbf16>, %{{.*}}: memref<?x?xi32>, %[[O:.*]]: memref<?x?xui8>
// CHECK: %[[FX:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1]] : memref<?x?xbf16> into memref<?xbf16>
// CHECK: %[[FO:.*]] = memref.collapse_shape %[[O]]
// CHECK: %[[FOI:.*]] = builtin.unrealized_conversion_cast %[[FO]] : memref<?xui8> to memref<?xi8>
// CHECK: call @baracuda_cpu_quantize_per_group_bf16_u8(%[[FX]], %{{.*}}, %{{.*}}, %[[FOI]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<?xbf16>, memref<?xbf16>, memref<?xi32>, memref<?xi8>, i64, i64, i32, i32) -> ()
func.func @bf16_u8(%x: memref<?x?xbf16>, %s: memref<?x?xbf16>, %zp: memref<?x?xi32>, %o: memref<?x?xui8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 32 range = [0, 15]
       : memref<?x?xbf16>, memref<?x?xbf16>, memref<?x?xi32>, memref<?x?xui8>
  return
}

// The host kernel: a loop over groups (scale and zero point loaded once per
// group, the path chosen once per group) around an 8-wide vector loop and a
// scalar tail loop over the group's elements, in each path.
// CHECK-LABEL: func.func @baracuda_cpu_quantize_per_group_bf16_u8(
// CHECK-SAME: %[[IN:.*]]: memref<?xbf16>, %[[SC:.*]]: memref<?xbf16>, %[[Z:.*]]: memref<?xi32>, %[[OUT:.*]]: memref<?xi8>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i32, %{{.*}}: i32)
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK: scf.for %[[G:.*]] =
// CHECK: memref.load %[[SC]][%[[G]]]
// CHECK: memref.load %[[Z]][%[[G]]]
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: scf.if
// Fast path: product with the reciprocal, Markstein correction, f32 clamp.
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[VEND:.*]] step %[[C8]] {
// CHECK: vector.load %[[IN]]{{.*}} : memref<?xbf16>, vector<8xbf16>
// CHECK: math.fma {{.*}} : vector<8xf32>
// CHECK: math.roundeven {{.*}} : vector<8xf32>
// CHECK: arith.fptosi {{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: vector.store {{.*}}, %[[OUT]]{{.*}} : memref<?xi8>, vector<8xi8>
// CHECK: scf.for %{{.*}} = %[[VEND]] to
// CHECK: memref.load %[[IN]]
// CHECK: math.fma {{.*}} : f32
// CHECK: memref.store {{.*}}, %[[OUT]]
// Exact path: division, 64-bit clamp.
// CHECK: } else {
// CHECK: scf.for
// CHECK: arith.divf {{.*}} : vector<8xf32>
// CHECK: arith.fptosi {{.*}} : vector<8xf32> to vector<8xi64>
// CHECK: vector.store
// CHECK: scf.for
// CHECK: arith.divf {{.*}} : f32
// CHECK: memref.store {{.*}}, %[[OUT]]
