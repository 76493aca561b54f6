// "Did you mean" suggestions: plausible typos only, and cheap whatever the
// input (libFuzzer found a stack.yaml whose huge unknown key made the
// quadratic edit distance run for seconds).
#include <gtest/gtest.h>

#include "model/diagnostics.h"

namespace awssim::model {
namespace {

TEST(DidYouMean, SuggestsPlausibleTyposOnly) {
  EXPECT_EQ(closestMatch("dsn", {"dns", "cidr"}), "dns");
  EXPECT_EQ(closestMatch("sbunets", {"subnets", "vpcs"}), "subnets");
  EXPECT_EQ(closestMatch("zzz", {"subnets", "vpcs"}), "");
}

TEST(DidYouMean, IgnoresCandidatesTooDifferentInLengthAndHugeWords) {
  EXPECT_EQ(closestMatch("subnetsxxxx", {"subnets"}), "");  // 4 apart: more than the limit of 3
  EXPECT_EQ(closestMatch("subnetsxxx", {"subnets"}), "subnets");
  std::string huge(200000, 'k');
  EXPECT_EQ(closestMatch(huge, {"subnets", std::string(199999, 'k')}), "");
  EXPECT_EQ(didYouMean(huge, {"subnets"}), "");
}

}  // namespace
}  // namespace awssim::model
