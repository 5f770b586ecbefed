// RUN: baracuda-translate --baracuda-gpu-binary-to-cpp %s | FileCheck %s
// RUN: baracuda-translate --baracuda-extract-gpu-object --gpu-object-chip=sm_90 %s | FileCheck %s --check-prefix=RAW
// RUN: not baracuda-translate --baracuda-extract-gpu-object --gpu-object-chip=sm_70 %s 2>&1 | FileCheck %s --check-prefix=MISSING

// CHECK: #include "baracuda/Support/EmbeddedCudaImage.h"
// CHECK: alignas(64) const unsigned char kImage0[] = {
// CHECK-NEXT: 0x61, 0x62, 0x63,
// CHECK: const EmbeddedCudaImage kEmbeddedCudaImages[] = {
// CHECK-NEXT: {"kernels", "sm_80", 80, "assembly", kImage0, 3},
// CHECK-NEXT: {"kernels", "sm_90", 90, "bin", kImage1, 4},
// CHECK: const size_t kNumEmbeddedCudaImages = 2;

// RAW: wxyz
// MISSING: no gpu.object for chip 'sm_70'
module attributes {gpu.container_module} {
  gpu.binary @kernels [
    #gpu.object<#nvvm.target<chip = "sm_80">, assembly = "abc">,
    #gpu.object<#nvvm.target<chip = "sm_90">, bin = "wxyz">
  ]
}
