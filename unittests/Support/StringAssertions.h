//===- StringAssertions.h - gtest assertions on messages --------*- C++ -*-===//
//
// Shared by the test suites that check error messages (rules, runtime).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_SUPPORT_STRINGASSERTIONS_H
#define BARACUDA_UNITTESTS_SUPPORT_STRINGASSERTIONS_H

#include <gtest/gtest.h>

#include <string>

namespace baracuda::test {

/// True if `text` contains `part` (assertion with both in the message).
inline ::testing::AssertionResult contains(const std::string &text,
                                           const std::string &part) {
  if (text.find(part) != std::string::npos)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\"" << text << "\" does not contain \"" << part << "\"";
}

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_SUPPORT_STRINGASSERTIONS_H
