//===- CudaImageKernelNames.cpp - The kernels a CUDA image holds ----------===//

#include "CudaImageKernelNames.h"

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace baracuda::test {

namespace {

/// The st_other bit ptxas sets on a kernel entry (llvm-readelf: "other:
/// 0x10"); device functions and the toolkit's internal helpers lack it.
constexpr unsigned char kCudaEntry = 0x10;
constexpr uint16_t kElfMachineCuda = 190; // EM_CUDA

/// The fatbin container (fatbinary's output): a 16-byte header
/// {magic, version, header size, payload size}, then entries of a header
/// {kind, version, header size, payload size, ..., arch at byte 28} and a
/// payload.
constexpr uint32_t kFatbinMagic = 0xBA55ED50;
constexpr uint16_t kFatbinElfKind = 2; // 1: PTX
constexpr size_t kFatbinEntryArchOffset = 28;

/// Bounds-checked little-endian reads of `bytes` (the images need no
/// alignment).
class Bytes {
public:
  Bytes(const unsigned char *data, size_t size) : data(data), size(size) {}
  bool has(uint64_t offset, uint64_t length) const {
    return offset <= size && length <= size - offset;
  }
  template <typename T> bool read(uint64_t offset, T &value) const {
    if (!has(offset, sizeof(T)))
      return false;
    std::memcpy(&value, data + offset, sizeof(T));
    return true;
  }
  const unsigned char *data;
  size_t size;
};

Status malformed(std::string_view what, std::string_view why) {
  return internalError(std::string(what) + ": " + std::string(why));
}

} // namespace

Result<std::set<std::string>> cubinKernelNames(const unsigned char *data,
                                               size_t size) {
  Bytes bytes(data, size);
  Elf64_Ehdr header;
  if (!bytes.read(0, header) ||
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    return malformed("cubin", "not an ELF file (a compressed cubin?)");
  if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB ||
      header.e_machine != kElfMachineCuda)
    return malformed("cubin", "not a little-endian 64-bit CUDA ELF (machine " +
                                  std::to_string(header.e_machine) + ")");
  if (header.e_shentsize != sizeof(Elf64_Shdr))
    return malformed("cubin", "unexpected section header size");
  auto section = [&](uint64_t index, Elf64_Shdr &out) {
    return index < header.e_shnum &&
           bytes.read(header.e_shoff + index * sizeof(Elf64_Shdr), out);
  };
  std::set<std::string> names;
  bool sawSymbolTable = false;
  for (uint64_t index = 0; index < header.e_shnum; ++index) {
    Elf64_Shdr symbols, strings;
    if (!section(index, symbols))
      return malformed("cubin", "section header out of bounds");
    if (symbols.sh_type != SHT_SYMTAB)
      continue;
    sawSymbolTable = true;
    if (symbols.sh_entsize != sizeof(Elf64_Sym) ||
        !bytes.has(symbols.sh_offset, symbols.sh_size) ||
        !section(symbols.sh_link, strings) ||
        !bytes.has(strings.sh_offset, strings.sh_size))
      return malformed("cubin", "symbol table out of bounds");
    for (uint64_t offset = 0; offset + sizeof(Elf64_Sym) <= symbols.sh_size;
         offset += sizeof(Elf64_Sym)) {
      Elf64_Sym symbol;
      (void)bytes.read(symbols.sh_offset + offset, symbol);
      if (ELF64_ST_TYPE(symbol.st_info) != STT_FUNC ||
          ELF64_ST_BIND(symbol.st_info) != STB_GLOBAL ||
          !(symbol.st_other & kCudaEntry))
        continue;
      const char *first =
          reinterpret_cast<const char *>(data + strings.sh_offset);
      if (symbol.st_name >= strings.sh_size)
        return malformed("cubin", "symbol name out of bounds");
      size_t length =
          strnlen(first + symbol.st_name, strings.sh_size - symbol.st_name);
      names.emplace(first + symbol.st_name, length);
    }
  }
  if (!sawSymbolTable)
    return malformed("cubin", "no symbol table");
  return names;
}

Result<std::set<std::string>>
embeddedImageKernelNames(const EmbeddedCudaImage &image) {
  std::string what = std::string("the ") + image.format + " for " + image.chip +
                     " of module " + image.module;
  if (std::string_view(image.format) == "bin")
    return cubinKernelNames(image.data, image.size);
  if (std::string_view(image.format) != "fatbin")
    return malformed(what, "only fatbin and bin images are read");

  Bytes bytes(image.data, image.size);
  uint32_t magic = 0;
  uint16_t headerSize = 0;
  uint64_t payloadSize = 0;
  if (!bytes.read(0, magic) || magic != kFatbinMagic ||
      !bytes.read(6, headerSize) || !bytes.read(8, payloadSize) ||
      !bytes.has(headerSize, payloadSize))
    return malformed(what, "not a fatbin");
  std::vector<std::set<std::string>> cubins;
  for (uint64_t entry = headerSize; entry < headerSize + payloadSize;) {
    uint16_t kind = 0;
    uint32_t entryHeaderSize = 0, arch = 0;
    uint64_t entrySize = 0;
    if (!bytes.read(entry, kind) || !bytes.read(entry + 4, entryHeaderSize) ||
        !bytes.read(entry + 8, entrySize) ||
        !bytes.read(entry + kFatbinEntryArchOffset, arch) ||
        !bytes.has(entry + entryHeaderSize, entrySize) ||
        entryHeaderSize <= kFatbinEntryArchOffset)
      return malformed(what, "fatbin entry out of bounds");
    if (kind == kFatbinElfKind && static_cast<int>(arch) == image.smVersion) {
      Result<std::set<std::string>> names =
          cubinKernelNames(image.data + entry + entryHeaderSize, entrySize);
      if (!names.ok())
        return malformed(what, names.status().message());
      cubins.push_back(std::move(*names));
    }
    entry += entryHeaderSize + entrySize;
  }
  if (cubins.size() != 1)
    return malformed(what, "holds " + std::to_string(cubins.size()) +
                               " cubins of sm_" +
                               std::to_string(image.smVersion) + ", not 1");
  return std::move(cubins.front());
}

} // namespace baracuda::test
