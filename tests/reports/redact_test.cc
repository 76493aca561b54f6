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

}  // namespace
}  // namespace awssim::reports
