// CIDR, address, protocol and port parsing.
#include <gtest/gtest.h>

#include "model/net.h"

namespace awssim::model {

TEST(Net, ParsesCidrAndRejectsHostBits) {
  CidrError err;
  auto c = parseCidr("10.0.128.0/17", &err);
  ASSERT_TRUE(c);
  EXPECT_EQ(err, CidrError::None);
  EXPECT_EQ(c->str(), "10.0.128.0/17");
  EXPECT_EQ(formatIpv4(c->last()), "10.0.255.255");
  auto h = parseCidr("10.0.0.1/16", &err);
  EXPECT_EQ(err, CidrError::HostBits);
  EXPECT_EQ(h->str(), "10.0.0.0/16");
  EXPECT_FALSE(parseCidr("10.0.0.0/33", &err));
  EXPECT_EQ(err, CidrError::Syntax);
  EXPECT_EQ(parseCidr("10.0.0.4")->str(), "10.0.0.4/32");
  EXPECT_EQ(parseCidr("0.0.0.0/0")->size(), uint64_t{1} << 32);
}

TEST(Net, ContainsAndOverlaps) {
  Cidr vpc = *parseCidr("10.0.0.0/16");
  Cidr a = *parseCidr("10.0.0.0/18");
  Cidr b = *parseCidr("10.0.64.0/19");
  EXPECT_TRUE(vpc.contains(a));
  EXPECT_FALSE(a.overlaps(b));
  EXPECT_TRUE(parseCidr("10.0.32.0/19")->overlaps(a));
  EXPECT_FALSE(vpc.contains(*parseCidr("10.1.0.0/24")));
}

TEST(Net, Protocols) {
  EXPECT_EQ(parseProtocol("tcp"), 6);
  EXPECT_EQ(parseProtocol("-1"), proto::kAll);
  EXPECT_EQ(parseProtocol("0"), 0);
  EXPECT_EQ(parseProtocol("50"), 50);
  EXPECT_FALSE(parseProtocol("256"));
  EXPECT_FALSE(parseProtocol("tcpp"));
  EXPECT_EQ(protocolName(17), "udp");
}

TEST(Net, PortRanges) {
  EXPECT_EQ(parsePortRange("32768-65535"), (PortRange{32768, 65535}));
  EXPECT_EQ(parsePortRange("6379"), PortRange::single(6379));
  EXPECT_FALSE(parsePortRange("65536"));
  EXPECT_FALSE(parsePortRange("90-80"));
  EXPECT_EQ(parsePortRange("all")->str(), "all");
}

}  // namespace awssim::model

namespace awssim::model {
namespace {

// RFC 4648 section 10's test vectors, with and without padding; line breaks
// (as base64 tools wrap) are skipped; anything else is not base64.
TEST(Base64, DecodesTheRfcVectorsAndRejectsTheRest) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"Zg==", "f"},         {"Zm8=", "fo"},
                                                         {"Zm9v", "foo"},  {"Zm9vYg==", "foob"},  {"Zm9vYmE=", "fooba"},
                                                         {"Zm9vYmFy", "foobar"}};
  for (const auto& [in, out] : vectors) {
    EXPECT_EQ(decodeBase64(in), std::optional<std::string>(out)) << in;
    std::string bare = in;
    while (!bare.empty() && bare.back() == '=') bare.pop_back();
    EXPECT_EQ(decodeBase64(bare), std::optional<std::string>(out)) << bare;
  }
  EXPECT_EQ(decodeBase64("Zm9v\nYmFy\r\n"), std::optional<std::string>("foobar"));
  EXPECT_EQ(decodeBase64(std::string("AAE=")), std::optional<std::string>(std::string("\0\1", 2)));
  for (const char* bad : {"Z", "Zm9vY", "Zg===", "Zg=a", "Zm9v*", "Zg=", "Zm 9v", "\xc3\xa9"})
    EXPECT_EQ(decodeBase64(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace awssim::model
