//===- Npy.cpp - Minimal .npy reader and writer for baracuda-run ----------===//
//
// Format:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html magic
// "\x93NUMPY", major, minor, header length (u16 for 1.0, u32 for 2.0 and 3.0),
// then a Python dict literal padded with spaces and ended by '\n'.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

namespace baracuda::run {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// Where the value of `key` starts in a header dict, or npos. Accepts either
// quote style around the key.
size_t findValue(std::string_view header, std::string_view key) {
  for (char quote : {'\'', '"'}) {
    std::string quoted = quote + std::string(key) + quote;
    size_t at = header.find(quoted);
    if (at == std::string_view::npos)
      continue;
    at += quoted.size();
    while (at < header.size() && std::isspace(static_cast<uint8_t>(header[at])))
      ++at;
    if (at >= header.size() || header[at] != ':')
      return std::string_view::npos;
    ++at;
    while (at < header.size() && std::isspace(static_cast<uint8_t>(header[at])))
      ++at;
    return at;
  }
  return std::string_view::npos;
}

bool parseDescr(std::string_view header, std::string &descr) {
  size_t at = findValue(header, "descr");
  if (at == std::string_view::npos || at >= header.size())
    return false;
  char quote = header[at];
  if (quote != '\'' && quote != '"')
    return false; // structured dtypes are lists: not ours
  size_t end = header.find(quote, at + 1);
  if (end == std::string_view::npos)
    return false;
  descr = std::string(header.substr(at + 1, end - at - 1));
  return true;
}

bool parseFortranOrder(std::string_view header, bool &fortranOrder) {
  size_t at = findValue(header, "fortran_order");
  if (at == std::string_view::npos)
    return false;
  if (header.substr(at, 4) == "True") {
    fortranOrder = true;
    return true;
  }
  if (header.substr(at, 5) == "False") {
    fortranOrder = false;
    return true;
  }
  return false;
}

bool parseShape(std::string_view header, std::vector<int64_t> &shape) {
  size_t at = findValue(header, "shape");
  if (at == std::string_view::npos || at >= header.size() || header[at] != '(')
    return false;
  size_t end = header.find(')', at);
  if (end == std::string_view::npos)
    return false;
  std::string_view dims = header.substr(at + 1, end - at - 1);
  size_t i = 0;
  while (i < dims.size()) {
    while (i < dims.size() &&
           (std::isspace(static_cast<uint8_t>(dims[i])) || dims[i] == ','))
      ++i;
    if (i >= dims.size())
      break;
    if (!std::isdigit(static_cast<uint8_t>(dims[i])))
      return false;
    int64_t dim = 0;
    while (i < dims.size() && std::isdigit(static_cast<uint8_t>(dims[i]))) {
      if (dim > (std::numeric_limits<int64_t>::max() - 9) / 10)
        return false;
      dim = dim * 10 + (dims[i] - '0');
      ++i;
    }
    // Python 2 era files may write "3L".
    if (i < dims.size() && dims[i] == 'L')
      ++i;
    shape.push_back(dim);
  }
  return true;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

uint32_t readLittleEndian(const uint8_t *p, size_t bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < bytes; ++i)
    value |= static_cast<uint32_t>(p[i]) << (8 * i);
  return value;
}

} // namespace

std::string_view npyDescrOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "<f4";
  case ElementKind::F64:
    return "<f8";
  case ElementKind::F16:
    return "<f2";
  case ElementKind::BF16:
    return "<u2";
  case ElementKind::S32:
    return "<i4";
  case ElementKind::S8:
    return "|i1";
  case ElementKind::U8:
    return "|u1";
  }
  return "";
}

std::optional<ElementKind> elementKindOfNpyDescr(std::string_view descr) {
  if (descr.size() != 3)
    return std::nullopt;
  char order = descr[0];
  std::string_view type = descr.substr(1);
  // The tool runs on little-endian hosts only, so native ('=') is '<'.
  if (order != '<' && order != '=' && order != '|')
    return std::nullopt;
  for (ElementKind kind :
       {ElementKind::F32, ElementKind::F64, ElementKind::F16, ElementKind::BF16,
        ElementKind::S32, ElementKind::S8, ElementKind::U8}) {
    if (npyDescrOf(kind).substr(1) == type)
      return kind;
  }
  return std::nullopt;
}

bool readNpy(const std::string &path, NpyArray &array, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = path + ": cannot open for reading (" + std::strerror(errno) + ")";
    return false;
  }
  std::vector<uint8_t> contents((std::istreambuf_iterator<char>(file)),
                                std::istreambuf_iterator<char>());
  auto fail = [&](const std::string &what) {
    error = path + ": " + what;
    return false;
  };
  if (contents.size() < kMagicSize + 4 ||
      std::memcmp(contents.data(), kMagic, kMagicSize) != 0)
    return fail("not a .npy file (bad magic)");
  uint8_t major = contents[kMagicSize];
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (major < 1 || major > 3)
    return fail("unsupported .npy format version " + std::to_string(major));
  size_t prefix = kMagicSize + 2 + lengthBytes;
  if (contents.size() < prefix)
    return fail("truncated .npy header");
  size_t headerSize =
      readLittleEndian(contents.data() + kMagicSize + 2, lengthBytes);
  if (contents.size() < prefix + headerSize)
    return fail("truncated .npy header (" + std::to_string(headerSize) +
                " header bytes declared)");
  std::string_view header(
      reinterpret_cast<const char *>(contents.data()) + prefix, headerSize);

  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
  if (!parseDescr(header, descr))
    return fail("cannot parse 'descr' in header: " + std::string(header));
  if (!parseFortranOrder(header, fortranOrder))
    return fail("cannot parse 'fortran_order' in header: " +
                std::string(header));
  if (!parseShape(header, shape))
    return fail("cannot parse 'shape' in header: " + std::string(header));
  std::optional<ElementKind> kind = elementKindOfNpyDescr(descr);
  if (!kind)
    return fail("dtype '" + descr +
                "' is not supported (want one of '<f4', '<f8', '<f2', '<u2' "
                "for bf16 words, '<i4', '|i1', '|u1')");
  if (fortranOrder)
    return fail("Fortran-order arrays are not supported; save a C-order "
                "array (numpy.ascontiguousarray)");
  size_t elementSize = elementKindSize(*kind);
  // Reject sizes whose byte count would overflow before comparing.
  int64_t numElements = 1;
  for (int64_t dim : shape) {
    if (dim != 0 && numElements > std::numeric_limits<int64_t>::max() / 8 / dim)
      return fail("shape " + shapeString(shape) + " is too large");
    numElements *= dim;
  }
  size_t dataBytes = static_cast<size_t>(numElements) * elementSize;
  size_t available = contents.size() - prefix - headerSize;
  if (available < dataBytes)
    return fail("data is truncated: shape " + shapeString(shape) + " of '" +
                descr + "' needs " + std::to_string(dataBytes) +
                " bytes, file has " + std::to_string(available));

  array.kind = *kind;
  array.shape = shape;
  array.bytes.assign(contents.begin() + prefix + headerSize,
                     contents.begin() + prefix + headerSize + dataBytes);
  return true;
}

bool writeNpy(const std::string &path, const NpyArray &array,
              std::string &error) {
  std::string header =
      "{'descr': '" + std::string(npyDescrOf(array.kind)) +
      "', 'fortran_order': False, 'shape': " + shapeString(array.shape) + ", }";
  // Pad with spaces so that magic + version + length + header is a multiple
  // of 64 bytes, ending with '\n' (what numpy itself writes).
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > 0xffff) {
    error = path + ": .npy header too long for format 1.0";
    return false;
  }
  size_t dataBytes =
      static_cast<size_t>(array.numElements()) * elementKindSize(array.kind);
  if (array.bytes.size() < dataBytes) {
    error = path + ": array holds " + std::to_string(array.bytes.size()) +
            " bytes, its shape needs " + std::to_string(dataBytes);
    return false;
  }

  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    error = path + ": cannot open for writing (" + std::strerror(errno) + ")";
    return false;
  }
  uint8_t version[2] = {1, 0};
  uint8_t length[2] = {static_cast<uint8_t>(header.size() & 0xff),
                       static_cast<uint8_t>(header.size() >> 8)};
  file.write(kMagic, kMagicSize);
  file.write(reinterpret_cast<const char *>(version), 2);
  file.write(reinterpret_cast<const char *>(length), 2);
  file.write(header.data(), static_cast<std::streamsize>(header.size()));
  file.write(reinterpret_cast<const char *>(array.bytes.data()),
             static_cast<std::streamsize>(dataBytes));
  if (!file) {
    error = path + ": write failed (" + std::strerror(errno) + ")";
    return false;
  }
  return true;
}

} // namespace baracuda::run
