// Secret values are masked in reports; references and ordinary settings
// are left alone.
#include <gtest/gtest.h>

#include "reports/redact.h"

namespace awssim::reports {
namespace {

TEST(Redact, MasksSecretValues) {
  EXPECT_EQ(redact("REDIS_PASSWORD=pass"), "REDIS_PASSWORD=****");
  EXPECT_EQ(redact("env POSTGRES_PASSWORD=\"s3cr3t\" next"), "env POSTGRES_PASSWORD=\"****\" next");
  EXPECT_EQ(redact("{\"API_KEY\": \"abc123\"}"), "{\"API_KEY\": \"****\"}");
  EXPECT_EQ(redact("aws_secret_access_key=AKIAXYZ"), "aws_secret_access_key=****");
  EXPECT_EQ(redact("-H 'Authorization: Bearer eyJhbGci.x.y'"), "-H 'Authorization: Bearer ****'");
}

TEST(Redact, LeavesReferencesAndOrdinarySettings) {
  EXPECT_EQ(redact("password: ${REDIS_PASSWORD}"), "password: ${REDIS_PASSWORD}");
  EXPECT_EQ(redact("-H \"X-aws-ec2-metadata-token: $TOKEN\""), "-H \"X-aws-ec2-metadata-token: $TOKEN\"");
  EXPECT_EQ(redact("REDIS_HOSTNAME=10.0.0.4 and REDIS_PORT=6379"), "REDIS_HOSTNAME=10.0.0.4 and REDIS_PORT=6379");
  EXPECT_EQ(redact("REDIS_PASSWORD=****"), "REDIS_PASSWORD=****");
  EXPECT_EQ(redact("the bearer of bad news"), "the bearer of bad news");
  EXPECT_EQ(redact("PASSWORD_FILE=/run/secrets/db"), "PASSWORD_FILE=/run/secrets/db");
}

// Long values and tokens: masked in full, in one pass.
TEST(Redact, LongValuesAreMaskedWhole) {
  std::string value(100000, 'x');
  EXPECT_EQ(redact("DB_PASSWORD=" + value + " next"), "DB_PASSWORD=**** next");
  EXPECT_EQ(redact("Authorization: Bearer " + value), "Authorization: Bearer ****");
  std::string name(5000, 'A');
  EXPECT_EQ(redact(name + "=1"), name + "=1");
}

// Issue 16, class 4: credentials in URLs, Authorization headers in any case,
// curl -u, each masked at a fixed width.
TEST(Redact, UrlPasswords) {
  EXPECT_EQ(redact("REDIS_URL=redis://:hunter2@10.0.0.4:6379"), "REDIS_URL=redis://:****@10.0.0.4:6379");
  EXPECT_EQ(redact("url: postgres://user:pw@db/x"), "url: postgres://user:****@db/x");
  EXPECT_EQ(redact("mongodb://u:p@ss@h:27017/db"), "mongodb://u:****@h:27017/db");
  EXPECT_EQ(redact("http://10.0.0.5:8761/eureka"), "http://10.0.0.5:8761/eureka");
  EXPECT_EQ(redact("redis://:${REDIS_PASSWORD}@redis:6379"), "redis://:${REDIS_PASSWORD}@redis:6379");
  EXPECT_EQ(redact("ssh://git@github.com/x"), "ssh://git@github.com/x");
}

TEST(Redact, AuthorizationHeadersInAnyCase) {
  EXPECT_EQ(redact("-H 'authorization: bearer abc.def'"), "-H 'authorization: bearer ****'");
  EXPECT_EQ(redact("-H \"Authorization: Basic dXNlcjpwdw==\""), "-H \"Authorization: Basic ****\"");
  EXPECT_EQ(redact("AUTHORIZATION=tok123"), "AUTHORIZATION=****");
  EXPECT_EQ(redact("BEARER eyJhbGci0"), "BEARER ****");
  EXPECT_EQ(redact("Authorization: $AUTH"), "Authorization: $AUTH");
}

TEST(Redact, CurlUser) {
  EXPECT_EQ(redact("curl -u admin:s3cret http://x"), "curl -u admin:**** http://x");
  EXPECT_EQ(redact("curl --user=admin:s3cret http://x"), "curl --user=admin:**** http://x");
  EXPECT_EQ(redact("curl --proxy-user 'a:b' http://x"), "curl --proxy-user 'a:****' http://x");
  // Not curl: docker's -u takes uid:gid.
  EXPECT_EQ(redact("docker run -u 1000:1000 img"), "docker run -u 1000:1000 img");
}

TEST(Redact, MasksHaveOneWidth) {
  EXPECT_EQ(redact("A_PASSWORD=x"), redact("A_PASSWORD=" + std::string(64, 'x')));
}

// Many near-matches stay linear (no rescans to the end of the text).
TEST(Redact, ManyNearMatchesAreLinear) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "curl -u x ://a -u\n";
  EXPECT_EQ(redact(text), text);
}

}  // namespace
}  // namespace awssim::reports
