// Runs a rapidcheck property from a GoogleTest test with a fixed seed, so
// CI runs the same cases every time (RC_PARAMS, when set, decides instead:
// a long campaign, or a reproduction), and reports a counterexample as a
// test failure.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

namespace awssim::proptest {

/// Runs a property for `cases` successes (RC_PARAMS, when set, decides
/// instead) and reports a counterexample as a test failure.
template <typename Testable>
void checkCases(int cases, Testable&& testable) {
  using namespace rc::detail;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  TestMetadata meta;
  meta.id = std::string(info->test_suite_name()) + "/" + info->name();
  meta.description = info->name();
  TestParams params = configuration().testParams;
  if (!std::getenv("RC_PARAMS")) {
    params.maxSuccess = cases;
    params.seed = 20261126;  // CI runs the same cases every time
  }
  auto result = checkTestable(std::forward<Testable>(testable), meta, params);
  if (result.template is<SuccessResult>() && !result.template get<SuccessResult>().distribution.empty()) {
    printResultMessage(result, std::cout);
    std::cout << "\n";
  }
  if (!result.template is<SuccessResult>()) {
    std::ostringstream ss;
    printResultMessage(result, ss);
    ADD_FAILURE() << ss.str();
  }
}

}  // namespace awssim::proptest
