#include "auth/principal_resolver.h"

#include <chrono>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/identity_pool.h"
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

// The identity pool on the same database: GetId / GetCredentialsForIdentity
// as amplify-js calls them, then requests signed with those credentials.
class IdentityPoolTest : public PrincipalResolverTest {
 protected:
  void SetUp() override {
    PrincipalResolverTest::SetUp();
    ASSERT_OK_AND_ASSIGN(identities_, IdentityPool::Open(*db_, *pool_, "us-east-1", Now()));
    resolver_ = std::make_unique<PrincipalResolver>(
        pool_.get(),
        [this](std::string_view key) -> std::optional<AccessKeyOwner> {
          Result<std::optional<AccessKeyOwner>> found = identities_->FindCredentials(key, Now());
          return found.ok() ? *std::move(found) : std::nullopt;
        },
        [this](std::string_view sub) { return identities_->IdentityIdForUser(sub, Now()); });
  }

  nlohmann::json Logins(const std::string& token) const {
    return {{"cognito-idp.us-east-1.amazonaws.com/" + pool_->identity().pool_id, token}};
  }
  Result<nlohmann::json> IdentityCall(std::string_view operation, const nlohmann::json& body) {
    return identities_->Call(operation, body.dump(), Now());
  }
  // A request signed with temporary credentials, as the SDK signs it.
  http::RequestHead SignedWith(const nlohmann::json& credentials) const {
    http::RequestHead head = Signed(credentials["AccessKeyId"].get<std::string>(),
                                    credentials["SecretKey"].get<std::string>(), "");
    head.headers.Add("x-amz-security-token", credentials["SessionToken"].get<std::string>());
    return head;
  }

  std::unique_ptr<IdentityPool> identities_;
};

TEST_F(IdentityPoolTest, SignedInUsersGetOneIdentityAndCredentialsThatSignAsThem) {
  EXPECT_THAT(identities_->pool_id(), StartsWith("us-east-1:"));
  ASSERT_OK_AND_ASSIGN(const nlohmann::json first,
                       IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()},
                                              {"Logins", Logins(id_token_)}}));
  ASSERT_OK_AND_ASSIGN(const nlohmann::json again,
                       IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()},
                                              {"Logins", Logins(id_token_)}}));
  const std::string identity_id = first["IdentityId"];
  EXPECT_EQ(again["IdentityId"], identity_id);

  ASSERT_OK_AND_ASSIGN(const nlohmann::json issued,
                       IdentityCall("GetCredentialsForIdentity",
                                    {{"IdentityId", identity_id}, {"Logins", Logins(id_token_)}}));
  const nlohmann::json& credentials = issued["Credentials"];
  EXPECT_THAT(credentials["AccessKeyId"].get<std::string>(), StartsWith("ASIA"));
  EXPECT_DOUBLE_EQ(
      credentials["Expiration"].get<double>(),
      std::chrono::duration<double>((Now() + std::chrono::hours(1)).time_since_epoch()).count());

  // The user's token, checked again by the resolver, names the same identity.
  http::RequestHead head = SignedWith(credentials);
  ASSERT_OK_AND_ASSIGN(const Principal signer, Resolve(head));
  EXPECT_EQ(signer.kind, PrincipalKind::kUser);
  EXPECT_EQ(signer.identity_id, identity_id);
  EXPECT_THAT(signer.groups, ElementsAre("ADMINS"));
  http::RequestHead bearer = Head();
  bearer.headers.Add("authorization", id_token_);
  ASSERT_OK_AND_ASSIGN(const Principal by_token, Resolve(bearer));
  EXPECT_EQ(by_token.identity_id, identity_id);

  // Without the session token the signature is not enough.
  http::RequestHead no_token = Signed(credentials["AccessKeyId"].get<std::string>(),
                                      credentials["SecretKey"].get<std::string>(), "");
  EXPECT_FALSE(Resolve(no_token).ok());
}

TEST_F(IdentityPoolTest, GuestsGetTheirOwnIdentityAndGuestCredentials) {
  ASSERT_OK_AND_ASSIGN(const nlohmann::json guest,
                       IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()}}));
  ASSERT_OK_AND_ASSIGN(const nlohmann::json other,
                       IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()}}));
  EXPECT_NE(guest["IdentityId"], other["IdentityId"]);
  ASSERT_OK_AND_ASSIGN(
      const nlohmann::json issued,
      IdentityCall("GetCredentialsForIdentity", {{"IdentityId", guest["IdentityId"]}}));
  ASSERT_OK_AND_ASSIGN(const Principal signer, Resolve(SignedWith(issued["Credentials"])));
  EXPECT_EQ(signer.kind, PrincipalKind::kGuest);
  EXPECT_EQ(signer.identity_id, guest["IdentityId"]);
}

// A Status or Result with `code` whose message starts with `prefix`.
MATCHER_P2(ErrorIs, code, prefix, "fails with " + std::string(prefix)) {
  const Status status = ::gloss::testing::GetStatus(arg);
  return status.code() == code && status.message().starts_with(prefix);
}

TEST_F(IdentityPoolTest, RefusesWhatCognitoRefuses) {
  EXPECT_THAT(IdentityCall("GetId", {{"IdentityPoolId", "us-east-1:nope"}}),
              ErrorIs(StatusCode::kNotFound, "ResourceNotFoundException"));
  EXPECT_THAT(IdentityCall("GetId", nlohmann::json::object()),
              ErrorIs(StatusCode::kInvalidArgument, "InvalidParameterException"));
  // An access token is no login; nor is a token of another provider.
  EXPECT_THAT(IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()},
                                     {"Logins", Logins(access_token_)}}),
              ErrorIs(StatusCode::kUnauthenticated, "NotAuthorizedException"));
  EXPECT_THAT(IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()},
                                     {"Logins", {{"accounts.google.com", id_token_}}}}),
              ErrorIs(StatusCode::kUnauthenticated, "NotAuthorizedException"));
  // A user's identity needs that user's login.
  ASSERT_OK_AND_ASSIGN(const nlohmann::json user,
                       IdentityCall("GetId", {{"IdentityPoolId", identities_->pool_id()},
                                              {"Logins", Logins(id_token_)}}));
  EXPECT_THAT(IdentityCall("GetCredentialsForIdentity", {{"IdentityId", user["IdentityId"]}}),
              ErrorIs(StatusCode::kUnauthenticated, "NotAuthorizedException"));
  EXPECT_THAT(IdentityCall("GetCredentialsForIdentity", {{"IdentityId", "us-east-1:unknown"}}),
              ErrorIs(StatusCode::kNotFound, "ResourceNotFoundException"));
  EXPECT_THAT(IdentityCall("GetOpenIdToken", nlohmann::json::object()),
              StatusIs(StatusCode::kUnimplemented));
  // Credentials end with their hour.
  ASSERT_OK_AND_ASSIGN(
      const nlohmann::json issued,
      IdentityCall("GetCredentialsForIdentity",
                   {{"IdentityId", user["IdentityId"]}, {"Logins", Logins(id_token_)}}));
  ASSERT_OK_AND_ASSIGN(
      const std::optional<AccessKeyOwner> later,
      identities_->FindCredentials(issued["Credentials"]["AccessKeyId"].get<std::string>(),
                                   Now() + std::chrono::hours(1)));
  EXPECT_FALSE(later.has_value());
}

}  // namespace
}  // namespace gloss::auth
