//===- MemoryPlacement.cpp - Which processor can reach a pointer ----------===//

#include "MemoryPlacement.h"

namespace baracuda {

MemoryPlacement classifyPointer(const CudaDriver &driver, const void *pointer) {
  // Zero-initialized: the driver leaves unknown memory's attributes at 0, and
  // a driver that writes IS_MANAGED as a 1-byte bool leaves the rest 0.
  unsigned int memoryType = 0;
  unsigned int isManaged = 0;
  CUpointer_attribute attributes[] = {CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
                                      CU_POINTER_ATTRIBUTE_IS_MANAGED};
  void *values[] = {&memoryType, &isManaged};
  CUresult result = driver.cuPointerGetAttributes(
      2, attributes, values, reinterpret_cast<CUdeviceptr>(pointer));
  if (result != CUDA_SUCCESS || memoryType == 0)
    return MemoryPlacement::HostOnly;
  if (isManaged || memoryType == CU_MEMORYTYPE_HOST)
    return MemoryPlacement::HostAndDevice;
  return MemoryPlacement::DeviceOnly;
}

} // namespace baracuda
