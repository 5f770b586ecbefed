// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file | FileCheck %s
// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file | FileCheck %s --check-prefix=NOWIDE
// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file | FileCheck %s --check-prefix=PV
// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file | FileCheck %s --check-prefix=NOI32

// The parameter-vector kernels do not hold both loops (two copies cost the
// 16-bit dequantize ones registers and speed; Pipelines.md): the kernel
// counts in 64 bits only, no loop in i32.
// PV-LABEL: gpu.func @dequantize_f32_s8_pv4(
// PV-NOT: : i32 {
// PV: gpu.return
// Its 32-bit variant (KernelAbi.h's familyHasParameterVectorIndex32), for
// the runtime, which launches it where the launch fits it: the same kernel
// with its loops in i32 only, run only where num_elements, block, period
// and the grid's stride in elements all fit (one compare; it writes nothing
// otherwise), each index widened only to address memory.
// PV-LABEL: gpu.func @dequantize_f32_s8_pv4_i32(
// PV-SAME: %[[Q:[^:]*]]: memref<?xi8>, %{{[^:]*}}: memref<?xf32>, %{{[^:]*}}: memref<?xi32>, %[[Y:[^:]*]]: memref<?xf32>, %[[N:[^:]*]]: i64, %[[B:[^:]*]]: i64, %[[P:[^:]*]]: i64
// PV: %[[SE:.*]] = arith.muli %{{.*}}, %{{.*}} : i64
// PV: %[[O1:.*]] = arith.ori %[[SE]], %[[N]] : i64
// PV: %[[O2:.*]] = arith.ori %[[O1]], %[[B]] : i64
// PV: %[[O3:.*]] = arith.ori %[[O2]], %[[P]] : i64
// PV: %[[LIMIT:.*]] = arith.constant 1073741823 : i64
// PV: %[[FITS:.*]] = arith.cmpi ule, %[[O3]], %[[LIMIT]] : i64
// PV-NEXT: scf.if %[[FITS]] {
// PV-NOT: step %{{[a-z0-9_]+}} {
// PV: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// PV: %[[AT:.*]] = arith.index_castui %{{.*}} : i32 to index
// PV-NEXT: vector.load %[[Q]][%[[AT]]]
// PV: vector.store %{{.*}}, %[[Y]][%[[AT]]]
// PV-NOT: step %{{[a-z0-9_]+}} {
// PV: gpu.return

// The host code launches the 64-bit kernels only; the 16-bit kernels of the
// ops with a range have no 32-bit variant.
// NOI32-NOT: gpu.launch_func @baracuda_kernels::@{{[a-z0-9_]*}}_i32
// NOI32-NOT: @quantize_f16_s8_pv8_i32

// Per-tensor dequantize of 16-bit T has no wide kernel (its output would
// take two 16-byte stores, staged, and its narrow kernel reads 8 bytes of q
// and loads no parameters; KernelAbi.h's familyUsesWideKernel): none is
// emitted or launched anywhere in this file. f32's and f64's have one
// (@vectors_per_step below).
// NOWIDE-NOT: @dequantize_per_tensor_f16_{{[su]}}8_v16
// NOWIDE-NOT: @dequantize_per_tensor_bf16_{{[su]}}8_v16

// The kernel skeleton serves every op of the quantization family: one
// kernel per op, element types and parameter kind, the op's element
// function inside the same grid-stride loops (quantize-per-group.mlir checks
// the loops themselves).

// per_channel on a 3-D buffer: block = the product of the dims after the
// axis, period = the axis' dim; block is only known at run time. The host
// code tries the parameter-vector kernel first (block 1, period and n
// multiples of its width, every buffer, parameters too, aligned to its
// vectors), then checks that the block fits each vector width (a multiple
// of the width; a power of two or sizes that keep the kernel in its 32-bit
// loops, familyBlockNeedsIndex32) besides the alignment of each accessed
// buffer. Widths come from T (f32: 8 and 4); the wide kernel's output (32
// bytes a thread) goes through workgroup memory (KernelAbi.h's
// familyStagesWideStores).
// CHECK-LABEL: func @dequantize_per_channel(
// CHECK-SAME: %[[Q:[^:]*]]: memref<?x?x?xsi8>, %[[S:[^:]*]]: memref<?xf32>, %[[ZP:[^:]*]]: memref<?xi32>, %[[Y:[^:]*]]: memref<?x?x?xf32>
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: %[[INNER:.*]] = memref.dim %[[Y]], %{{.*}} : memref<?x?x?xf32>
// CHECK: %[[BLOCKX:.*]] = arith.muli %{{.*}}, %[[INNER]] : index
// CHECK: %[[BLOCK:.*]] = arith.index_cast %[[BLOCKX]] : index to i64
// CHECK: %[[AXIS:.*]] = memref.dim %[[Y]], %{{.*}} : memref<?x?x?xf32>
// CHECK: %[[PERIOD:.*]] = arith.index_cast %[[AXIS]] : index to i64
// CHECK: scf.if
// CHECK: arith.cmpi eq, %[[BLOCK]], %{{.*}} : i64
// CHECK: arith.remui %[[PERIOD]], %{{.*}} : i64
// CHECK: memref.extract_aligned_pointer_as_index %{{.*}} : memref<?xi8>
// CHECK: memref.extract_aligned_pointer_as_index %{{.*}} : memref<?xf32>
// CHECK: memref.extract_aligned_pointer_as_index %[[S]] : memref<?xf32>
// CHECK: memref.extract_aligned_pointer_as_index %[[ZP]] : memref<?xi32>
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f32_s8_pv4 {{.*}} args(%{{.*}} : memref<?xi8>, %[[S]] : memref<?xf32>, %[[ZP]] : memref<?xi32>, %{{.*}} : memref<?xf32>, %{{.*}} : i64, %[[BLOCK]] : i64, %[[PERIOD]] : i64, %{{.*}} : i32, %{{.*}} : i32)
// CHECK: } else {
// CHECK: arith.remui %[[BLOCK]], %{{.*}} : i64
// CHECK: %[[SIZES:.*]] = arith.ori %{{.*}}, %[[BLOCK]] : i64
// CHECK: %[[ALLSIZES:.*]] = arith.ori %[[SIZES]], %[[PERIOD]] : i64
// CHECK: %[[FITS:.*]] = arith.cmpi ule, %[[ALLSIZES]], %{{.*}} : i64
// CHECK: %[[BM1:.*]] = arith.subi %[[BLOCK]], %{{.*}} : i64
// CHECK: %[[LOWBITS:.*]] = arith.andi %[[BLOCK]], %[[BM1]] : i64
// CHECK: %[[POW2:.*]] = arith.cmpi eq, %[[LOWBITS]], %{{.*}} : i64
// CHECK: arith.ori %[[POW2]], %[[FITS]] : i1
// The staged wide kernel's grid covers one vector per thread (256 per
// block), the narrow kernel's two (512; KernelAbi.h's
// familyVectorsPerThread).
// CHECK: %[[WIDE_N:.*]] = arith.divui %{{.*}}, %c8{{.*}} : index
// CHECK: arith.constant 256 : index
// CHECK-NEXT: %[[WIDE_PER_BLOCK:.*]] = arith.constant 256 : index
// CHECK-NEXT: arith.constant 1048576 : index
// CHECK-NEXT: arith.ceildivui %[[WIDE_N]], %[[WIDE_PER_BLOCK]] : index
// CHECK-NEXT: arith.minui
// CHECK-NEXT: gpu.launch_func @baracuda_kernels::@dequantize_f32_s8_v8 {{.*}} args(%{{.*}} : memref<?xi8>, %[[S]] : memref<?xf32>, %[[ZP]] : memref<?xi32>, %{{.*}} : memref<?xf32>, %{{.*}} : i64, %[[BLOCK]] : i64, %[[PERIOD]] : i64, %{{.*}} : i32, %{{.*}} : i32)
// CHECK: %[[PER_BLOCK:.*]] = arith.constant 512 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]] : index
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f32_s8_v4 {{.*}} args(%{{.*}} : memref<?xi8>, %[[S]] : memref<?xf32>, %[[ZP]] : memref<?xi32>, %{{.*}} : memref<?xf32>, %{{.*}} : i64, %[[BLOCK]] : i64, %[[PERIOD]] : i64, %{{.*}} : i32, %{{.*}} : i32)
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f32_s8 blocks
// dequantize: q - zp exact from the sign-extended q, one conversion, one
// multiply; in i32 where |zp| <= 2^30 (the same integer), else in i64.
// CHECK-LABEL: gpu.func @dequantize_f32_s8(
// CHECK: %[[PS:.*]] = memref.load %{{.*}}[%[[P:.*]]] : memref<?xf32>
// CHECK: %[[PZ:.*]] = memref.load %{{.*}}[%[[P]]] : memref<?xi32>
// CHECK: %[[QV:.*]] = memref.load %{{.*}} : memref<?xi8>
// CHECK: %[[ZP64:.*]] = arith.extsi %[[PZ]] : i32 to i64
// CHECK: %[[ZGE:.*]] = arith.cmpi sge, %[[PZ]], %{{.*}} : i32
// CHECK: %[[ZLE:.*]] = arith.cmpi sle, %[[PZ]], %{{.*}} : i32
// CHECK: %[[SMALL:.*]] = arith.andi %[[ZGE]], %[[ZLE]] : i1
// CHECK: scf.if %[[SMALL]] -> (f32) {
// CHECK: %[[Q32:.*]] = arith.extsi %[[QV]] : i8 to i32
// CHECK: %[[OFF32:.*]] = arith.subi %[[Q32]], %[[PZ]] : i32
// CHECK: %[[OFFF32:.*]] = arith.sitofp %[[OFF32]] : i32 to f32
// CHECK: arith.mulf %[[OFFF32]], %[[PS]] : f32
// CHECK: } else {
// CHECK: %[[Q64:.*]] = arith.extsi %[[QV]] : i8 to i64
// CHECK: %[[OFF:.*]] = arith.subi %[[Q64]], %[[ZP64]] : i64
// CHECK: %[[OFFF:.*]] = arith.sitofp %[[OFF]] : i64 to f32
// CHECK: %[[YV:.*]] = arith.mulf %[[OFFF]], %[[PS]] : f32
// CHECK: memref.store
// The parameter-vector kernel: where the grid's stride in elements is a
// multiple of the period, a thread's parameters are the vectors at
// (first item * 4) % period for all its items: loaded and prepared once,
// the path chosen once (all 4 zero points small) around the loops; any
// other grid takes the generic kernel's loop, element by element. The
// thread's first step is loaded before the parameters, where it has a whole
// one (behind a branch, zeros otherwise), computed under the same branch on
// the chosen path, and the loop starts one step later
// (buildGridStridedLoopsLoadingFirst: the parameters' latency overlaps the
// data's).
// CHECK-LABEL: gpu.func @dequantize_f32_s8_pv4(
// CHECK-SAME: %[[PQ:[^:]*]]: memref<?xi8>, %[[PVS:[^:]*]]: memref<?xf32>, %[[PVZ:[^:]*]]: memref<?xi32>, %[[PY:[^:]*]]: memref<?xf32>
// CHECK-NOT: nvvm.minctasm
// CHECK: %[[START:.*]] = arith.addi %{{.*}}, %thread_id_x : index
// CHECK: %[[STRIDE:.*]] = arith.muli %block_dim_x, %grid_dim_x : index
// CHECK: %[[SE:.*]] = arith.muli %[[STRIDE]], %[[W:.*]] : index
// CHECK: %[[SR:.*]] = arith.remui %[[SE]], %[[PER:.*]] : index
// CHECK: %[[INV:.*]] = arith.cmpi eq, %[[SR]]
// CHECK: scf.if %[[INV]] {
// CHECK: %[[HAS:.*]] = arith.cmpi slt, %[[START]], %{{.*}} : index
// CHECK: %[[AT0:.*]] = arith.muli %[[START]], %{{.*}} : index
// CHECK: %[[Q0:.*]] = scf.if %[[HAS]] -> (vector<4xi8>) {
// CHECK-NEXT: %[[LOADED:.*]] = vector.load %[[PQ]][%[[AT0]]] {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK-NEXT: scf.yield %[[LOADED]] : vector<4xi8>
// CHECK-NEXT: } else {
// CHECK: scf.yield %{{.*}} : vector<4xi8>
// CHECK: %[[FIRST:.*]] = arith.remui %{{.*}}, %[[PER]] : index
// CHECK: vector.load %[[PVS]][%[[FIRST]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK: vector.load %[[PVZ]][%[[FIRST]]] {alignment = 16 : i64} : memref<?xi32>, vector<4xi32>
// CHECK: %[[ALL:.*]] = vector.reduction <and>, %{{.*}} : vector<4xi1> into i1
// CHECK: scf.if %[[ALL]] {
// CHECK-NEXT: scf.if %[[HAS]] {
// CHECK-NEXT: arith.extsi %[[Q0]] : vector<4xi8> to vector<4xi32>
// CHECK: vector.store %{{.*}}, %[[PY]][%[[AT0]]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[START]], %{{.*}} : index
// CHECK: %[[FROM:.*]] = arith.select %[[HAS]], %[[NEXT]], %[[START]] : index
// CHECK: scf.for %{{.*}} = %[[FROM]] to
// CHECK-NOT: vector.load %[[PVS]]
// CHECK: vector.load %[[PQ]][%{{.*}}] {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK: vector.store
// CHECK: } else {
// CHECK: scf.if %[[HAS]] {
// CHECK: scf.for %{{.*}} = %[[FROM]] to
// CHECK: } else {
// CHECK: scf.for
// CHECK: arith.remui %{{.*}}, %[[PER]] : index
// CHECK: memref.load %[[PVS]]
// CHECK: memref.load %[[PVZ]]
// The wide kernel, staged: a thread computes 8 elements from one 8-byte
// load of q and writes its two 4-element pieces to slots 2t and 2t + 1;
// after a warp barrier lane l of the warp whose first thread is w stores
// slots 2w + l and 2w + l + 32, which its own warp wrote, to the tile's
// narrow vectors of the same index (every store a coalesced 512-byte warp
// access), and a second warp barrier frees the slots. The loop over whole
// tiles is uniform in the block; the wide vectors past the last one are
// stored directly. The slots are aligned for the 16-byte accesses, and the
// kernel is compiled for eight resident blocks (nvvm.minctasm), which the
// other kernels are not.
// CHECK-LABEL: gpu.func @dequantize_f32_s8_v8(
// CHECK-SAME: %[[OUT:[^:]*]]: memref<?xf32>, %{{[^:]*}}: i64
// CHECK-SAME: workgroup(%[[SLOTS:.*]] : memref<2048xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK-SAME: nvvm.minctasm = 8 : i32
// The same loops twice (quantize-per-group.mlir checks the choice): first
// counting in i32, each index widened only where it addresses memory,
// global or workgroup; then in index arithmetic, checked in full below.
// CHECK: scf.if %{{.*}} {
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// CHECK: vector.shuffle %{{.*}} [0, 1, 2, 3] : vector<8xf32>, vector<8xf32>
// CHECK: %[[SLOT32:.*]] = arith.index_castui %{{.*}} : i32 to index
// CHECK-NEXT: vector.store %{{.*}}, %[[SLOTS]][%[[SLOT32]]] {alignment = 16 : i64}
// CHECK: llvm.call_intrinsic "llvm.nvvm.bar.warp.sync"
// CHECK: vector.load %[[SLOTS]]
// CHECK: %[[TO32:.*]] = arith.index_castui %{{.*}} : i32 to index
// CHECK-NEXT: vector.store %{{.*}}, %[[OUT]][%[[TO32]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK: llvm.call_intrinsic "llvm.nvvm.bar.warp.sync"
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// CHECK-NOT: bar.warp.sync
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<?xf32>, vector<8xf32>
// CHECK: } else {
// CHECK: %[[START:.*]] = arith.addi %{{.*}}, %thread_id_x : index
// CHECK: %[[STRIDE8:.*]] = arith.muli %block_dim_x, %grid_dim_x : index
// CHECK: %[[TILES:.*]] = arith.divui %{{.*}}, %block_dim_x : index
// CHECK: scf.for %[[TILE8:.*]] = %block_id_x to %[[TILES]] step %grid_dim_x {
// CHECK: %[[FIRST8:.*]] = arith.muli %[[TILE8]], %block_dim_x : index
// CHECK: arith.addi %[[FIRST8]], %thread_id_x : index
// CHECK: vector.load {{.*}} {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: %[[PIECE0:.*]] = vector.shuffle %[[WIDE:.*]], %[[WIDE]] [0, 1, 2, 3] : vector<8xf32>, vector<8xf32>
// CHECK: %[[T2:.*]] = arith.muli %thread_id_x, %c2{{.*}} : index
// CHECK: %[[SLOT0:.*]] = arith.addi %[[T2]], %c0{{.*}} : index
// CHECK: %[[AT0:.*]] = arith.muli %[[SLOT0]], %c4{{.*}} : index
// CHECK: vector.store %[[PIECE0]], %[[SLOTS]][%[[AT0]]] {alignment = 16 : i64}
// CHECK: %[[PIECE1:.*]] = vector.shuffle %[[WIDE]], %[[WIDE]] [4, 5, 6, 7] : vector<8xf32>, vector<8xf32>
// CHECK: %[[T2B:.*]] = arith.muli %thread_id_x, %c2{{.*}} : index
// CHECK: %[[SLOT1:.*]] = arith.addi %[[T2B]], %c1{{.*}} : index
// CHECK: %[[AT1:.*]] = arith.muli %[[SLOT1]], %c4{{.*}} : index
// CHECK: vector.store %[[PIECE1]], %[[SLOTS]][%[[AT1]]] {alignment = 16 : i64}
// CHECK: %[[ALL:.*]] = arith.constant -1 : i32
// CHECK-NEXT: llvm.call_intrinsic "llvm.nvvm.bar.warp.sync"(%[[ALL]]) : (i32) -> ()
// CHECK: %[[TILE_NARROW:.*]] = arith.muli %[[FIRST8]], %c2{{.*}} : index
// CHECK: %[[LANE:.*]] = arith.remui %thread_id_x, %c32{{.*}} : index
// CHECK: %[[WARP:.*]] = arith.subi %thread_id_x, %[[LANE]] : index
// CHECK: %[[WARP_NARROW:.*]] = arith.muli %[[WARP]], %c2{{.*}} : index
// CHECK: %[[L0:.*]] = arith.addi %[[LANE]], %c0{{.*}} : index
// CHECK: %[[N0:.*]] = arith.addi %[[WARP_NARROW]], %[[L0]] : index
// CHECK: %[[FROM0:.*]] = arith.muli %[[N0]], %c4{{.*}} : index
// CHECK: %[[OUT0:.*]] = vector.load %[[SLOTS]][%[[FROM0]]] {alignment = 16 : i64}
// CHECK: %[[G0:.*]] = arith.addi %[[TILE_NARROW]], %[[N0]] : index
// CHECK: %[[TO0:.*]] = arith.muli %[[G0]], %c4{{.*}} : index
// CHECK: vector.store %[[OUT0]], %[[OUT]][%[[TO0]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK: %[[L1:.*]] = arith.addi %[[LANE]], %c32{{.*}} : index
// CHECK: %[[N1:.*]] = arith.addi %[[WARP_NARROW]], %[[L1]] : index
// CHECK: %[[FROM1:.*]] = arith.muli %[[N1]], %c4{{.*}} : index
// CHECK: %[[OUT1:.*]] = vector.load %[[SLOTS]][%[[FROM1]]] {alignment = 16 : i64}
// CHECK: %[[G1:.*]] = arith.addi %[[TILE_NARROW]], %[[N1]] : index
// CHECK: %[[TO1:.*]] = arith.muli %[[G1]], %c4{{.*}} : index
// CHECK: vector.store %[[OUT1]], %[[OUT]][%[[TO1]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK: llvm.call_intrinsic "llvm.nvvm.bar.warp.sync"
// CHECK-NEXT: }
// CHECK: %[[DONE:.*]] = arith.muli %[[TILES]], %block_dim_x : index
// CHECK: %[[REST:.*]] = arith.addi %[[DONE]], %[[START]] : index
// CHECK: scf.for %{{.*}} = %[[REST]] to %{{.*}} step %[[STRIDE8]] {
// CHECK-NOT: bar.warp.sync
// CHECK: vector.load {{.*}} {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK-NOT: bar.warp.sync
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<?xf32>, vector<8xf32>
// CHECK-NOT: bar.warp.sync
// CHECK: gpu.return
// The vectorized kernel: a vector of f32 dequantize reads 4 bytes of q, so
// a step takes two vectors (KernelAbi.h's familyVectorsPerThread), in block
// tiles of 2 * 256 vectors, and the host grid above covers 512 vectors per
// block; the remainder loop takes the vectors past the last whole tile.
// CHECK-LABEL: gpu.func @dequantize_f32_s8_v4(
// CHECK-NOT: nvvm.minctasm
// CHECK: %[[U32:.*]] = arith.constant 2 : i32
// CHECK: %[[TILE32:.*]] = arith.muli %{{.*}}, %[[U32]] : i32
// CHECK: scf.for %[[T32:.*]] = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// CHECK: arith.muli %[[T32]], %[[TILE32]] : i32
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK: } else {
// CHECK: %[[U:.*]] = arith.constant 2 : index
// CHECK: %[[TILE:.*]] = arith.muli %block_dim_x, %[[U]] : index
// CHECK: scf.for %[[T:.*]] = %block_id_x to %{{.*}} step %grid_dim_x {
// CHECK: arith.muli %[[T]], %[[TILE]] : index
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK-NOT: vector.store
// CHECK: scf.if
// CHECK-COUNT-2: vector.store {{.*}} : memref<?xf32>, vector<4xf32>
// CHECK: scf.for
// CHECK: vector.load {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK: arith.sitofp {{.*}} : vector<4xi32> to vector<4xf32>
// CHECK: arith.sitofp {{.*}} : vector<4xi64> to vector<4xf32>
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
func.func @dequantize_per_channel(%q: memref<?x?x?xsi8>, %s: memref<?xf32>, %zp: memref<?xi32>, %y: memref<?x?x?xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x?x?xsi8>, memref<?xf32>, memref<?xi32>)
    outs(%y : memref<?x?x?xf32>) layout = #baracuda.per_channel<axis = 1>
  return
}

// -----

// Per tensor: the parameters come by value (no loads), block = max(n, 1)
// and period 1; the vectorized kernels fit any block (only alignment is
// checked) and their grid covers ceil(n / width) vectors.
// CHECK-LABEL: func @quantize_per_tensor(
// CHECK-SAME: %{{[^:]*}}: memref<?x?xf16>, %[[S:[^:]*]]: f32, %[[ZP:[^:]*]]: i32
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[BLOCK:.*]] = arith.maxsi %[[N]], %{{.*}} : i64
// CHECK-NOT: arith.andi %[[BLOCK]]
// CHECK: arith.ceildivui %{{.*}}, %{{.*}} : index
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_tensor_f16_s8_v16 {{.*}} args(%{{.*}} : memref<?xf16>, %[[S]] : f32, %[[ZP]] : i32, %{{.*}} : memref<?xi8>, %[[N]] : i64, %[[BLOCK]] : i64
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_tensor_f16_s8_v8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_tensor_f16_s8 blocks
// The parameters are prepared once, the path chosen once around the loops:
// the saturating path where [q_min, q_max] is s8's range and |zp| <= 2^14,
// else the fast path, else the exact one.
// CHECK-LABEL: gpu.func @quantize_per_tensor_f16_s8(
// CHECK-SAME: %[[IN:[^:]*]]: memref<?xf16>, %[[KS:[^:]*]]: f32, %[[KZ:[^:]*]]: i32, %{{[^:]*}}: memref<?xi8>, %{{[^:]*}}: i64, %{{[^:]*}}: i64, %{{[^:]*}}: i64, %[[KMIN:[^:]*]]: i32, %[[KMAX:[^:]*]]: i32
// CHECK-NOT: memref.load
// CHECK: arith.cmpf oeq, %[[KS]]
// CHECK: %[[QMIN:.*]] = arith.extsi %[[KMIN]] : i32 to i64
// CHECK: %[[QMAX:.*]] = arith.extsi %[[KMAX]] : i32 to i64
// CHECK: %[[SCALE_OK:.*]] = arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: %[[FAST:.*]] = arith.andi %{{.*}}, %[[SCALE_OK]] : i1
// CHECK: arith.cmpi sge, %[[KZ]], %c-16384_i32
// CHECK: arith.cmpi sle, %[[KZ]], %c16384_i32
// CHECK: arith.cmpi eq, %[[QMAX]], %c127_i64
// CHECK: arith.cmpi eq, %[[QMIN]], %c-128_i64
// CHECK: %[[SAT:.*]] = arith.andi %[[FAST]], %{{.*}} : i1
// CHECK: scf.if %[[SAT]] {
// CHECK: scf.for
// CHECK: memref.load %[[IN]]
// CHECK-NOT: scf.if
// CHECK-NOT: arith.minsi
// CHECK: llvm.inline_asm "cvt.rni.s16.f32 $0, $1;", "=h,f"
// CHECK: arith.addi %{{.*}}, %[[KZ]] : i32
// CHECK: llvm.inline_asm "cvt.pack.sat.s8.s32.b32 $0, $1, $2, $3;", "=r,r,r,r"
// CHECK: memref.store
// CHECK: } else {
// CHECK: scf.if %[[FAST]] {
// CHECK: scf.for
// CHECK: memref.load %[[IN]]
// CHECK-NOT: scf.if
// CHECK: llvm.call_intrinsic "llvm.nvvm.f2i.rn"
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: memref.store
// CHECK: } else {
// CHECK: scf.for
// CHECK: arith.fptosi {{.*}} : f32 to i64
// CHECK: gpu.return
// The vectorized kernels take the last n % width elements one by one.
// CHECK-LABEL: gpu.func @quantize_per_tensor_f16_s8_v16(
// CHECK: %[[NV:.*]] = arith.divui %{{.*}}, %[[W:.*]] : index
// CHECK: scf.if
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[NV]] step
// CHECK: vector.load {{.*}} : memref<?xf16>, vector<16xf16>
// CHECK: vector.store {{.*}} : memref<?xi8>, vector<16xi8>
// CHECK: %[[TAIL:.*]] = arith.muli %[[NV]], %{{.*}} : index
// CHECK: %[[FIRST:.*]] = arith.addi %[[TAIL]], %{{.*}} : index
// CHECK: scf.for %{{.*}} = %[[FIRST]] to %{{.*}} step
// CHECK: memref.load {{.*}} : memref<?xf16>
// CHECK: memref.store {{.*}} : memref<?xi8>
func.func @quantize_per_tensor(%x: memref<?x?xf16>, %s: f32, %zp: i32, %q: memref<?x?xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x?xf16>, f32, i32)
    outs(%q : memref<?x?xsi8>) layout = #baracuda.per_tensor range = [-127, 127]
  return
}

// -----

// per_token: block = d (static 64: the width fits, no run-time check),
// period = n. Two data operands (dy, x) and the straight-through mask. f32
// quantize_backward has the narrow vectorized kernel only (its wide one's
// output vector would take two 16-byte stores: familyUsesWideKernel).
// CHECK-LABEL: func @quantize_backward_per_token(
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: %[[D:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?x64xf32>
// CHECK: %[[BLOCK:.*]] = arith.index_cast %[[D]] : index to i64
// The block's divisor for the kernels' 32-bit loops, once per launch
// (KernelAbi.h's familyBlockDivisorArgs): l = 64 - ctlz(block - 1),
// magic = (2^(31 + l) + block - 1) / block, shift = l - 1; 0, 0 outside
// [2, kIndex32Limit].
// CHECK: %[[ABOVE:.*]] = arith.cmpi sle, %[[BLOCK]], %{{.*}} : i64
// CHECK: %[[BELOW:.*]] = arith.cmpi sge, %[[BLOCK]], %{{.*}} : i64
// CHECK: %[[VALID:.*]] = arith.andi %[[BELOW]], %[[ABOVE]] : i1
// CHECK: %[[DIVISOR:.*]] = arith.select %[[VALID]], %[[BLOCK]], %{{.*}} : i64
// CHECK: %[[CLZ:.*]] = math.ctlz %{{.*}} : i64
// CHECK: %[[LOG:.*]] = arith.subi %{{.*}}, %[[CLZ]] : i64
// CHECK: %[[MAGIC64:.*]] = arith.divui %{{.*}}, %[[DIVISOR]] : i64
// CHECK: %[[SHIFT64:.*]] = arith.subi %[[LOG]], %{{.*}} : i64
// CHECK: %[[MAGIC32:.*]] = arith.trunci %[[MAGIC64]] : i64 to i32
// CHECK: %[[MAGIC:.*]] = arith.select %[[VALID]], %[[MAGIC32]], %{{.*}} : i32
// CHECK: %[[SHIFT32:.*]] = arith.trunci %[[SHIFT64]] : i64 to i32
// CHECK: %[[SHIFT:.*]] = arith.select %[[VALID]], %[[SHIFT32]], %{{.*}} : i32
// CHECK-NOT: arith.andi %[[BLOCK]],
// CHECK-NOT: @quantize_backward_f32_v8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_backward_f32_v4 {{.*}} args(%{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xi32>, %{{.*}} : memref<?xf32>, %{{.*}} : i64, %[[BLOCK]] : i64, %{{.*}} : i64, %{{.*}} : i32, %{{.*}} : i32, %[[MAGIC]] : i32, %[[SHIFT]] : i32)
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_backward_f32 blocks
// CHECK-LABEL: gpu.func @quantize_backward_f32(
// CHECK-SAME: %[[DY:[^:]*]]: memref<?xf32>, %[[X:[^:]*]]: memref<?xf32>
// CHECK: %[[DYV:.*]] = memref.load %[[DY]]
// CHECK: %[[XV:.*]] = memref.load %[[X]]
// Per group: the reciprocal path's divisor (+Inf for a zero scale), its
// f64 reciprocal for dx = dy / s, and its f32 reciprocal for the mask.
// CHECK: %[[ZERO_SCALE:.*]] = arith.cmpf oeq, %{{.*}}, %{{.*}} : f32
// CHECK: %[[INF_OR_S:.*]] = arith.select %[[ZERO_SCALE]], %{{.*}}, %{{.*}} : f32
// CHECK: %[[WIDE_S:.*]] = arith.extf %[[INF_OR_S]] : f32 to f64
// CHECK: %[[WIDE_RCP:.*]] = arith.divf %{{.*}}, %[[WIDE_S]] : f64
// CHECK-NOT: llvm.inline_asm
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %[[INF_OR_S]] : f32
// Fast path: the rounded quotient x / s (the reciprocal's product and two
// Markstein corrections) within [q_min - zp, q_max - zp] in i32, a nonzero
// scale, then dy / scale: the product with the f64 reciprocal and one
// correction in f64, rounded once to f32 (no division).
// CHECK: scf.if %{{.*}} -> (f32) {
// CHECK: %[[Q0:.*]] = arith.mulf %[[XV]], %[[RCP]] : f32
// CHECK-COUNT-4: math.fma
// CHECK-NOT: arith.divf
// CHECK: %[[R:.*]] = llvm.call_intrinsic "llvm.nvvm.f2i.rn"
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[R]], %{{.*}} : i32
// CHECK: %[[LE:.*]] = arith.cmpi sle, %[[R]], %{{.*}} : i32
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LE]] : i1
// CHECK: %[[NONZERO:.*]] = arith.xori
// CHECK: %[[TAKE:.*]] = arith.andi %[[IN]], %[[NONZERO]] : i1
// CHECK-NOT: arith.divf
// CHECK: %[[WIDE_DY:.*]] = arith.extf %[[DYV]] : f32 to f64
// CHECK: %[[WIDE_NEG_S:.*]] = arith.negf %{{.*}} : f64
// CHECK: %[[WQ0:.*]] = arith.mulf %[[WIDE_DY]], %[[WIDE_RCP]] : f64
// CHECK: %[[WR:.*]] = math.fma %[[WIDE_NEG_S]], %[[WQ0]], %[[WIDE_DY]] : f64
// CHECK: %[[WQ1:.*]] = math.fma %[[WR]], %[[WIDE_RCP]], %[[WQ0]] : f64
// CHECK: %[[WQ1NAN:.*]] = arith.cmpf uno, %[[WQ1]], %[[WQ1]] : f64
// CHECK: %[[WQ:.*]] = arith.select %[[WQ1NAN]], %[[WQ0]], %[[WQ1]] : f64
// CHECK: %[[WQ0ZERO:.*]] = arith.cmpf oeq, %[[WQ0]], %{{.*}} : f64
// CHECK: %[[WSIGNED:.*]] = arith.select %[[WQ0ZERO]], %[[WQ0]], %[[WQ]] : f64
// CHECK: %[[DX:.*]] = arith.truncf %[[WSIGNED]] : f64 to f32
// CHECK-NOT: arith.divf
// CHECK: arith.select %[[TAKE]], %[[DX]], %{{.*}} : f32
// Exact path: r = roundeven(v) + zp in i64 within [q_min, q_max].
// CHECK: } else {
// CHECK: %[[RI:.*]] = arith.fptosi {{.*}} : f32 to i64
// CHECK: %[[RE:.*]] = arith.addi %[[RI]], %{{.*}} : i64
// CHECK: arith.cmpi sge, %[[RE]], %{{.*}} : i64
// CHECK: arith.cmpi sle, %[[RE]], %{{.*}} : i64
// CHECK: arith.divf %[[DYV]], %{{.*}} : f32
// CHECK: memref.store
func.func @quantize_backward_per_token(%dy: memref<?x64xf32>, %x: memref<?x64xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %dx: memref<?x64xf32>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?x64xf32>, memref<?x64xf32>, memref<?xf32>, memref<?xi32>)
    outs(%dx : memref<?x64xf32>) layout = #baracuda.per_token range = [-8, 7]
  return
}

// -----

// The other three ops, each its own kernel: dy * scale; quantize then
// dequantize (the offset q - zp from the fast path's i32 clamp); dy where
// the mask holds (no 1 / scale). No wide kernel for the 16-bit outputs
// (familyUsesWideKernel): the narrow one stores its vector in one piece.
// CHECK-LABEL: func @others(
// CHECK-NOT: _v16
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_backward_per_tensor_bf16_v8
// CHECK: gpu.launch_func @baracuda_kernels::@fake_quantize_f64 blocks
// CHECK-NOT: _v16
// CHECK: gpu.launch_func @baracuda_kernels::@fake_quantize_backward_f16_v8
// CHECK-LABEL: gpu.func @dequantize_backward_per_tensor_bf16(
// CHECK-SAME: %[[DY:[^:]*]]: memref<?xbf16>, %[[S:[^:]*]]: f32
// CHECK: %[[DYV:.*]] = memref.load %[[DY]]
// CHECK: %[[DYF:.*]] = arith.extf %[[DYV]] : bf16 to f32
// CHECK: %[[P:.*]] = arith.mulf %[[DYF]], %[[S]] : f32
// CHECK: arith.truncf %[[P]] : f32 to bf16
// CHECK-LABEL: gpu.func @fake_quantize_f64(
// CHECK: scf.if %{{.*}} -> (f64) {
// CHECK: %[[MAX:.*]] = arith.maxsi
// CHECK: %[[OFF:.*]] = arith.minsi %[[MAX]], %{{.*}} : i32
// CHECK: %[[OFFF:.*]] = arith.sitofp %[[OFF]] : i32 to f64
// CHECK: arith.mulf %[[OFFF]], %{{.*}} : f64
// CHECK: } else {
// CHECK: %[[QE:.*]] = arith.minsi %{{.*}}, %{{.*}} : i64
// CHECK: %[[OFFE:.*]] = arith.subi %[[QE]], %{{.*}} : i64
// CHECK: arith.sitofp %[[OFFE]] : i64 to f64
// CHECK-LABEL: gpu.func @fake_quantize_backward_f16(
// CHECK-SAME: %[[FDY:[^:]*]]: memref<?xf16>
// CHECK: %[[FDYV:.*]] = memref.load %[[FDY]]
// CHECK: scf.if %{{.*}} -> (f16) {
// CHECK: %[[MASK:.*]] = arith.andi
// CHECK: arith.select %[[MASK]], %[[FDYV]], %{{.*}} : f16
func.func @others(%dy: memref<?xbf16>, %s: f32, %dq: memref<?xbf16>,
                  %x64: memref<4x6xf64>, %s64: memref<4xf64>, %zp: memref<4xi32>, %y64: memref<4x6xf64>,
                  %dy16: memref<?x128xf16>, %x16: memref<?x128xf16>, %s16: memref<?x4xf16>, %zp16: memref<?x4xi32>, %dx16: memref<?x128xf16>) {
  baracuda.dequantize_backward ins(%dy, %s : memref<?xbf16>, f32)
    outs(%dq : memref<?xbf16>) layout = #baracuda.per_tensor
  baracuda.fake_quantize ins(%x64, %s64, %zp : memref<4x6xf64>, memref<4xf64>, memref<4xi32>)
    outs(%y64 : memref<4x6xf64>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  baracuda.fake_quantize_backward ins(%dy16, %x16, %s16, %zp16 : memref<?x128xf16>, memref<?x128xf16>, memref<?x4xf16>, memref<?x4xi32>)
    outs(%dx16 : memref<?x128xf16>) layout = #baracuda.per_group<size = 32> range = [0, 255]
  return
}

// -----

// Vectors per step (KernelAbi.h's familyVectorsPerThread): the
// parameter-vector kernel of 16-bit dequantize takes four vectors per
// main-loop step, all loaded before any is stored (its host grid covers
// 256 * 4 vectors per block). A thread's output vector is stored whole: f64
// dequantize takes two elements per vector, one 16-byte store
// (familyNarrowVectorWidth). Per tensor, its wide kernel (four elements,
// staged) comes first where the problem fills a wave, one vector per step:
// 256 vectors per block.
// CHECK-LABEL: func @vectors_per_step(
// CHECK: %[[PER_BLOCK:.*]] = arith.constant 1024 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]]
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f16_s8_pv8
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f16_s8 blocks
// CHECK: %[[WIDE_VECTORS:.*]] = arith.ceildivui %{{.*}}, %c4{{.*}} : index
// CHECK: arith.ceildivui %[[WIDE_VECTORS]], %c256{{.*}} : index
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_per_tensor_f64_s8_v4
// CHECK-NEXT: } else {
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_per_tensor_f64_s8_v2
// CHECK-NEXT: } else {
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_per_tensor_f64_s8 blocks
// CHECK-LABEL: gpu.func @dequantize_f16_s8_pv8(
// CHECK-SAME: %{{[^:]*}}: memref<?xi8>, %[[S16:[^:]*]]: memref<?xf16>
// CHECK-NOT: workgroup
// CHECK: scf.if %{{.*}} -> (vector<8xi8>, vector<8xi8>, vector<8xi8>, vector<8xi8>) {
// CHECK-COUNT-4: vector.load {{.*}} : memref<?xi8>, vector<8xi8>
// CHECK: vector.load %[[S16]]
// CHECK: scf.for
// CHECK-COUNT-4: vector.load {{.*}} : memref<?xi8>, vector<8xi8>
// CHECK-NOT: vector.load
// CHECK-COUNT-4: vector.store {{.*}} : memref<?xf16>, vector<8xf16>
// CHECK-LABEL: gpu.func @dequantize_per_tensor_f64_s8_v2(
// CHECK: vector.load {{.*}} {alignment = 2 : i64} : memref<?xi8>, vector<2xi8>
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<2xf64>
func.func @vectors_per_step(%q: memref<?x64xsi8>, %s: memref<64xf16>, %zp: memref<64xi32>, %y: memref<?x64xf16>,
                            %q64: memref<?xsi8>, %s64: f64, %zp64: i32, %y64: memref<?xf64>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x64xsi8>, memref<64xf16>, memref<64xi32>)
    outs(%y : memref<?x64xf16>) layout = #baracuda.per_channel<axis = 1>
  baracuda.dequantize ins(%q64, %s64, %zp64 : memref<?xsi8>, f64, i32)
    outs(%y64 : memref<?xf64>) layout = #baracuda.per_tensor
  return
}

// -----

// The ring of asynchronous copies (KernelAbi.h's
// familyParameterVectorAsyncStages): the parameter-vector kernels of the ops
// with a range take one vector per step (256 vectors per block) from a ring
// of slots in workgroup memory, one per data input: quantize f16 four slots
// of 256 vectors of 8 (three copies issued before the loop; in the loop, the
// wait leaves two groups pending, the slot is read, the next copy is issued,
// the result stored), quantize_backward f32 two slots per input, one group
// of two copies per item. Past the loop nothing stays in flight.
// CHECK-LABEL: func @ring(
// CHECK: %[[PER_BLOCK:.*]] = arith.constant 256 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]]
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_pv8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_backward_f32_pv4
// CHECK-LABEL: gpu.func @quantize_f16_s8_pv8(
// CHECK-SAME: workgroup(%[[RING:.*]] : memref<8192xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK-COUNT-3: nvgpu.device_async_copy %{{.*}}, %[[RING]][%{{.*}}], 8, %{{.*}} {bypassL1} : memref<?xf16> to
// CHECK: %[[GROUP:.*]] = nvgpu.device_async_create_group
// CHECK: scf.for {{.*}} iter_args
// CHECK-NEXT: nvgpu.device_async_wait %[[GROUP]] {numGroups = 2 : i32}
// CHECK: vector.load %[[RING]][%{{.*}}] {alignment = 16 : i64} : memref<8192xf16, #gpu.address_space<workgroup>>, vector<8xf16>
// CHECK: nvgpu.device_async_copy %{{.*}}, %[[RING]]
// CHECK: nvgpu.device_async_create_group
// CHECK: vector.store {{.*}} : memref<?xi8>, vector<8xi8>
// CHECK: scf.yield
// CHECK: nvgpu.device_async_wait %[[GROUP]] {numGroups = 0 : i32}
// CHECK-LABEL: gpu.func @quantize_backward_f32_pv4(
// CHECK-SAME: workgroup(%[[DY:.*]] : memref<2048xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[X:.*]] : memref<2048xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK: %[[C1:.*]] = nvgpu.device_async_copy {{.*}}, %[[DY]]
// CHECK: %[[C2:.*]] = nvgpu.device_async_copy {{.*}}, %[[X]]
// CHECK: %[[GROUP2:.*]] = nvgpu.device_async_create_group %[[C1]], %[[C2]]
// CHECK: scf.for
// CHECK-NEXT: nvgpu.device_async_wait %[[GROUP2]] {numGroups = 0 : i32}
func.func @ring(%x: memref<?x64xf16>, %s: memref<64xf16>, %zp: memref<64xi32>, %q: memref<?x64xsi8>,
                %dy: memref<?x64xf32>, %x32: memref<?x64xf32>, %s32: memref<64xf32>, %dx: memref<?x64xf32>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x64xf16>, memref<64xf16>, memref<64xi32>)
    outs(%q : memref<?x64xsi8>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  baracuda.quantize_backward ins(%dy, %x32, %s32, %zp : memref<?x64xf32>, memref<?x64xf32>, memref<64xf32>, memref<64xi32>)
    outs(%dx : memref<?x64xf32>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  return
}

// -----

// quantize_backward of f16 with the per-tensor scale in f32: the fast path
// takes both quotients, x / s for the mask and dx = dy / s, from RN(1 / s)
// and Markstein's correction; a zero q0 keeps its sign (dy = -0 gives -0).
// The exact path divides.
// CHECK-LABEL: gpu.func @quantize_backward_per_tensor_f16(
// CHECK-SAME: %[[DY:[^:]*]]: memref<?xf16>, %[[X:[^:]*]]: memref<?xf16>, %[[S:[^:]*]]: f32
// CHECK: %[[DIVISOR:.*]] = arith.select %{{.*}}, %{{.*}}, %[[S]] : f32
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %[[DIVISOR]] : f32
// CHECK: scf.if
// CHECK: %[[VDY:.*]] = memref.load %[[DY]]
// CHECK: %[[VX:.*]] = memref.load %[[X]]
// CHECK: %[[XF:.*]] = arith.extf %[[VX]] : f16 to f32
// CHECK: arith.mulf %[[XF]], %[[RCP]] : f32
// CHECK: %[[DYF:.*]] = arith.extf %[[VDY]] : f16 to f32
// CHECK: %[[Q0:.*]] = arith.mulf %[[DYF]], %[[RCP]] : f32
// CHECK: %[[R:.*]] = math.fma %{{.*}}, %[[Q0]], %[[DYF]] : f32
// CHECK: %[[Q1:.*]] = math.fma %[[R]], %[[RCP]], %[[Q0]] : f32
// CHECK: %[[Q1NAN:.*]] = arith.cmpf uno, %[[Q1]], %[[Q1]]
// CHECK: %[[Q:.*]] = arith.select %[[Q1NAN]], %[[Q0]], %[[Q1]] : f32
// CHECK: %[[Q0ZERO:.*]] = arith.cmpf oeq, %[[Q0]], %{{.*}} : f32
// CHECK: %[[SIGNED:.*]] = arith.select %[[Q0ZERO]], %[[Q0]], %[[Q]] : f32
// CHECK: arith.truncf %[[SIGNED]] : f32 to f16
// CHECK: } else {
// CHECK: arith.divf %{{.*}}, %[[S]] : f32
// CHECK: %[[EXACT_DY:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.divf %[[EXACT_DY]], %[[S]] : f32
// CHECK: gpu.return
func.func @quantize_backward_per_tensor_f16(%dy: memref<?xf16>, %x: memref<?xf16>, %s: f32, %zp: i32, %dx: memref<?xf16>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf16>, memref<?xf16>, f32, i32)
    outs(%dx : memref<?xf16>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

// bf16 with an f32 scale: the mask's quotient x / s, which is rounded,
// takes one correction as f16 does, but the fast path starts at |s| =
// 2^-100 (below it a tiny x's residual is inexact and one correction rounds
// wrong: x = 0x1.68p-123, s = -0x1.fbc4c4p-120); the returned dy / s, which
// needs every bit of tiny quotients too, is computed in f64 (one correction,
// as for f32 data); the exact path divides both (the path is chosen once,
// before the loop).
// CHECK-LABEL: gpu.func @quantize_backward_per_tensor_bf16(
// CHECK: %[[WIDE_RCP:.*]] = arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: %[[MIN_SCALE:.*]] = arith.constant 7.88860905E-31 : f32
// CHECK: arith.cmpf oge, %{{.*}}, %[[MIN_SCALE]] : f32
// CHECK: scf.if %{{.*}} {
// CHECK: arith.mulf
// CHECK-COUNT-2: math.fma {{.*}} : f32
// CHECK-NOT: math.fma {{.*}} : f32
// CHECK: llvm.call_intrinsic "llvm.nvvm.f2i.rn"
// CHECK-NOT: arith.divf
// CHECK: arith.mulf %{{.*}}, %[[WIDE_RCP]] : f64
// CHECK-COUNT-2: math.fma {{.*}} : f64
// CHECK-NOT: math.fma
// CHECK-NOT: arith.divf
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: } else {
// CHECK: arith.divf
// CHECK: arith.divf
// CHECK: gpu.return
func.func @quantize_backward_per_tensor_bf16(%dy: memref<?xbf16>, %x: memref<?xbf16>, %s: f32, %zp: i32, %dx: memref<?xbf16>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xbf16>, memref<?xbf16>, f32, i32)
    outs(%dx : memref<?xbf16>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

// quantize_backward of f32 with the channel last: the parameter-vector
// kernel keeps its lanes' parameters in f32 and divides dy / s (f64
// reciprocals for every lane cost it occupancy); with one scale per element
// or group, as in its element loop for other grids, the quotient is
// computed in f64 (@quantize_backward_per_token above).
// CHECK-LABEL: gpu.func @quantize_backward_f32_pv4(
// CHECK-NOT: xf64>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK-NOT: xf64>
// CHECK: gpu.return
func.func @quantize_backward_channel_last(%dy: memref<?x64xf32>, %x: memref<?x64xf32>, %s: memref<64xf32>, %zp: memref<64xi32>, %dx: memref<?x64xf32>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?x64xf32>, memref<?x64xf32>, memref<64xf32>, memref<64xi32>)
    outs(%dx : memref<?x64xf32>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  return
}

// -----

// Per-tensor dequantize of 16-bit T: the narrow kernel first, no wide one
// (the NOWIDE checks at the top of this file run over this function too).
// CHECK-LABEL: func @dequantize_per_tensor_f16(
// CHECK-NOT: _v16
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_per_tensor_f16_s8_v8
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_per_tensor_f16_s8 blocks
func.func @dequantize_per_tensor_f16(%q: memref<?xsi8>, %s: f32, %zp: i32, %y: memref<?xf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?xsi8>, f32, i32)
    outs(%y : memref<?xf16>) layout = #baracuda.per_tensor
  return
}

// -----

// u8 saturates through cvt.pack.sat.u8 where [q_min, q_max] = [0, 255].
// f64 computes in f64 and has no saturating path (cvt.rni.s16.f64 is not
// known to convert a NaN to 0).
// CHECK-LABEL: gpu.func @quantize_per_tensor_f32_u8(
// CHECK-DAG: arith.cmpi eq, %{{.*}}, %c255_i64 : i64
// CHECK-DAG: arith.cmpi eq, %{{.*}}, %c0_i64 : i64
// CHECK: llvm.inline_asm "cvt.rni.s16.f32 $0, $1;"
// CHECK: llvm.inline_asm "cvt.pack.sat.u8.s32.b32 $0, $1, $2, $3;"
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @quantize_per_tensor_f64_u8(
// CHECK-NOT: llvm.inline_asm
// CHECK: gpu.return
func.func @quantize_per_tensor_u8(%x: memref<?xf32>, %s: f32, %zp: i32, %q: memref<?xui8>,
                                  %x64: memref<?xf64>, %s64: f64, %q64: memref<?xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?xf32>, f32, i32)
    outs(%q : memref<?xui8>) layout = #baracuda.per_tensor range = [0, 255]
  baracuda.quantize ins(%x64, %s64, %zp : memref<?xf64>, f64, i32)
    outs(%q64 : memref<?xui8>) layout = #baracuda.per_tensor range = [0, 255]
  return
}
