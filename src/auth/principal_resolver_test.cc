#include "auth/principal_resolver.h"

#include <chrono>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/user_pool.h"
#include "aws/sigv4.h"
#include "core/logger.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kAdminKey = "AKIAADMIN00000000000";
constexpr std::string_view kAdminSecret = "admin-secret-admin-secret-admin-secret-0";
constexpr std::string_view kFunctionKey = "AKIAFUNCTION00000000";
constexpr std::string_view kFunctionSecret = "function-secret-function-secret-function";
constexpr std::string_view kPassword = "Corr3ct-Horse!";

// A user pool on a real SQLite file with the cheapest argon2id parameters, a
// resolver that knows an admin and a function key, and one confirmed user in
// group "ADMINS".
class PrincipalResolverTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    logger_ = Logger::ToFile(LogFormat::kJson, LogLevel::kWarn, (dir_.path() / "log").string());
    UserPoolOptions options;
    options.spec.login_with = {LoginAttribute::kEmail};
    options.spec.groups = {"ADMINS", "EDITORS"};
    options.base_url = "http://127.0.0.1:4000";
    options.signing_key_file = dir_.path() / "pool.pem";
    options.outbox_file = dir_.path() / "outbox.jsonl";
    options.hasher = PasswordHasherOptions::ForTest();
    ASSERT_OK_AND_ASSIGN(pool_, UserPool::Open(*db_, options, *logger_, Now()));
    resolver_ = std::make_unique<PrincipalResolver>(
        pool_.get(), [](std::string_view key) -> std::optional<AccessKeyOwner> {
          AccessKeyOwner owner;
          if (key == kAdminKey) {
            owner.credential.secret_access_key = std::string(kAdminSecret);
            return owner;
          }
          if (key == kFunctionKey) {
            owner.credential.secret_access_key = std::string(kFunctionSecret);
            owner.kind = PrincipalKind::kFunction;
            owner.function_name = "process-image";
            return owner;
          }
          return std::nullopt;
        });

    Principal admin;
    admin.kind = PrincipalKind::kAdmin;
    const std::string pool_id = pool_->identity().pool_id;
    ASSERT_OK(AdminCall(
        "AdminCreateUser",
        {{"UserPoolId", pool_id}, {"Username", "ada@example.com"}, {"MessageAction", "SUPPRESS"}}));
    ASSERT_OK(AdminCall("AdminSetUserPassword", {{"UserPoolId", pool_id},
                                                 {"Username", "ada@example.com"},
                                                 {"Password", kPassword},
                                                 {"Permanent", true}}));
    ASSERT_OK(AdminCall(
        "AdminAddUserToGroup",
        {{"UserPoolId", pool_id}, {"Username", "ada@example.com"}, {"GroupName", "ADMINS"}}));
    ASSERT_OK_AND_ASSIGN(
        const nlohmann::json signed_in,
        Call("InitiateAuth",
             {{"ClientId", pool_->identity().client_id},
              {"AuthFlow", "USER_PASSWORD_AUTH"},
              {"AuthParameters", {{"USERNAME", "ada@example.com"}, {"PASSWORD", kPassword}}}},
             Principal{}));
    id_token_ = signed_in["AuthenticationResult"]["IdToken"];
    access_token_ = signed_in["AuthenticationResult"]["AccessToken"];
    ASSERT_OK_AND_ASSIGN(const ApiKeyRecord key, pool_->EnsureApiKey(7, Now()));
    api_key_ = key.key;
  }

  static std::chrono::system_clock::time_point Now() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1793696825));
  }

  Result<nlohmann::json> Call(std::string_view name, const nlohmann::json& body,
                              const Principal& caller) {
    ASSIGN_OR_RETURN(const CognitoRequest request, CognitoRequest::Parse(body.dump()));
    return pool_->Call(name, request, caller, "127.0.0.1", Now());
  }
  Status AdminCall(std::string_view name, const nlohmann::json& body) {
    Principal admin;
    admin.kind = PrincipalKind::kAdmin;
    return Call(name, body, admin).status();
  }

  static http::RequestHead Head() {
    http::RequestHead head;
    head.method = "POST";
    head.target = head.path = "/";
    head.headers.Add("host", "127.0.0.1:4000");
    return head;
  }

  // `head` signed for cognito-idp with the given key pair over `body`.
  static http::RequestHead Signed(std::string_view key, std::string_view secret,
                                  std::string_view body) {
    http::RequestHead head = Head();
    head.headers.Add("x-amz-date", aws::FormatAmzDate(Now()));
    aws::SignV4Params params;
    params.access_key_id = std::string(key);
    params.secret_access_key = std::string(secret);
    params.region = "us-east-1";
    params.service = "cognito-idp";
    params.amz_date = aws::FormatAmzDate(Now());
    params.payload_sha256_hex = aws::Sha256Hex(body);
    Result<std::string> authorization = aws::SignV4(head, params);
    EXPECT_OK(authorization);
    head.headers.Add("authorization", authorization.ok() ? *authorization : "");
    return head;
  }

  Result<Principal> Resolve(const http::RequestHead& head, std::string_view body = "") const {
    PresentedCredentials presented;
    presented.head = &head;
    presented.payload_sha256_hex = aws::Sha256Hex(body);
    return resolver_->Resolve(presented, Now());
  }

  std::unique_ptr<Logger> logger_;
  std::unique_ptr<UserPool> pool_;
  std::unique_ptr<PrincipalResolver> resolver_;
  std::string id_token_;
  std::string access_token_;
  std::string api_key_;
};

TEST_F(PrincipalResolverTest, NothingPresentedIsAGuest) {
  ASSERT_OK_AND_ASSIGN(const Principal principal, Resolve(Head()));
  EXPECT_EQ(principal.kind, PrincipalKind::kGuest);
  EXPECT_EQ(principal.OwnerIdentity(), "");
}

TEST_F(PrincipalResolverTest, IdAndAccessTokensWithOrWithoutBearerAreUsers) {
  for (const std::string& authorization :
       {"Bearer " + id_token_, id_token_, "bearer " + access_token_, access_token_}) {
    http::RequestHead head = Head();
    head.headers.Add("authorization", authorization);
    ASSERT_OK_AND_ASSIGN(const Principal principal, Resolve(head));
    EXPECT_EQ(principal.kind, PrincipalKind::kUser);
    EXPECT_EQ(principal.username, principal.sub);  // Email sign-in: the username is the sub.
    EXPECT_THAT(principal.groups, ElementsAre("ADMINS"));
    EXPECT_TRUE(principal.InGroup("ADMINS"));
    EXPECT_FALSE(principal.InGroup("EDITORS"));
    EXPECT_EQ(principal.OwnerIdentity(), principal.sub + "::" + principal.sub);
    EXPECT_EQ(principal.claims["sub"], principal.sub);
  }
}

TEST_F(PrincipalResolverTest, CachedTokensStillExpire) {
  http::RequestHead head = Head();
  head.headers.Add("authorization", id_token_);
  ASSERT_OK(Resolve(head));  // Verified and cached.
  ASSERT_OK(Resolve(head));  // From the cache.
  PresentedCredentials presented;
  presented.head = &head;
  const auto later = Now() + std::chrono::hours(2);  // Past the 1 h validity.
  EXPECT_THAT(resolver_->Resolve(presented, later).status(),
              StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(PrincipalResolverTest, BadTokensAreErrorsNotGuests) {
  std::string tampered = id_token_;
  tampered[tampered.find('.') + 5] ^= 1;
  for (const std::string& token : {std::string("Bearer "), std::string("Bearer x.y.z"), tampered}) {
    http::RequestHead head = Head();
    head.headers.Add("authorization", token);
    const Status status = Resolve(head).status();
    EXPECT_THAT(status, StatusIs(StatusCode::kUnauthenticated)) << token;
    EXPECT_THAT(status.message(), StartsWith("InvalidUserToken: "));
  }
}

TEST_F(PrincipalResolverTest, ApiKeysResolveUnlessUnknown) {
  http::RequestHead head = Head();
  head.headers.Add("x-api-key", api_key_);
  ASSERT_OK_AND_ASSIGN(const Principal principal, Resolve(head));
  EXPECT_EQ(principal.kind, PrincipalKind::kApiKey);
  EXPECT_FALSE(principal.api_key_id.empty());
  EXPECT_NE(principal.api_key_id, api_key_);

  http::RequestHead unknown = Head();
  unknown.headers.Add("x-api-key", "da2-unknown");
  EXPECT_THAT(Resolve(unknown).status().message(), StartsWith("InvalidApiKey: "));
}

TEST_F(PrincipalResolverTest, AuthorizationWinsOverApiKey) {
  http::RequestHead head = Head();
  head.headers.Add("x-api-key", api_key_);
  head.headers.Add("authorization", id_token_);
  ASSERT_OK_AND_ASSIGN(const Principal principal, Resolve(head));
  EXPECT_EQ(principal.kind, PrincipalKind::kUser);
}

TEST_F(PrincipalResolverTest, SigV4NamesTheAdminOrTheFunction) {
  const std::string body = R"({"UserPoolId":"x"})";
  ASSERT_OK_AND_ASSIGN(const Principal admin, Resolve(Signed(kAdminKey, kAdminSecret, body), body));
  EXPECT_EQ(admin.kind, PrincipalKind::kAdmin);
  EXPECT_EQ(admin.access_key_id, kAdminKey);
  ASSERT_OK_AND_ASSIGN(const Principal function,
                       Resolve(Signed(kFunctionKey, kFunctionSecret, body), body));
  EXPECT_EQ(function.kind, PrincipalKind::kFunction);
  EXPECT_EQ(function.function_name, "process-image");
  EXPECT_EQ(PrincipalKindName(function.kind), "function");
}

TEST_F(PrincipalResolverTest, SigV4FailuresKeepTheirAwsCodes) {
  const std::string body = "{}";
  EXPECT_THAT(Resolve(Signed(kAdminKey, kFunctionSecret, body), body).status().message(),
              StartsWith("SignatureDoesNotMatch"));
  EXPECT_THAT(Resolve(Signed(kAdminKey, kAdminSecret, body), "{\"changed\":1}").status().message(),
              StartsWith("SignatureDoesNotMatch"));
  EXPECT_THAT(Resolve(Signed("AKIANOBODY0000000000", kAdminSecret, body), body).status().message(),
              StartsWith("InvalidAccessKeyId"));
}

TEST_F(PrincipalResolverTest, AdminOperationsNeedAnAdminCaller) {
  const nlohmann::json body = {{"UserPoolId", pool_->identity().pool_id},
                               {"Username", "ada@example.com"}};
  EXPECT_THAT(Call("AdminGetUser", body, Principal{}).status().message(),
              StartsWith("MissingAuthenticationTokenException: "));
  http::RequestHead head = Head();
  head.headers.Add("authorization", id_token_);
  ASSERT_OK_AND_ASSIGN(const Principal user, Resolve(head));
  EXPECT_THAT(Call("ListUsers", body, user).status().message(),
              StartsWith("MissingAuthenticationTokenException: "));
  ASSERT_OK_AND_ASSIGN(const Principal function,
                       Resolve(Signed(kFunctionKey, kFunctionSecret, "{}"), "{}"));
  const Status denied = Call("AdminGetUser", body, function).status();
  EXPECT_THAT(denied, StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(denied.message(), HasSubstr("not authorized to perform: cognito-idp:AdminGetUser"));
  Principal admin;
  admin.kind = PrincipalKind::kAdmin;
  ASSERT_OK_AND_ASSIGN(const nlohmann::json fetched, Call("AdminGetUser", body, admin));
  EXPECT_EQ(fetched["UserStatus"], "CONFIRMED");
}

TEST_F(PrincipalResolverTest, WithoutAUserPoolTokensAndKeysAreRejected) {
  const PrincipalResolver bare(nullptr, AccessKeyLookup());
  http::RequestHead head = Head();
  head.headers.Add("authorization", id_token_);
  PresentedCredentials presented;
  presented.head = &head;
  EXPECT_THAT(bare.Resolve(presented, Now()).status().message(), StartsWith("InvalidUserToken"));
  const http::RequestHead signed_head = Signed(kAdminKey, kAdminSecret, "");
  presented.head = &signed_head;
  presented.payload_sha256_hex = aws::Sha256Hex("");
  EXPECT_THAT(bare.Resolve(presented, Now()).status().message(), StartsWith("InvalidAccessKeyId"));
}

}  // namespace
}  // namespace gloss::auth
