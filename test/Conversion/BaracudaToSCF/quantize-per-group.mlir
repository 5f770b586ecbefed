// RUN: baracuda-opt %s --convert-baracuda-to-scf | FileCheck %s --implicit-check-not="baracuda.quantize ins"

// The op is gone everywhere (the implicit check-not): replaced by a call.

// CHECK-LABEL: func @bf16_u8(
// CHECK-SAME: %[[X:.*]]: memref<?x?xbf16>, %{{.*}}: memref<?x?xbf16>, %{{.*}}: memref<?x?xi32>, %[[O:.*]]: memref<?x?xui8>
// CHECK: %[[FX:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1]] : memref<?x?xbf16> into memref<?xbf16>
// CHECK: %[[FO:.*]] = memref.collapse_shape %[[O]]
// CHECK: %[[FOI:.*]] = builtin.unrealized_conversion_cast %[[FO]] : memref<?xui8> to memref<?xi8>
// per_group: block = group_size, period = num_elements / group_size.
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[PERIOD:.*]] = arith.divui %[[N]], %[[GROUP:.*]] : i64
// CHECK: call @baracuda_cpu_quantize_bf16_u8(%[[FX]], %{{.*}}, %{{.*}}, %[[FOI]], %[[N]], %[[GROUP]], %[[PERIOD]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<?xbf16>, memref<?xbf16>, memref<?xi32>, memref<?xi8>, i64, i64, i64, i32, i32, i32, i32) -> ()
func.func @bf16_u8(%x: memref<?x?xbf16>, %s: memref<?x?xbf16>, %zp: memref<?x?xi32>, %o: memref<?x?xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x?xbf16>, memref<?x?xbf16>, memref<?x?xi32>)
      outs(%o : memref<?x?xui8>) layout = #baracuda.per_group<size = 32> range = [0, 15]
  return
}

// The host kernel: a loop over the ceil(n / block) blocks (scale and zero
// point loaded once per block, at p = j % period carried from block to
// block, the path chosen once per block) around a 16-wide vector loop, an
// 8-wide one (at most one step) and a scalar tail loop over the block's
// elements (all of the block, or what is left of n), in each path.
// CHECK-LABEL: func.func @baracuda_cpu_quantize_bf16_u8(
// CHECK-SAME: %[[IN:.*]]: memref<?xbf16>, %[[SC:.*]]: memref<?xbf16>, %[[Z:.*]]: memref<?xi32>, %[[OUT:.*]]: memref<?xi8>, %[[KN:.*]]: i64, %[[KB:.*]]: i64, %[[KP:.*]]: i64, %{{.*}}: i32, %{{.*}}: i32)
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK-DAG: %[[NI:.*]] = arith.index_cast %[[KN]] : i64 to index
// CHECK-DAG: %[[BI:.*]] = arith.index_cast %[[KB]] : i64 to index
// CHECK-DAG: %[[PI:.*]] = arith.index_cast %[[KP]] : i64 to index
// CHECK: %[[NB:.*]] = arith.ceildivui %[[NI]], %[[BI]] : index
// CHECK: %{{.*}} = scf.for %[[J:.*]] = %{{.*}} to %[[NB]] step %{{.*}} iter_args(%[[G:.*]] = %{{.*}}) -> (index) {
// CHECK: %[[S16:.*]] = memref.load %[[SC]][%[[G]]]
// CHECK: %[[ZP32:.*]] = memref.load %[[Z]][%[[G]]]
// CHECK: %[[S:.*]] = arith.extf %[[S16]] : bf16 to f32
// CHECK: %[[ZERO_SCALE:.*]] = arith.cmpf oeq, %[[S]], %{{.*}} : f32
// CHECK: %[[ZP:.*]] = arith.extsi %[[ZP32]] : i32 to i64
// CHECK: %[[QMIN:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[QMAX:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[DIVISOR:.*]] = arith.select %[[ZERO_SCALE]], %{{.*}}, %[[S]] : f32
// The fast path's f32 clamp bounds: q_min - zp and q_max - zp.
// CHECK: %[[LOW_I:.*]] = arith.subi %[[QMIN]], %[[ZP]] : i64
// CHECK: %[[LOW:.*]] = arith.sitofp %[[LOW_I]] : i64 to f32
// CHECK: %[[HIGH_I:.*]] = arith.subi %[[QMAX]], %[[ZP]] : i64
// CHECK: %[[HIGH:.*]] = arith.sitofp %[[HIGH_I]] : i64 to f32
// CHECK: %[[FZP:.*]] = arith.sitofp %[[ZP]] : i64 to f32
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %[[DIVISOR]] : f32
// CHECK: %[[BASE:.*]] = arith.muli %[[J]], %[[BI]] : index
// CHECK: %[[LEFT:.*]] = arith.subi %[[NI]], %[[BASE]] : index
// CHECK: %[[GS:.*]] = arith.minui %[[BI]], %[[LEFT]] : index
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: %[[R16:.*]] = arith.remui %[[GS]], %[[C16]] : index
// CHECK: %[[END16:.*]] = arith.subi %[[GS]], %[[R16]] : index
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[R8:.*]] = arith.remui %[[GS]], %[[C8]] : index
// CHECK: %[[VEND:.*]] = arith.subi %[[GS]], %[[R8]] : index
// CHECK: scf.if
// Fast path: product with the reciprocal, Markstein correction (NaN gives
// back the product), NaN as 0, round half to even, f32 clamp, zero point.
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END16]] step %[[C16]] {
// CHECK: %[[VX16:.*]] = vector.load %[[IN]]{{.*}} : memref<?xbf16>, vector<16xbf16>
// CHECK: %[[VX:.*]] = arith.extf %[[VX16]] : vector<16xbf16> to vector<16xf32>
// CHECK: %[[VRCP:.*]] = vector.broadcast %[[RCP]] : f32 to vector<16xf32>
// CHECK: %[[VQ0:.*]] = arith.mulf %[[VX]], %[[VRCP]] : vector<16xf32>
// CHECK: %[[VRES:.*]] = math.fma %{{.*}}, %[[VQ0]], %[[VX]] : vector<16xf32>
// CHECK: %[[VQ1:.*]] = math.fma %[[VRES]], %[[VRCP]], %[[VQ0]] : vector<16xf32>
// CHECK: %[[VQ1NAN:.*]] = arith.cmpf uno, %[[VQ1]], %[[VQ1]] : vector<16xf32>
// CHECK: %[[VV:.*]] = arith.select %[[VQ1NAN]], %[[VQ0]], %[[VQ1]] : vector<16xi1>, vector<16xf32>
// CHECK: %[[VZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: %[[VVNAN:.*]] = arith.cmpf uno, %[[VV]], %[[VV]] : vector<16xf32>
// CHECK: %[[VV0:.*]] = arith.select %[[VVNAN]], %[[VZERO]], %[[VV]] : vector<16xi1>, vector<16xf32>
// CHECK: %[[VRND:.*]] = math.roundeven %[[VV0]] : vector<16xf32>
// CHECK: %[[VLOW:.*]] = vector.broadcast %[[LOW]] : f32 to vector<16xf32>
// CHECK: %[[VGT:.*]] = arith.cmpf ogt, %[[VRND]], %[[VLOW]] fastmath<nnan> : vector<16xf32>
// CHECK: %[[VMAX:.*]] = arith.select %[[VGT]], %[[VRND]], %[[VLOW]] : vector<16xi1>, vector<16xf32>
// CHECK: %[[VHIGH:.*]] = vector.broadcast %[[HIGH]] : f32 to vector<16xf32>
// CHECK: %[[VLT:.*]] = arith.cmpf olt, %[[VMAX]], %[[VHIGH]] fastmath<nnan> : vector<16xf32>
// CHECK: %[[VMIN:.*]] = arith.select %[[VLT]], %[[VMAX]], %[[VHIGH]] : vector<16xi1>, vector<16xf32>
// CHECK: %[[VFZP:.*]] = vector.broadcast %[[FZP]] : f32 to vector<16xf32>
// CHECK: %[[VSUM:.*]] = arith.addf %[[VMIN]], %[[VFZP]] : vector<16xf32>
// CHECK: %[[VI32:.*]] = arith.fptosi %[[VSUM]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[VI8:.*]] = arith.trunci %[[VI32]] : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %[[VI8]], %[[OUT]]{{.*}} : memref<?xi8>, vector<16xi8>
// CHECK: scf.for %{{.*}} = %[[END16]] to %[[VEND]] step %[[C8]] {
// CHECK: vector.load %[[IN]]{{.*}} : memref<?xbf16>, vector<8xbf16>
// CHECK: arith.fptosi {{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: vector.store %{{.*}}, %[[OUT]]{{.*}} : memref<?xi8>, vector<8xi8>
// CHECK: scf.for %{{.*}} = %[[VEND]] to
// CHECK: memref.load %[[IN]]
// CHECK: math.fma {{.*}} : f32
// CHECK: math.roundeven {{.*}} : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %[[LOW]] fastmath<nnan> : f32
// CHECK: arith.cmpf olt, %{{.*}}, %[[HIGH]] fastmath<nnan> : f32
// CHECK: arith.addf %{{.*}}, %[[FZP]] : f32
// CHECK: memref.store {{.*}}, %[[OUT]]
// Exact path: division (0 for a zero scale, NaN as 0), round half to even,
// saturation at +-2^62, 64-bit conversion, zero point, clamp to the range.
// CHECK: } else {
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END16]] step %[[C16]] {
// CHECK: arith.divf {{.*}} : vector<16xf32>
// CHECK: arith.fptosi {{.*}} : vector<16xf32> to vector<16xi64>
// CHECK: vector.store
// CHECK: scf.for %{{.*}} = %[[END16]] to %[[VEND]] step %[[C8]] {
// CHECK: arith.divf {{.*}} : vector<8xf32>
// CHECK: arith.fptosi {{.*}} : vector<8xf32> to vector<8xi64>
// CHECK: vector.store
// CHECK: scf.for %{{.*}} = %[[VEND]] to
// CHECK: %[[EX16:.*]] = memref.load %[[IN]]
// CHECK: %[[EX:.*]] = arith.extf %[[EX16]] : bf16 to f32
// CHECK: %[[EZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EQ:.*]] = arith.divf %[[EX]], %[[S]] : f32
// CHECK: %[[EV:.*]] = arith.select %[[ZERO_SCALE]], %[[EZERO]], %[[EQ]] : f32
// CHECK: %[[EVNAN:.*]] = arith.cmpf uno, %[[EV]], %[[EV]] : f32
// CHECK: %[[EV0:.*]] = arith.select %[[EVNAN]], %[[EZERO]], %[[EV]] : f32
// CHECK: %[[ERND:.*]] = math.roundeven %[[EV0]] : f32
// CHECK-DAG: %[[ELIM:.*]] = arith.constant 4.61168602E+18 : f32
// CHECK-DAG: %[[ENEGLIM:.*]] = arith.constant -4.61168602E+18 : f32
// CHECK: %[[ESAT0:.*]] = arith.maximumf %[[ERND]], %[[ENEGLIM]] : f32
// CHECK: %[[ESAT:.*]] = arith.minimumf %[[ESAT0]], %[[ELIM]] : f32
// CHECK: %[[EI:.*]] = arith.fptosi %[[ESAT]] : f32 to i64
// CHECK: %[[ESHIFT:.*]] = arith.addi %[[EI]], %[[ZP]] : i64
// CHECK: %[[EMAX:.*]] = arith.maxsi %[[ESHIFT]], %[[QMIN]] : i64
// CHECK: %[[EMIN:.*]] = arith.minsi %[[EMAX]], %[[QMAX]] : i64
// CHECK: %[[EI8:.*]] = arith.trunci %[[EMIN]] : i64 to i8
// CHECK: memref.store %[[EI8]], %[[OUT]]
// The next block's parameter index wraps at the period.
// CHECK: %[[NEXT:.*]] = arith.addi %[[G]], %{{.*}} : index
// CHECK: %[[WRAP:.*]] = arith.cmpi eq, %[[NEXT]], %[[PI]] : index
// CHECK: %[[P:.*]] = arith.select %[[WRAP]], %{{.*}}, %[[NEXT]] : index
// CHECK: scf.yield %[[P]] : index
