//===- MemoryPlacement.cpp - Which processor can reach a pointer ----------===//

#include "MemoryPlacement.h"

namespace baracuda {

PointerInfo classifyPointer(const CudaDriver &driver, const void *pointer) {
  // Zero-initialized: the driver leaves unknown memory's attributes at 0, and
  // a driver that writes IS_MANAGED as a 1-byte bool leaves the rest 0.
  unsigned int memoryType = 0;
  unsigned int isManaged = 0;
  int ordinal = -1;
  CUpointer_attribute attributes[] = {CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
                                      CU_POINTER_ATTRIBUTE_IS_MANAGED,
                                      CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL};
  void *values[] = {&memoryType, &isManaged, &ordinal};
  PointerInfo info;
  CUresult result = driver.cuPointerGetAttributes(
      3, attributes, values, reinterpret_cast<CUdeviceptr>(pointer));
  if (result != CUDA_SUCCESS) {
    info.error = result; // Unknown: never guess "host".
    return info;
  }
  if (memoryType == 0)
    info.placement = MemoryPlacement::HostOnly;
  else if (isManaged)
    info.placement = MemoryPlacement::Managed;
  else if (memoryType == CU_MEMORYTYPE_HOST)
    info.placement = MemoryPlacement::PinnedHost;
  else {
    info.placement = MemoryPlacement::DeviceOnly;
    info.deviceOrdinal = ordinal;
  }
  return info;
}

} // namespace baracuda
