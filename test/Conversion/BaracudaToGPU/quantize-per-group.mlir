// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file -verify-diagnostics | FileCheck %s
// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=HOST

// The ring variants of the wide kernels are for the runtime, which chooses
// them by the device's memory bandwidth; the host code never launches one.
// HOST-NOT: gpu.launch_func {{.*}}_ring
// HOST: gpu.func @quantize_f16_s8_v16_ring(
// HOST-NOT: gpu.launch_func {{.*}}_ring

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func @f16_s8(
// CHECK-SAME: %[[X:.*]]: memref<?x4096xf16>, %[[S:.*]]: memref<?x32xf16>, %[[ZP:.*]]: memref<?x32xi32>, %[[O:.*]]: memref<?x4096xsi8>
// CHECK-DAG: %[[FX:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1]] : memref<?x4096xf16> into memref<?xf16>
// CHECK-DAG: %[[FO:.*]] = memref.collapse_shape %[[O]] {{\[\[}}0, 1]] : memref<?x4096xsi8> into memref<?xsi8>
// CHECK: %[[FOI:.*]] = builtin.unrealized_conversion_cast %[[FO]] : memref<?xsi8> to memref<?xi8>
// CHECK-DAG: %[[GROUP:.*]] = arith.constant 128 : i64
// CHECK-DAG: %[[QMIN:.*]] = arith.constant -128 : i32
// CHECK-DAG: %[[QMAX:.*]] = arith.constant 127 : i32
// Group 128 allows both vectorized kernels. The host code takes the wide
// one (16 elements per vector: 16-byte input alignment, 16-byte output) for
// problems of at least one assumed wave of its threads (16 * 132 * 2048
// elements), else the narrow one (8 elements: 16-byte input, 8-byte output),
// each only for aligned buffers, else the generic kernel.
// The input's 16-byte check is shared by both vectorized kernels.
// CHECK: scf.if
// CHECK: %[[PX:.*]] = memref.extract_aligned_pointer_as_index %[[FX]]
// CHECK: %[[C16I:.*]] = arith.constant 16 : index
// CHECK: %[[RX:.*]] = arith.remui %[[PX]], %[[C16I]] : index
// CHECK: %[[XALIGNED:.*]] = arith.cmpi eq, %[[RX]]
// CHECK: %[[PO:.*]] = memref.extract_aligned_pointer_as_index %[[FOI]]
// CHECK: %[[C16O:.*]] = arith.constant 16 : index
// CHECK: arith.remui %[[PO]], %[[C16O]] : index
// CHECK: arith.andi %[[XALIGNED]],
// CHECK: %[[WAVE:.*]] = arith.constant 4325376 : index
// CHECK: %[[LARGE:.*]] = arith.cmpi uge, %[[N:.*]], %[[WAVE]] : index
// CHECK: %[[WIDE:.*]] = arith.andi %{{.*}}, %[[LARGE]] : i1
// CHECK: scf.if %[[WIDE]] {
// CHECK: arith.divui %[[N]], %{{.*}}
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v16 blocks
// CHECK-SAME: args(%[[FX]] : memref<?xf16>, %{{.*}} : memref<?xf16>, %{{.*}} : memref<?xi32>, %[[FOI]] : memref<?xi8>, %{{.*}} : i64, %[[GROUP]] : i64, %{{.*}} : i64, %[[QMIN]] : i32, %[[QMAX]] : i32, %{{.*}} : i32, %{{.*}} : i32)
// CHECK: } else {
// CHECK: %[[PO2:.*]] = memref.extract_aligned_pointer_as_index %[[FOI]]
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: arith.remui %[[PO2]], %[[C8]] : index
// CHECK: arith.andi %[[XALIGNED]],
// The narrow kernel has no size condition.
// CHECK-NOT: arith.cmpi uge
// CHECK: scf.if
// CHECK: %[[VBLOCKS:.*]] = arith.minui
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v8 blocks in (%[[VBLOCKS]], %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}}) args(%[[FX]] : memref<?xf16>, %{{.*}} : memref<?xf16>, %{{.*}} : memref<?xi32>, %[[FOI]] : memref<?xi8>, %{{.*}} : i64, %[[GROUP]] : i64, %{{.*}} : i64, %[[QMIN]] : i32, %[[QMAX]] : i32, %{{.*}} : i32, %{{.*}} : i32)
// CHECK: } else {
// CHECK: %[[BLOCKS:.*]] = arith.minui
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8 blocks in (%[[BLOCKS]], %{{.*}}, %{{.*}}) threads in (%[[C256:.*]], %{{.*}}, %{{.*}}) args(%[[FX]] : memref<?xf16>, %{{.*}} : memref<?xf16>, %{{.*}} : memref<?xi32>, %[[FOI]] : memref<?xi8>, %{{.*}} : i64, %[[GROUP]] : i64, %{{.*}} : i64, %[[QMIN]] : i32, %[[QMAX]] : i32, %{{.*}} : i32, %{{.*}} : i32)
func.func @f16_s8(%x: memref<?x4096xf16>, %s: memref<?x32xf16>, %zp: memref<?x32xi32>, %o: memref<?x4096xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x4096xf16>, memref<?x32xf16>, memref<?x32xi32>)
      outs(%o : memref<?x4096xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]
  return
}

// One shape-generic kernel per element-type pair: sizes, group and range are
// arguments, so a second use with other attributes reuses it.
// CHECK-LABEL: func @f16_s8_again
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8
func.func @f16_s8_again(%x: memref<3x64xf16>, %s: memref<3x1xf16>, %zp: memref<3x1xi32>, %o: memref<3x64xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<3x64xf16>, memref<3x1xf16>, memref<3x1xi32>)
      outs(%o : memref<3x64xsi8>) layout = #baracuda.per_group<size = 64> range = [-8, 7]
  return
}

// CHECK: gpu.module @baracuda_kernels
// CHECK: gpu.func @quantize_f16_s8(%[[IN:.*]]: memref<?xf16>, %[[SC:.*]]: memref<?xf16>, %[[Z:.*]]: memref<?xi32>, %[[OUT:.*]]: memref<?xi8>, %[[N:.*]]: i64, %[[G:.*]]: i64, %[[P:.*]]: i64, %[[LO:[^:]*]]: i32, %[[HI:[^:]*]]: i32, %{{[^:]*}}: i32, %{{[^:]*}}: i32) kernel
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK: %[[NUMEL:.*]] = arith.index_cast %[[N]] : i64 to index
// Element i uses parameter (i / block) % period; the remainder is only
// taken where the parameters repeat (more blocks than the period: n >
// block * period, a wrapping product harmless), behind a uniform branch:
// per_group never takes it. No division in the thread's setup.
// CHECK: %[[BLOCK:.*]] = arith.index_cast %[[G]] : i64 to index
// CHECK: %[[PERIOD:.*]] = arith.index_cast %[[P]] : i64 to index
// CHECK-NOT: arith.ceildivui
// CHECK: %[[PRODUCT:.*]] = arith.muli %[[BLOCK]], %[[PERIOD]] : index
// CHECK: %[[REPEATS:.*]] = arith.cmpi ugt, %[[NUMEL]], %[[PRODUCT]] : index
// CHECK: %[[BID:.*]] = gpu.block_id x
// CHECK: %[[BDIM:.*]] = gpu.block_dim x
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: %[[GDIM:.*]] = gpu.grid_dim x
// The loops count in i32 where num_elements, block, period and the grid's
// stride (in elements) are all below 2^30 (one unsigned compare of their
// bitwise or), else in 64-bit index arithmetic.
// CHECK: %[[STRIDE:.*]] = arith.muli %[[BDIM]], %[[GDIM]] : index
// CHECK: %[[STRIDE64:.*]] = arith.index_castui %[[STRIDE]] : index to i64
// CHECK: %[[OR1:.*]] = arith.ori %[[STRIDE64]], %[[N]] : i64
// CHECK: %[[OR2:.*]] = arith.ori %[[OR1]], %[[G]] : i64
// CHECK: %[[OR3:.*]] = arith.ori %[[OR2]], %[[P]] : i64
// CHECK: %[[LIMIT:.*]] = arith.constant 1073741823 : i64
// CHECK: %[[FITS:.*]] = arith.cmpi ule, %[[OR3]], %[[LIMIT]] : i64
// CHECK: scf.if %[[FITS]] {
// CHECK: %[[N32:.*]] = arith.trunci %[[N]] : i64 to i32
// CHECK: %[[BID32:.*]] = arith.index_castui %[[BID]] : index to i32
// CHECK: %[[BDIM32:.*]] = arith.index_castui %[[BDIM]] : index to i32
// CHECK: %[[TID32:.*]] = arith.index_castui %[[TID]] : index to i32
// CHECK: %[[GDIM32:.*]] = arith.index_castui %[[GDIM]] : index to i32
// CHECK: %[[BLOCK32:.*]] = arith.trunci %[[G]] : i64 to i32
// CHECK: %[[PERIOD32:.*]] = arith.trunci %[[P]] : i64 to i32
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N32]] step %{{.*}} : i32 {
// CHECK: %[[BI:.*]] = arith.divui %[[I]], %[[BLOCK32]] : i32
// CHECK: %[[GI:.*]] = scf.if %[[REPEATS]] -> (i32) {
// CHECK: %[[WRAPPED:.*]] = arith.remui %[[BI]], %[[PERIOD32]] : i32
// CHECK: scf.yield %[[WRAPPED]] : i32
// CHECK: } else {
// CHECK: scf.yield %[[BI]] : i32
// CHECK: }
// An index is widened only to address memory.
// CHECK: %[[GIX:.*]] = arith.index_castui %[[GI]] : i32 to index
// CHECK: %[[S16:.*]] = memref.load %[[SC]][%[[GIX]]]
// CHECK: memref.load %[[Z]][%[[GIX]]]
// CHECK: %[[IX:.*]] = arith.index_castui %[[I]] : i32 to index
// CHECK: %[[XV:.*]] = memref.load %[[IN]][%[[IX]]] : memref<?xf16>
// CHECK: %[[S:.*]] = arith.extf %[[S16]] : f16 to f32
// Per group: a zero scale becomes +Inf, the reciprocal, the clamp bounds in
// i32 and the path; f16 takes the fast path for zero scales and those in
// [2^-126, 2^126] (normal reciprocals), and zero point and range below 2^30.
// CHECK: %[[ZERO_SCALE:.*]] = arith.cmpf oeq, %[[S]]
// CHECK: %[[DIVISOR:.*]] = arith.select %[[ZERO_SCALE]], %{{.*}}, %[[S]] : f32
// CHECK: %[[LOW:.*]] = arith.subi %[[LO]], %[[ZPV:.*]] : i32
// CHECK: %[[HIGH:.*]] = arith.subi %[[HI]], %[[ZPV]] : i32
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %[[DIVISOR]] : f32
// CHECK: %[[ABS:.*]] = math.absf %[[S]]
// CHECK-DAG: %[[MAXS:.*]] = arith.constant 8.50705917E+37 : f32
// CHECK-DAG: %[[MINS:.*]] = arith.constant 1.17549435E-38 : f32
// CHECK-DAG: %[[BELOW:.*]] = arith.cmpf ole, %[[ABS]], %[[MAXS]]
// CHECK-DAG: %[[ABOVE:.*]] = arith.cmpf oge, %[[ABS]], %[[MINS]]
// CHECK: %[[IN_RANGE:.*]] = arith.andi %[[ABOVE]], %[[BELOW]]
// CHECK: %[[OK:.*]] = arith.ori %[[IN_RANGE]], %[[ZERO_SCALE]]
// CHECK: %[[FAST:.*]] = arith.andi %{{.*}}, %[[OK]]
// The saturating path where the range is s8's and |zp| <= 2^14: cvt.rni.s16
// (NaN gives 0), zp, and cvt.pack.sat's s8 saturation clamps.
// CHECK-DAG: arith.cmpi eq, %{{.*}}, %c127_i64 : i64
// CHECK-DAG: arith.cmpi eq, %{{.*}}, %c-128_i64 : i64
// CHECK-DAG: arith.cmpi sle, %[[ZPV]], %c16384_i32 : i32
// CHECK: %[[SAT:.*]] = arith.andi %[[FAST]], %{{.*}} : i1
// CHECK: %[[Q:.*]] = scf.if %[[SAT]] -> (i8) {
// CHECK: %[[SV:.*]] = math.fma %{{.*}}, %[[RCP]], %{{.*}} : f32
// CHECK: %[[S16R:.*]] = llvm.inline_asm "cvt.rni.s16.f32 $0, $1;", "=h,f" %[[SV]] : (f32) -> i16
// CHECK: %[[S32R:.*]] = arith.extsi %[[S16R]] : i16 to i32
// CHECK: %[[SSH:.*]] = arith.addi %[[S32R]], %[[ZPV]] : i32
// CHECK: %[[PACKED:.*]] = llvm.inline_asm "cvt.pack.sat.s8.s32.b32 $0, $1, $2, $3;", "=r,r,r,r" %{{.*}}, %[[SSH]], %{{.*}} : (i32, i32, i32) -> i32
// CHECK: arith.trunci %[[PACKED]] : i32 to i8
// CHECK: } else {
// CHECK: scf.if %[[FAST]] -> (i8) {
// CHECK: %[[XF:.*]] = arith.extf %[[XV]] : f16 to f32
// CHECK: %[[Q0:.*]] = arith.mulf %[[XF]], %[[RCP]] : f32
// CHECK: %[[NEG:.*]] = arith.negf %[[DIVISOR]] : f32
// f16 data and an f16 scale: x * RN(1/s) is finite for finite x and the
// residual below 1, so it is NaN only for ±Inf, NaN and zero scales, where
// min(r, 1) makes the corrected quotient q0 again.
// CHECK: %[[R:.*]] = math.fma %[[NEG]], %[[Q0]], %[[XF]] : f32
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[RMIN:.*]] = arith.minnumf %[[R]], %[[ONE]] : f32
// CHECK: %[[V:.*]] = math.fma %[[RMIN]], %[[RCP]], %[[Q0]] : f32
// CHECK-NOT: arith.cmpf uno
// One saturating conversion (PTX cvt.rni.s32.f32: NaN gives 0), then the
// clamp in i32.
// CHECK: %[[RND:.*]] = llvm.call_intrinsic "llvm.nvvm.f2i.rn"(%[[V]]) : (f32) -> i32
// CHECK: %[[MAX:.*]] = arith.maxsi %[[RND]], %[[LOW]] : i32
// CHECK: %[[MIN:.*]] = arith.minsi %[[MAX]], %[[HIGH]] : i32
// CHECK: %[[SHIFTED:.*]] = arith.addi %[[MIN]], %[[ZPV]] : i32
// CHECK: arith.trunci %[[SHIFTED]] : i32 to i8
// CHECK: } else {
// CHECK: arith.divf %{{.*}}, %[[S]] : f32
// CHECK: arith.cmpf uno
// CHECK: math.roundeven
// CHECK: arith.fptosi {{.*}} : f32 to i64
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.trunci {{.*}} : i64 to i8
// CHECK: }
// CHECK: memref.store %[[Q]], %[[OUT]][%[[IX]]] : memref<?xi8>
// The same loops in 64-bit index arithmetic for any larger size.
// CHECK: } else {
// CHECK: scf.for %[[I64:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: arith.divui %[[I64]], %{{.*}} : index
// CHECK: memref.load %[[IN]][%[[I64]]] : memref<?xf16>
// CHECK: memref.store %{{.*}}, %[[OUT]][%[[I64]]] : memref<?xi8>

// The wide vectorized kernel: a multiply-high and a shift instead of the
// division, one scale and one set of group parameters per 16-element
// vector, two 16-byte loads and one 16-byte store; one vector per thread per
// step (KernelAbi.h), so there is no main/remainder split.
// CHECK: gpu.func @quantize_f16_s8_v16(%[[VIN:.*]]: memref<?xf16>, %[[VSC:.*]]: memref<?xf16>, %{{.*}}: memref<?xi32>, %[[VOUT:.*]]: memref<?xi8>, %{{.*}}: i64, %[[VG:.*]]: i64, %{{.*}}: i64, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %[[VMAGIC:[^:]*]]: i32, %[[VSHIFT:[^:]*]]: i32) kernel
// CHECK-NOT: nvvm.minctasm
// In the 32-bit loops the group index is mulhi(i, magic) >> (l - 1), with
// l = ceil(log2 group_size) and magic = ceil(2^(31 + l) / group_size), 2^31
// for a power of two (KernelAbi.h's familyBlockDivisor): the block_magic and
// block_shift arguments, which the caller computes once per launch.
// CHECK-NOT: math.ctlz
// CHECK: scf.for %[[V:.*]] = {{.*}} : i32 {
// CHECK-NOT: arith.divui
// CHECK: %[[VI:.*]] = arith.muli %[[V]], %{{.*}} : i32
// CHECK: %[[VHI:.*]] = llvm.call_intrinsic "llvm.nvvm.mulhi.ui"(%[[VI]], %[[VMAGIC]]) : (i32, i32) -> i32
// CHECK: %[[VBI:.*]] = arith.shrui %[[VHI]], %[[VSHIFT]] : i32
// CHECK: %[[VGI:.*]] = scf.if %{{.*}} -> (i32) {
// CHECK: arith.remui %[[VBI]]
// CHECK: scf.yield %[[VBI]] : i32
// CHECK: %[[VGIX:.*]] = arith.index_castui %[[VGI]] : i32 to index
// CHECK: memref.load %[[VSC]][%[[VGIX]]]
// CHECK-NOT: memref.load %[[VSC]]
// CHECK: %[[VIX:.*]] = arith.index_castui %[[VI]] : i32 to index
// CHECK: vector.load %[[VIN]][%[[VIX]]] {alignment = 16 : i64} : memref<?xf16>, vector<16xf16>
// CHECK: scf.if %{{.*}} -> (vector<16xi8>) {
// CHECK: math.fma {{.*}} : vector<16xf32>
// The saturating path: a word of four bytes per two packs, the bytes of the
// four words stored.
// CHECK-COUNT-16: llvm.inline_asm "cvt.rni.s16.f32 $0, $1;"
// CHECK-COUNT-8: llvm.inline_asm "cvt.pack.sat.s8.s32.b32 $0, $1, $2, $3;"
// CHECK: %[[WORDS:.*]] = vector.from_elements {{.*}} : vector<4xi32>
// CHECK: vector.bitcast %[[WORDS]] : vector<4xi32> to vector<16xi8>
// CHECK: } else {
// CHECK: scf.if %{{.*}} -> (vector<16xi8>) {
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK-NOT: llvm.inline_asm
// CHECK-COUNT-16: llvm.call_intrinsic "llvm.nvvm.f2i.rn"
// CHECK: vector.from_elements {{.*}} : vector<16xi32>
// CHECK: arith.maxsi {{.*}} : vector<16xi32>
// CHECK: } else {
// CHECK: arith.divf {{.*}} : vector<16xf32>
// CHECK: arith.trunci {{.*}} : vector<16xi64> to vector<16xi8>
// CHECK: vector.store {{.*}}, %[[VOUT]][%[[VIX]]] {alignment = 16 : i64} : memref<?xi8>, vector<16xi8>
// CHECK-NOT: scf.for
// The 64-bit loops shift, for a power-of-two group only: the runtime and the
// host code launch any other group size here only where the 32-bit loops run
// (familyBlockNeedsIndex32).
// CHECK: } else {
// CHECK: %[[VPOW2_64:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i64
// CHECK-NOT: arith.divui
// CHECK: %[[VLOG64:.*]] = math.cttz %[[VG]] : i64
// CHECK: %[[VSHIFT64:.*]] = arith.index_cast %[[VLOG64]] : i64 to index
// CHECK: scf.if %[[VPOW2_64]] {
// CHECK-NEXT: scf.for %[[V64:.*]] = {{.*}} {
// CHECK: %[[VI64:.*]] = arith.muli %[[V64]], %{{.*}} : index
// CHECK: arith.shrui %[[VI64]], %[[VSHIFT64]] : index
// CHECK: vector.store {{.*}}, %[[VOUT]][%[[VI64]]] {alignment = 16 : i64} : memref<?xi8>, vector<16xi8>
// CHECK-NOT: scf.for

// Its ring variant (KernelAbi.h's familyAsyncRingStages): the same vectors
// arrive through a ring of two slots of 256 x 16 elements in workgroup
// memory, two 16-byte asynchronous copies each, the next vector's in flight
// while this one is computed; the group's parameters are still loaded per
// vector. It is compiled for five blocks per multiprocessor (KernelAbi.h's
// familyRingMinThreadsPerMultiprocessor).
// CHECK: gpu.func @quantize_f16_s8_v16_ring(%[[RIN:.*]]: memref<?xf16>, %[[RSC:.*]]: memref<?xf16>, %{{.*}}: memref<?xi32>, %[[ROUT:.*]]: memref<?xi8>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i32, %{{.*}}: i32) workgroup(%[[RING:.*]] : memref<8192xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}) kernel
// CHECK-SAME: nvvm.minctasm = 5 : i32
// CHECK-COUNT-2: nvgpu.device_async_copy %[[RIN]][%{{.*}}], %[[RING]][%{{.*}}], 8, %{{.*}} {bypassL1}
// CHECK: scf.for
// CHECK-NEXT: nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// CHECK: memref.load %[[RSC]]
// CHECK: vector.load %[[RING]][%{{.*}}] {alignment = 16 : i64} : memref<8192xf16, #gpu.address_space<workgroup>>, vector<16xf16>
// CHECK-COUNT-2: nvgpu.device_async_copy %[[RIN]]
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK: vector.store {{.*}}, %[[ROUT]][%{{.*}}] {alignment = 16 : i64} : memref<?xi8>, vector<16xi8>
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// CHECK: gpu.return

// The narrow one: the same body on 8-element vectors, one 16-byte load and
// an 8-byte store.
// CHECK: gpu.func @quantize_f16_s8_v8(%[[NIN:.*]]: memref<?xf16>, %[[NSC:.*]]: memref<?xf16>, %{{.*}}: memref<?xi32>, %[[NOUT:.*]]: memref<?xi8>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %[[NMAGIC:[^:]*]]: i32, %[[NSHIFT:[^:]*]]: i32) kernel
// CHECK-NOT: math.ctlz
// CHECK: scf.for
// CHECK: %[[NI:.*]] = arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: %[[NHI:.*]] = llvm.call_intrinsic "llvm.nvvm.mulhi.ui"(%[[NI]], %[[NMAGIC]]) : (i32, i32) -> i32
// CHECK: %[[NBI:.*]] = arith.shrui %[[NHI]], %[[NSHIFT]] : i32
// CHECK: %[[NGI:.*]] = scf.if %{{.*}} -> (i32) {
// CHECK: %[[NGIX:.*]] = arith.index_castui %[[NGI]] : i32 to index
// CHECK: memref.load %[[NSC]][%[[NGIX]]]
// CHECK: %[[NIX:.*]] = arith.index_castui %[[NI]] : i32 to index
// CHECK: vector.load %[[NIN]][%[[NIX]]] {alignment = 16 : i64} : memref<?xf16>, vector<8xf16>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.nvvm.f2i.rn"
// CHECK: vector.store {{.*}}, %[[NOUT]][%[[NIX]]] {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: } else {
// CHECK: arith.shrui %{{.*}}, %{{.*}} : index
// CHECK: vector.store {{.*}}, %[[NOUT]][%{{.*}}] {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK-NOT: gpu.func

// -----

// f64 input computes in f64. The fast path takes x / s from the group's
// correctly rounded reciprocal and two Markstein corrections (a zero scale
// divides by +Inf: its reciprocal is 0, its residuals NaN, and its
// quotients, q0 = x * 0, are taken as 0), no division; the exact path
// divides. NaN is replaced by 0 before the conversion: PTX converts an f64
// NaN to INT_MIN, not 0. No divisor for a returned quotient (quantize
// returns none). Group 6 is no multiple of a vector (4 or 8 elements):
// generic kernel only.
// CHECK-LABEL: func @f64_u8
// CHECK-NOT: extract_aligned_pointer
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f64_u8 blocks
// CHECK-LABEL: gpu.func @quantize_f64_u8(
// CHECK-NOT: arith.extf
// CHECK-NOT: llvm.inline_asm
// CHECK: %[[ZERO_SCALE:.*]] = arith.cmpf oeq, %{{.*}}, %{{.*}} : f64
// CHECK: %[[INF_OR_S:.*]] = arith.select %[[ZERO_SCALE]], %{{.*}}, %{{.*}} : f64
// CHECK: %[[RCP:.*]] = arith.divf %{{.*}}, %[[INF_OR_S]] : f64
// CHECK: scf.if
// CHECK-NOT: arith.divf
// CHECK: %[[Q0:.*]] = arith.mulf %[[X:.*]], %[[RCP]] : f64
// CHECK: %[[NEG:.*]] = arith.negf %[[INF_OR_S]] : f64
// CHECK: %[[R0:.*]] = math.fma %[[NEG]], %[[Q0]], %[[X]] : f64
// CHECK: %[[Q1:.*]] = math.fma %[[R0]], %[[RCP]], %[[Q0]] : f64
// CHECK: %[[R1:.*]] = math.fma %[[NEG]], %[[Q1]], %[[X]] : f64
// CHECK: %[[Q2:.*]] = math.fma %[[R1]], %[[RCP]], %[[Q1]] : f64
// CHECK: %[[Q2NAN:.*]] = arith.cmpf uno, %[[Q2]], %[[Q2]] : f64
// CHECK: %[[Q:.*]] = arith.select %[[Q2NAN]], %[[Q0]], %[[Q2]] : f64
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[Q]], %[[Q]] : f64
// CHECK: %[[V:.*]] = arith.select %[[NAN]], %{{.*}}, %[[Q]] : f64
// CHECK: llvm.call_intrinsic "llvm.nvvm.d2i.rn"(%[[V]]) : (f64) -> i32
// CHECK: } else {
// CHECK: arith.divf
// CHECK: arith.fptosi {{.*}} : f64 to i64
// CHECK-NOT: gpu.func
func.func @f64_u8(%x: memref<2x12xf64>, %s: memref<2x2xf64>, %zp: memref<2x2xi32>, %o: memref<2x12xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x12xf64>, memref<2x2xf64>, memref<2x2xi32>)
      outs(%o : memref<2x12xui8>) layout = #baracuda.per_group<size = 6> range = [0, 255]
  return
}

// -----

// f64 input: a narrow vector is four elements (two 16-byte loads), so the
// group's parameters and the 4-byte store are shared by four elements; a
// wide one is eight (four loads, an 8-byte store). 8x256 elements are far
// below a wave of either, but the host code only knows that at run time.
// CHECK-LABEL: func @f64_s8(
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f64_s8_v8
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: arith.remui %{{.*}}, %[[C4]] : index
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f64_s8_v4
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f64_s8 blocks
// CHECK: gpu.func @quantize_f64_s8(
// CHECK: gpu.func @quantize_f64_s8_v8(
// CHECK-SAME: %[[WIN:[^:]*]]: memref<?xf64>
// CHECK: vector.load %[[WIN]]{{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<8xf64>
// CHECK: vector.store {{.*}} {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: gpu.func @quantize_f64_s8_v4(
// CHECK-SAME: %[[IN:[^:]*]]: memref<?xf64>
// CHECK: scf.for
// CHECK: arith.shrui
// CHECK: scf.if
// CHECK: arith.remui
// CHECK: vector.load %[[IN]]{{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<4xf64>
// CHECK: arith.divf {{.*}} : vector<4xf64>
// CHECK: vector.store {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK-NOT: scf.for
// CHECK: } else {
// CHECK: scf.for
// CHECK: vector.load %[[IN]]{{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<4xf64>
// CHECK: vector.store {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK-NOT: scf.for
// CHECK: gpu.return
func.func @f64_s8(%x: memref<8x256xf64>, %s: memref<8x2xf64>, %zp: memref<8x2xi32>, %o: memref<8x256xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<8x256xf64>, memref<8x2xf64>, memref<8x2xi32>)
      outs(%o : memref<8x256xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]
  return
}

// -----

// The group size class: a group of 8 f16 elements fits the narrow kernel
// (8 elements per vector) but not the wide one (16), which is not emitted.
// CHECK-LABEL: func @f16_group8(
// CHECK-NOT: arith.cmpi uge
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_u8_v8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_u8 blocks
// CHECK-NOT: _v16
// CHECK: gpu.func @quantize_f16_u8(
// CHECK: gpu.func @quantize_f16_u8_v8(
// CHECK-NOT: gpu.func
func.func @f16_group8(%x: memref<4x64xf16>, %s: memref<4x8xf16>, %zp: memref<4x8xi32>, %o: memref<4x64xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<4x64xf16>, memref<4x8xf16>, memref<4x8xi32>)
      outs(%o : memref<4x64xui8>) layout = #baracuda.per_group<size = 8> range = [0, 255]
  return
}

// -----

// A group of 24 f16 elements, a multiple of the narrow vector (8) and no
// power of two: the narrow kernel, where the sizes keep it in its 32-bit
// loops (KernelAbi.h's familyBlockNeedsIndex32; they divide by any group),
// else the generic one.
// CHECK-LABEL: func @f16_group24(
// CHECK: %[[SIZES:.*]] = arith.ori
// CHECK: %[[ALL:.*]] = arith.ori %[[SIZES]]
// CHECK: %[[FITS:.*]] = arith.cmpi ule, %[[ALL]], %{{.*}} : i64
// CHECK: %[[POW2:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i64
// CHECK: %[[EITHER:.*]] = arith.ori %[[POW2]], %[[FITS]] : i1
// CHECK: %[[TAKE:.*]] = arith.andi %{{.*}}, %[[EITHER]] : i1
// CHECK: scf.if %[[TAKE]] {
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_u8_v8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_u8 blocks
// CHECK-NOT: _v16
func.func @f16_group24(%x: memref<4x48xf16>, %s: memref<4x2xf16>, %zp: memref<4x2xi32>, %o: memref<4x48xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<4x48xf16>, memref<4x2xf16>, memref<4x2xi32>)
      outs(%o : memref<4x48xui8>) layout = #baracuda.per_group<size = 24> range = [0, 255]
  return
}

// -----

func.func @strided(%x: memref<4x8xf32, strided<[16, 1]>>, %s: memref<4x2xf32>, %zp: memref<4x2xi32>, %o: memref<4x8xsi8>) {
  // expected-error @+1 {{baracuda kernels need contiguous row-major (identity layout) buffers; got 'memref<4x8xf32, strided<[16, 1]>>'}}
  baracuda.quantize ins(%x, %s, %zp : memref<4x8xf32, strided<[16, 1]>>, memref<4x2xf32>, memref<4x2xi32>)
      outs(%o : memref<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
