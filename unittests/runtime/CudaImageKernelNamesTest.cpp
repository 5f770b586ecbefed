//===- CudaImageKernelNamesTest.cpp - Reading kernel names from images ----===//
//
// The reader KernelCatalogTest compares the catalog with: it must find the
// kernels of a real image and refuse, with a message, what it cannot read,
// so that an unreadable image never compares as "no kernels".
//
//===----------------------------------------------------------------------===//

#include "CudaImageKernelNames.h"

#include "baracuda/Support/KernelAbi.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace baracuda::test {
namespace {

const EmbeddedCudaImage &firstLibraryImage() {
  for (size_t i = 0; i < kNumEmbeddedCudaImages; ++i)
    if (std::strcmp(kEmbeddedCudaImages[i].module, kGpuKernelModuleName) == 0)
      return kEmbeddedCudaImages[i];
  ADD_FAILURE() << "no embedded image of " << kGpuKernelModuleName;
  return kEmbeddedCudaImages[0];
}

TEST(CudaImageKernelNamesTest, FindsEntriesAndNotTheirDeviceFunctions) {
  Result<std::set<std::string>> names =
      embeddedImageKernelNames(firstLibraryImage());
  ASSERT_TRUE(names.ok()) << names.status().message();
  EXPECT_TRUE(names->count("quantize_f16_s8_v16"));
  EXPECT_TRUE(names->count("dequantize_backward_f32"));
  // ptxas's division slow paths are functions of the cubin, not entries.
  for (const std::string &name : *names)
    EXPECT_EQ(name.find("$__internal"), std::string::npos) << name;
}

TEST(CudaImageKernelNamesTest, AnImageWithoutACubinOfItsChipIsAnError) {
  EmbeddedCudaImage image = firstLibraryImage();
  image.smVersion = 75; // The fatbin holds cubins of its own chip only.
  Result<std::set<std::string>> names = embeddedImageKernelNames(image);
  ASSERT_FALSE(names.ok());
  EXPECT_NE(names.status().message().find("0 cubins of sm_75"),
            std::string::npos)
      << names.status().message();
}

TEST(CudaImageKernelNamesTest, MalformedImagesAreErrorsNotEmptySets) {
  const EmbeddedCudaImage &real = firstLibraryImage();
  // Truncated in the fatbin header, an entry header or the entries: an
  // error each time, never a crash or an empty set.
  for (size_t size : {size_t(0), size_t(15), size_t(40), real.size / 2}) {
    EmbeddedCudaImage image = real;
    image.size = size;
    EXPECT_FALSE(embeddedImageKernelNames(image).ok()) << size;
  }
  // The cubin inside, cut after its ELF header or before its section
  // headers' end.
  const unsigned char *elf =
      static_cast<const unsigned char *>(memmem(real.data, real.size,
                                                "\x7f"
                                                "ELF",
                                                4));
  ASSERT_NE(elf, nullptr);
  size_t elfBytes = real.size - (elf - real.data);
  EXPECT_TRUE(cubinKernelNames(elf, elfBytes).ok());
  for (size_t size : {size_t(63), size_t(64), elfBytes / 2})
    EXPECT_FALSE(cubinKernelNames(elf, size).ok()) << size;
  std::vector<unsigned char> garbage(4096, 0x5A);
  EmbeddedCudaImage image = real;
  image.data = garbage.data();
  image.size = garbage.size();
  Result<std::set<std::string>> names = embeddedImageKernelNames(image);
  ASSERT_FALSE(names.ok());
  EXPECT_NE(names.status().message().find("not a fatbin"), std::string::npos)
      << names.status().message();
  EXPECT_FALSE(cubinKernelNames(garbage.data(), garbage.size()).ok());
  image = real;
  image.format = "assembly";
  EXPECT_FALSE(embeddedImageKernelNames(image).ok());
}

} // namespace
} // namespace baracuda::test
