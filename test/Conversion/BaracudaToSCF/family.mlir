// RUN: baracuda-opt %s --convert-baracuda-to-scf -split-input-file | FileCheck %s

// The host kernel skeleton serves every op of the quantization family
// (quantize-per-group.mlir checks its loops in detail).

// Per tensor: the parameters come by value and are prepared once, before
// the block loop (the runtime may run the kernel on chunks of any block);
// no parameter loads. Two data operands, loaded in each loop.
// CHECK-LABEL: func @per_tensor(
// CHECK-SAME: %[[DY:[^:]*]]: memref<?xf32>, %[[X:[^:]*]]: memref<?xf32>, %[[S:[^:]*]]: f32, %[[ZP:[^:]*]]: i32, %[[DX:[^:]*]]: memref<?xf32>
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[BLOCK:.*]] = arith.maxsi %[[N]], %{{.*}} : i64
// CHECK: call @baracuda_cpu_fake_quantize_backward_per_tensor_f32(%[[DY]], %[[X]], %[[S]], %[[ZP]], %[[DX]], %[[N]], %[[BLOCK]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<?xf32>, memref<?xf32>, f32, i32, memref<?xf32>, i64, i64, i64, i32, i32, i32, i32) -> ()
// CHECK-LABEL: func.func @baracuda_cpu_fake_quantize_backward_per_tensor_f32(
// CHECK-SAME: %[[KDY:[^:]*]]: memref<?xf32>, %[[KX:[^:]*]]: memref<?xf32>, %[[KS:[^:]*]]: f32, %[[KZ:[^:]*]]: i32
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK: arith.cmpf oeq, %[[KS]]
// CHECK: arith.extsi %[[KZ]] : i32 to i64
// CHECK: scf.for
// CHECK-NOT: memref.load
// CHECK: scf.if
// CHECK: scf.for
// CHECK: %[[VDY:.*]] = vector.load %[[KDY]]{{.*}} : memref<?xf32>, vector<16xf32>
// CHECK: vector.load %[[KX]]{{.*}} : memref<?xf32>, vector<16xf32>
// CHECK: %[[GE:.*]] = arith.cmpf oge
// CHECK: %[[LE:.*]] = arith.cmpf ole
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LE]] : vector<16xi1>
// CHECK: %[[R:.*]] = arith.select %[[IN]], %[[VDY]], %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK: vector.store %[[R]]
func.func @per_tensor(%dy: memref<?xf32>, %x: memref<?xf32>, %s: f32, %zp: i32, %dx: memref<?xf32>) {
  baracuda.fake_quantize_backward ins(%dy, %x, %s, %zp : memref<?xf32>, memref<?xf32>, f32, i32)
    outs(%dx : memref<?xf32>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

// per_channel (axis 0 of [c, h, w]): block = h * w, period = c; the
// parameters are loaded once per block at p, carried from block to block.
// dequantize extends u8 as unsigned and subtracts the zero point in i32
// where |zp| <= 2^30 (chosen once per block), else in i64.
// CHECK-LABEL: func @per_channel(
// CHECK: call @baracuda_cpu_dequantize_bf16_u8(
// CHECK-LABEL: func.func @baracuda_cpu_dequantize_bf16_u8(
// CHECK-SAME: %[[Q:[^:]*]]: memref<?xi8>, %[[S:[^:]*]]: memref<?xbf16>, %[[Z:[^:]*]]: memref<?xi32>, %[[Y:[^:]*]]: memref<?xbf16>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[P:.*]] = %{{.*}}) -> (index) {
// CHECK: %[[SV:.*]] = memref.load %[[S]][%[[P]]] : memref<?xbf16>
// CHECK: memref.load %[[Z]][%[[P]]] : memref<?xi32>
// CHECK: arith.extf %[[SV]] : bf16 to f32
// CHECK: scf.if
// CHECK: scf.for
// CHECK: %[[QV:.*]] = vector.load %[[Q]]{{.*}} : memref<?xi8>, vector<16xi8>
// CHECK: arith.extui %[[QV]] : vector<16xi8> to vector<16xi32>
// CHECK: arith.sitofp {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: } else {
// CHECK: scf.for
// CHECK: %[[QE:.*]] = vector.load %[[Q]]{{.*}} : memref<?xi8>, vector<16xi8>
// CHECK: arith.extui %[[QE]] : vector<16xi8> to vector<16xi64>
// CHECK: arith.sitofp {{.*}} : vector<16xi64> to vector<16xf32>
// CHECK: arith.mulf {{.*}} : vector<16xf32>
// CHECK: arith.truncf {{.*}} : vector<16xf32> to vector<16xbf16>
// CHECK: vector.store {{.*}}, %[[Y]]
// CHECK: scf.yield
func.func @per_channel(%q: memref<?x?x?xui8>, %s: memref<?xbf16>, %zp: memref<?xi32>, %y: memref<?x?x?xbf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x?x?xui8>, memref<?xbf16>, memref<?xi32>)
    outs(%y : memref<?x?x?xbf16>) layout = #baracuda.per_channel<axis = 0>
  return
}
