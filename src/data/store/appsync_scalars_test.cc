#include "data/store/appsync_scalars.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test/support/status_matchers.h"

namespace gloss::data::store {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::HasSubstr;
using Json = nlohmann::json;

struct ScalarCases {
  AppSyncScalar kind;
  std::vector<Json> valid;
  std::vector<Json> invalid;
};

std::vector<ScalarCases> Cases() {
  return {
      {AppSyncScalar::kAwsDate,
       {"2024-02-29", "1970-01-01", "9999-12-31", "2000-02-29", "2024-01-31Z", "2024-01-31+14:00",
        "2024-01-31-05:30", "2024-01-31+01:00:30", "-0044-03-15", "2024-12-01+18:00"},
       {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01",
        "2024-1-01", "2024-01-01T00:00Z", "2024-01-01+19:00", "2024-01-01+1400", "2024-01-01z", "",
        20240101, nullptr}},
      {AppSyncScalar::kAwsTime,
       {"00:00", "23:59", "23:59:59", "12:30:00.123", "12:30:00.1", "12:30:00.123456789", "12:30Z",
        "12:30:00+14:00", "12:30:00.5-08:00", "08:00:00+05:45"},
       {"24:00", "24:00:00", "23:60", "23:59:60", "1:00", "12:30:00.", "12:30:00.1234567890",
        "12:30:00+24:00", "12:30:00 Z", "12", "noon", 1230}},
      {AppSyncScalar::kAwsDateTime,
       {"2024-02-29T12:00:00Z", "1970-01-01T00:00:00.000Z", "2024-06-01T23:59:59.999999999+14:00",
        "2024-06-01T10:00-05:00", "2024-06-01T10:00:00+05:30:15", "2024-06-01T00:00:00.1Z",
        "-0001-01-01T00:00:00Z", "2024-12-31T23:59:59-12:00"},
       {"2024-06-01T10:00:00", "2024-06-01 10:00:00Z", "2023-02-29T10:00:00Z",
        "2024-06-01T24:00:00Z", "2024-06-01t10:00:00Z", "2024-06-01T10:00:00z",
        "2024-06-01T10:00:00+14", "2024-06-01", "2024-06-01T10:00:00ZZ", 1717236000}},
      {AppSyncScalar::kAwsTimestamp,
       {0, 1717236000, -1, Json(9223372036854775807), -9223372036854775807LL, 42, 1, 2000000000},
       {"1717236000", 1.5, 1e3, true, nullptr, Json::array(), Json(9223372036854775808ULL),
        Json::object()}},
      {AppSyncScalar::kAwsEmail,
       {"user@example.com", "first.last@example.co.uk", "user+tag@example.com", "a@b",
        "\"quoted local\"@example.com", "o'neil@example.org", "x_y-z@sub-domain.example.com",
        "user@[192.168.0.1]", "UPPER@EXAMPLE.COM"},
       {"user", "@example.com", "user@", "user@@example.com", ".user@example.com",
        "user.@example.com", "us..er@example.com", "user@-example.com", "user@example..com",
        "user@example.com.", "us er@example.com", "user@exa mple.com", "\"unterminated@x.com", 5}},
      {AppSyncScalar::kAwsJson,
       {"{}", "[]", "{\"a\": [1, 2, {\"b\": null}]}", "1", "\"text\"", "true", "null",
        " {\"a\":1} "},
       {"", "{", "{'a': 1}", "[1,]", "{\"a\":1}}", "undefined", "NaN", Json::object(),
        Json::array(), 1}},
      {AppSyncScalar::kAwsUrl,
       {"https://example.com", "http://localhost/", "http://localhost:8080/path?q=1#frag",
        "ftp://files.example.com/a/b.txt", "https://user:pw@example.com/a%20b",
        "custom+scheme://host", "http://[::1]:80/", "https://example.com/a/b/c?next=//x"},
       {"example.com", "www.example.com", "https://", "://example.com", "1http://x.com",
        "https://example.com//path", "https://example.com/a//b", "http://exa mple.com",
        "https://example.com/%zz", "mailto:user@example.com", "https://example.com/<script>", 42}},
      {AppSyncScalar::kAwsPhone,
       {"+1 (555) 555-5555", "+15555555555", "555-555-5555", "(555) 555-5555", "5555555555",
        "1 555 555 5555", "+44 20 7946 0958", "+49-30-1234567", "555.555.5555"},
       {"", "+", "555-5555", "+1 555", "+1234567890123456", "555 555 555a", "(555 555-5555",
        "555) 555-5555", "555--555-5555", "-555-555-5555", "555-555-5555-", "+1 ((555)) 555-5555",
        "2 555 555 5555", 5555555555}},
      {AppSyncScalar::kAwsIpAddress,
       {"192.168.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.0/8", "192.168.1.0/24", "::1",
        "2001:db8::ff00:42:8329", "2001:db8::/32", "::ffff:192.0.2.1", "fe80::1/128"},
       {"256.1.1.1", "1.2.3", "1.2.3.4.5", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/",
        "10.0.0.0/-1", "10.0.0.0/8/8", "gggg::1", "1.2.3.4 ", "localhost", 3232235521,
        std::string("1.2.3.4\0x", 9)}},
  };
}

TEST(DataStoreAppSyncScalarsTest, AcceptsValidValues) {
  for (const ScalarCases& cases : Cases()) {
    EXPECT_GE(cases.valid.size(), 8U) << ScalarName(cases.kind);
    for (const Json& value : cases.valid) {
      EXPECT_OK(ValidateScalar(cases.kind, value)) << ScalarName(cases.kind) << " " << value;
    }
  }
}

TEST(DataStoreAppSyncScalarsTest, RejectsInvalidValues) {
  for (const ScalarCases& cases : Cases()) {
    EXPECT_GE(cases.invalid.size(), 8U) << ScalarName(cases.kind);
    for (const Json& value : cases.invalid) {
      const Status status = ValidateScalar(cases.kind, value);
      EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument))
          << ScalarName(cases.kind) << " " << value;
      EXPECT_THAT(status.message(),
                  HasSubstr("Invalid " + std::string(ScalarName(cases.kind)) + " value: "));
    }
  }
}

TEST(DataStoreAppSyncScalarsTest, MessageQuotesATruncatedValue) {
  const Status status = ValidateScalar(AppSyncScalar::kAwsDateTime, std::string(500, 'x'));
  EXPECT_EQ(status.message(), "Invalid AWSDateTime value: \"" + std::string(63, 'x') + "...");
}

TEST(DataStoreAppSyncScalarsTest, ParsesScalarNames) {
  for (const char* name : {"AWSDate", "AWSTime", "AWSDateTime", "AWSTimestamp", "AWSEmail",
                           "AWSJSON", "AWSURL", "AWSPhone", "AWSIPAddress"}) {
    ASSERT_OK_AND_ASSIGN(AppSyncScalar kind, ParseScalarName(name));
    EXPECT_EQ(ScalarName(kind), name);
  }
  EXPECT_THAT(ParseScalarName("String").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseScalarName("awsdate").status(), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss::data::store
