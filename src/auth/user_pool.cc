#include "auth/user_pool.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include "auth/internal/cognito_status.h"
#include "auth/jwt.h"
#include "auth/password_policy.h"
#include "auth/srp.h"
#include "core/assert.h"
#include "core/base64.h"
#include "core/hex.h"
#include "core/random.h"

namespace gloss::auth {
namespace {

using std::chrono::hours;

constexpr hours kCodeValidity{24};
constexpr std::chrono::minutes kSrpSessionValidity{3};
constexpr std::chrono::minutes kSrpClockSkew{5};
constexpr std::chrono::minutes kPurgeInterval{10};
constexpr size_t kSecretBlockBytes = 64;
constexpr size_t kMaxFakeSrpSessions = 10000;
constexpr const char* kIncorrectCredentials = "Incorrect username or password.";

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const unsigned char* ok =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  GLOSS_CHECK(ok != nullptr);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

std::string RandomBytes(size_t count) {
  std::string alphabet(256, '\0');
  for (size_t i = 0; i < alphabet.size(); ++i) {
    alphabet[i] = static_cast<char>(i);
  }
  return RandomString(count, alphabet);
}

// Parses the SRP clients' TIMESTAMP, "Tue Nov 3 09:07:05 UTC 2026" (UTC).
std::optional<std::chrono::system_clock::time_point> ParseSrpTimestamp(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) {
      fields.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  if (fields.size() != 6 || fields[4] != "UTC" || fields[3].size() != 8 || fields[3][2] != ':' ||
      fields[3][5] != ':') {
    return std::nullopt;
  }
  constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = -1;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (fields[1] == kMonths[i]) {
      month = static_cast<int>(i);
    }
  }
  auto number = [](std::string_view digits, int& out) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return error == std::errc() && end == digits.data() + digits.size();
  };
  std::tm utc{};
  if (month < 0 || !number(fields[2], utc.tm_mday) ||
      !number(fields[3].substr(0, 2), utc.tm_hour) || !number(fields[3].substr(3, 2), utc.tm_min) ||
      !number(fields[3].substr(6, 2), utc.tm_sec) || !number(fields[5], utc.tm_year)) {
    return std::nullopt;
  }
  if (utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 ||
      utc.tm_sec > 60 || utc.tm_year < 1970 || utc.tm_year > 9999) {
    return std::nullopt;
  }
  utc.tm_mon = month;
  utc.tm_year -= 1900;
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

// "u***@e***", as Cognito masks a delivery destination.
std::string MaskEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) {
    return "***";
  }
  return std::string(1, email[0]) + "***@" + std::string(1, email[at + 1]) + "***";
}

// The attributes an ID token carries, typed as Cognito types them.
nlohmann::json TokenAttributes(const UserRecord& user) {
  nlohmann::json attributes = nlohmann::json::object();
  for (const auto& [name, value] : user.attributes) {
    if (name == "email_verified" || name == "phone_number_verified") {
      attributes[name] = value == "true";
    } else {
      attributes[name] = value;
    }
  }
  return attributes;
}

}  // namespace

UserPool::UserPool(const UserPoolOptions& options, Logger& logger, std::unique_ptr<UserStore> store,
                   PasswordHasher hasher, SigningKeyPtr key, PoolIdentity identity,
                   std::string fake_secret)
    : options_(options),
      logger_(logger),
      store_(std::move(store)),
      hasher_(std::move(hasher)),
      key_(std::move(key)),
      identity_(std::move(identity)),
      issuer_(options.base_url + "/" + identity_.pool_id),
      fake_secret_(std::move(fake_secret)) {}

Result<std::unique_ptr<UserPool>> UserPool::Open(db::Database& database,
                                                 const UserPoolOptions& options, Logger& logger,
                                                 TimePoint now) {
  ASSIGN_OR_RETURN(std::unique_ptr<UserStore> store, UserStore::Open(database));
  ASSIGN_OR_RETURN(PoolIdentity identity, store->EnsurePool(options.region, now));
  RETURN_IF_ERROR(store->SyncGroups(options.spec.groups));
  ASSIGN_OR_RETURN(PasswordHasher hasher, PasswordHasher::Create(options.hasher));
  ASSIGN_OR_RETURN(SigningKeyPtr key, SigningKey::LoadOrCreate(options.signing_key_file));
  // The fake-SRP secret: stable across restarts, secret as the signing key is.
  std::ifstream key_file(options.signing_key_file, std::ios::binary);
  const std::string key_text((std::istreambuf_iterator<char>(key_file)),
                             std::istreambuf_iterator<char>());
  if (key_text.empty()) {
    return Status::Unavailable("cannot read " + options.signing_key_file.string());
  }
  std::string fake_secret = HmacSha256(key_text, "gloss fake SRP verifier " + identity.pool_id);
  return std::unique_ptr<UserPool>(new UserPool(options, logger, std::move(store),
                                                std::move(hasher), std::move(key),
                                                std::move(identity), std::move(fake_secret)));
}

nlohmann::json UserPool::Jwks() const {
  const SigningKey* keys[] = {key_.get()};
  return auth::Jwks(keys);
}

bool UserPool::EmailLogin() const {
  return !options_.spec.login_with.empty() &&
         options_.spec.login_with.front() == LoginAttribute::kEmail;
}

Result<ApiKeyRecord> UserPool::EnsureApiKey(int expires_in_days, TimePoint now) {
  return store_->EnsureApiKey(expires_in_days, now);
}

Result<std::optional<ApiKeyRecord>> UserPool::FindApiKey(std::string_view key,
                                                         TimePoint now) const {
  return store_->FindApiKey(key, now);
}

Result<VerifiedJwt> UserPool::VerifyUserToken(std::string_view token, TimePoint now) const {
  return VerifyToken(token, "", now);
}

Result<VerifiedJwt> UserPool::VerifyToken(std::string_view token, std::string_view token_use,
                                          TimePoint now) const {
  VerifyOptions options;
  options.now = now;
  options.issuer = issuer_;
  options.token_use = std::string(token_use);
  options.client_id = identity_.client_id;
  const SigningKey* key = key_.get();
  return VerifyJwt(
      token, [key](std::string_view kid) { return kid == key->kid() ? key : nullptr; }, options);
}

void UserPool::PurgeExpiredIfDue(TimePoint now) {
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  int64_t due = next_purge_ms_.load();
  const int64_t next = now_ms + std::chrono::milliseconds(kPurgeInterval).count();
  if (now_ms < due || !next_purge_ms_.compare_exchange_strong(due, next)) {
    return;  // Not due, or another thread took this round.
  }
  if (Result<int64_t> purged = store_->PurgeExpired(now); !purged.ok()) {
    logger_.Warn("auth", "cannot purge expired user pool rows",
                 {{"error", purged.status().ToString()}});
  }
}

bool UserPool::IsAdminOperation(std::string_view name) {
  return name.starts_with("Admin") || name == "ListUsers" || name == "ListGroups";
}

Result<nlohmann::json> UserPool::Call(std::string_view name, const CognitoRequest& request,
                                      const Principal& caller, std::string_view remote_address,
                                      TimePoint now) {
  PurgeExpiredIfDue(now);
  if (IsAdminOperation(name)) {
    switch (caller.kind) {
      case PrincipalKind::kAdmin: return CallAdmin(name, request, now);
      case PrincipalKind::kFunction:
        // Functions get Cognito admin actions through IAM policies (issue 6).
        return Status::PermissionDenied(
            "AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/" +
            caller.function_name + " is not authorized to perform: cognito-idp:" +
            std::string(name) + " on resource: arn:aws:cognito-idp:" + options_.region +
            ":000000000000:userpool/" + identity_.pool_id);
      case PrincipalKind::kGuest:
      case PrincipalKind::kUser:
      case PrincipalKind::kApiKey: break;
    }
    return Status::Unauthenticated(
        "MissingAuthenticationTokenException: Missing Authentication "
        "Token (sign admin calls with SigV4, service cognito-idp)");
  }
  if (name == "SignUp") {
    return SignUp(request, now);
  }
  if (name == "ConfirmSignUp") {
    return ConfirmSignUp(request, now);
  }
  if (name == "ResendConfirmationCode") {
    return ResendConfirmationCode(request, now);
  }
  if (name == "InitiateAuth") {
    return InitiateAuth(request, remote_address, now);
  }
  if (name == "RespondToAuthChallenge") {
    return RespondToAuthChallenge(request, remote_address, now);
  }
  if (name == "GetUser") {
    return GetUser(request, now);
  }
  if (name == "ChangePassword") {
    return ChangePassword(request, now);
  }
  if (name == "ForgotPassword") {
    return ForgotPassword(request, now);
  }
  if (name == "ConfirmForgotPassword") {
    return ConfirmForgotPassword(request, now);
  }
  if (name == "UpdateUserAttributes") {
    return UpdateUserAttributes(request, now);
  }
  if (name == "GlobalSignOut") {
    return GlobalSignOut(request, now);
  }
  if (name == "RevokeToken") {
    return RevokeToken(request, now);
  }
  if (name == "GetUserAttributeVerificationCode") {
    return GetUserAttributeVerificationCode(request, now);
  }
  if (name == "VerifyUserAttribute") {
    return VerifyUserAttribute(request, now);
  }
  return Status::Unimplemented("the user pool does not implement " + std::string(name) + " yet");
}

Status UserPool::CheckClientId(const CognitoRequest& request) const {
  ASSIGN_MEMBER_OR_RETURN(const std::string client_id, request.RequiredString("ClientId", 1, 128));
  if (client_id != identity_.client_id) {
    return CognitoError(kResourceNotFoundException,
                        "User pool client " + client_id + " does not exist.");
  }
  return Status::Ok();
}

Result<UserRecord> UserPool::FindUser(std::string_view username) const {
  Result<UserRecord> user = store_->FindByUsernameOrAlias(username);
  if (!user.ok() && user.status().code() == StatusCode::kNotFound) {
    return CognitoError(kUserNotFoundException, "Username/client id combination not found.");
  }
  return user;
}

Result<nlohmann::json> UserPool::SendCode(const UserRecord& user, std::string_view username,
                                          CodeKind code_kind, std::string_view kind,
                                          TimePoint now) {
  ASSIGN_OR_RETURN(const std::string code,
                   store_->IssueCode(user.sub, code_kind, now, kCodeValidity));
  const auto email = user.attributes.find("email");
  const std::string destination = email != user.attributes.end() ? email->second : "";
  const nlohmann::json line = {{"time", IsoTime(now)},
                               {"username", username},
                               {"code", code},
                               {"kind", kind},
                               {"destination", destination}};
  RETURN_IF_ERROR(AppendOutbox(line));
  logger_.Info("auth", "confirmation code (sandbox outbox)",
               {{"username", username}, {"kind", kind}, {"code", code}});
  return nlohmann::json{{"Destination", MaskEmail(destination)},
                        {"DeliveryMedium", "EMAIL"},
                        {"AttributeName", "email"}};
}

Status UserPool::AppendOutbox(const nlohmann::json& line) {
  std::lock_guard lock(outbox_mutex_);
  const std::string text = line.dump() + "\n";
  const int fd =
      ::open(options_.outbox_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const bool written =
      fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (fd >= 0) {
    ::close(fd);
  }
  if (!written) {
    return Status::Unavailable("cannot append to " + options_.outbox_file.string());
  }
  return Status::Ok();
}

Result<NewUser> UserPool::NewUserFor(std::string_view username, Attributes attributes,
                                     UserStatus status) const {
  NewUser user;
  if (EmailLogin()) {
    // Email sign-in (Amplify's default): the Username is the email address
    // and the internal username is the sub (left empty for the store).
    if (username.find('@') == std::string_view::npos) {
      return CognitoError(kInvalidParameterException, "Username should be an email.");
    }
    attributes["email"] = std::string(username);
  } else {
    user.username = std::string(username);
  }
  user.attributes = std::move(attributes);
  user.status = status;
  return user;
}

Status UserPool::UsernameExists(std::string_view username_message) const {
  return CognitoError(
      kUsernameExistsException,
      EmailLogin() ? "An account with the given email already exists." : username_message);
}

Result<UserRecord> UserPool::CreateUserWithPassword(NewUser user, std::string_view password,
                                                    TimePoint now) {
  ASSIGN_OR_RETURN(user.password_hash, hasher_.Hash(password));
  ASSIGN_OR_RETURN(UserRecord created, store_->CreateUser(user, now));
  // The SRP verifier hashes the internal username, known only once created.
  ASSIGN_OR_RETURN(const SrpVerifier verifier,
                   MakeVerifier(PoolShort(), created.username, password));
  created.srp_salt_hex = HexEncode(verifier.salt);
  created.srp_verifier_hex = HexEncode(verifier.verifier);
  RETURN_IF_ERROR(store_->UpdatePassword(created.sub, created.password_hash, created.srp_salt_hex,
                                         created.srp_verifier_hex, now));
  return created;
}

Result<nlohmann::json> UserPool::SignUp(const CognitoRequest& request, TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_MEMBER_OR_RETURN(const std::string password, request.RequiredString("Password", 1, 256));
  ASSIGN_MEMBER_OR_RETURN(const std::vector<UserAttribute> given,
                          request.Attributes("UserAttributes"));

  Attributes attributes;
  for (const UserAttribute& attribute : given) {
    if (attribute.name == "sub" || attribute.name == "email_verified") {
      return CognitoError(kInvalidParameterException,
                          "Cannot modify the non-mutable attribute " + attribute.name);
    }
    attributes[attribute.name] = attribute.value;
  }
  attributes["email_verified"] = "false";
  ASSIGN_OR_RETURN(NewUser user,
                   NewUserFor(username, std::move(attributes), UserStatus::kUnconfirmed));
  if (Status policy = CheckPassword(password, options_.spec.password_policy); !policy.ok()) {
    return PolicyError(policy);
  }
  Result<UserRecord> created = CreateUserWithPassword(std::move(user), password, now);
  if (!created.ok() && created.status().code() == StatusCode::kAlreadyExists) {
    return UsernameExists("User already exists");
  }
  RETURN_IF_ERROR(created.status());
  ASSIGN_OR_RETURN(nlohmann::json delivery,
                   SendCode(*created, username, CodeKind::kSignUp, "signup", now));
  return nlohmann::json{{"UserConfirmed", false},
                        {"UserSub", created->sub},
                        {"CodeDeliveryDetails", std::move(delivery)}};
}

Result<nlohmann::json> UserPool::ConfirmSignUp(const CognitoRequest& request, TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_MEMBER_OR_RETURN(const std::string code,
                          request.RequiredString("ConfirmationCode", 1, 2048));
  ASSIGN_OR_RETURN(const UserRecord user, FindUser(username));
  if (user.status != UserStatus::kUnconfirmed) {
    return CognitoError(kNotAuthorizedException, "User cannot be confirmed. Current status is " +
                                                     std::string(UserStatusName(user.status)));
  }
  RETURN_IF_ERROR(store_->ConsumeCode(user.sub, CodeKind::kSignUp, code, now));
  RETURN_IF_ERROR(store_->UpdateStatus(user.sub, UserStatus::kConfirmed, now));
  Attributes verified = user.attributes;
  verified["email_verified"] = "true";
  RETURN_IF_ERROR(store_->UpdateAttributes(user.sub, verified, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::ResendConfirmationCode(const CognitoRequest& request,
                                                        TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_OR_RETURN(const UserRecord user, FindUser(username));
  if (user.status != UserStatus::kUnconfirmed) {
    return CognitoError(kInvalidParameterException, "User is already confirmed.");
  }
  ASSIGN_OR_RETURN(nlohmann::json delivery,
                   SendCode(user, username, CodeKind::kSignUp, "resend", now));
  return nlohmann::json{{"CodeDeliveryDetails", std::move(delivery)}};
}

Result<nlohmann::json> UserPool::InitiateAuth(const CognitoRequest& request,
                                              std::string_view remote_address, TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string flow, request.RequiredString("AuthFlow", 1, 64));
  ASSIGN_MEMBER_OR_RETURN(const auto parameters, request.StringMap("AuthParameters"));
  if (flow == "USER_PASSWORD_AUTH") {
    return PasswordAuth(parameters, remote_address, now);
  }
  if (flow == "REFRESH_TOKEN_AUTH" || flow == "REFRESH_TOKEN") {
    return RefreshAuth(parameters, now);
  }
  if (flow == "USER_SRP_AUTH") {
    return SrpAuth(parameters, remote_address, now);
  }
  return CognitoError(kInvalidParameterException, "Unsupported AuthFlow " + flow);
}

Result<nlohmann::json> UserPool::PasswordAuth(const std::map<std::string, std::string>& parameters,
                                              std::string_view remote_address, TimePoint now) {
  const auto username = parameters.find("USERNAME");
  const auto password = parameters.find("PASSWORD");
  if (username == parameters.end() || password == parameters.end()) {
    return CognitoError(kInvalidParameterException,
                        "Missing required parameter USERNAME or PASSWORD");
  }
  const std::string user_key = LoginThrottle::UserKey(identity_.pool_id, username->second);
  const std::string address_key = LoginThrottle::AddressKey(remote_address);
  if (!throttle_.Check(user_key, now).ok() || !throttle_.Check(address_key, now).ok()) {
    return CognitoError(kTooManyRequestsException, "Password attempts exceeded");
  }
  Result<UserRecord> user = store_->FindByUsernameOrAlias(username->second);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) {
      return user.status();
    }
    // Same cost and answer as a wrong password: no user enumeration.
    hasher_.DummyVerify(password->second);
    throttle_.RecordFailure(user_key, now);
    throttle_.RecordFailure(address_key, now);
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  if (!hasher_.Verify(user->password_hash, password->second).ok()) {
    throttle_.RecordFailure(user_key, now);
    throttle_.RecordFailure(address_key, now);
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  throttle_.RecordSuccess(user_key, now);
  throttle_.RecordSuccess(address_key, now);
  return CompleteSignIn(*user, now);
}

Result<nlohmann::json> UserPool::RefreshAuth(const std::map<std::string, std::string>& parameters,
                                             TimePoint now) {
  const auto token = parameters.find("REFRESH_TOKEN");
  if (token == parameters.end()) {
    return CognitoError(kInvalidParameterException, "Missing required parameter REFRESH_TOKEN");
  }
  Result<RefreshTokenRecord> record = store_->FindRefreshToken(token->second, now);
  if (!record.ok()) {
    return CognitoError(kNotAuthorizedException, "Invalid Refresh Token");
  }
  ASSIGN_OR_RETURN(const UserRecord user, store_->FindBySub(record->sub));
  if (!user.enabled) {
    return CognitoError(kNotAuthorizedException, "User is disabled.");
  }
  return IssueTokens(user, record->origin_jti, /*with_refresh_token=*/false, record->issued_at,
                     now);
}

Result<nlohmann::json> UserPool::IssueTokens(const UserRecord& user, std::string origin_jti,
                                             bool with_refresh_token, TimePoint auth_time,
                                             TimePoint now) {
  ASSIGN_OR_RETURN(const std::vector<std::string> groups, store_->GroupsOfUser(user.sub));
  TokenClaimsInput input;
  input.issuer = issuer_;
  input.client_id = identity_.client_id;
  input.sub = user.sub;
  input.username = user.username;
  input.groups = groups;
  input.auth_time = auth_time;
  input.issued_at = now;
  input.origin_jti = std::move(origin_jti);

  input.validity = options_.spec.id_token_validity;
  input.jti = RandomUuid();
  ASSIGN_OR_RETURN(const std::string id_token,
                   SignJwt(*key_, IdTokenClaims(input, TokenAttributes(user))));
  input.validity = options_.spec.access_token_validity;
  input.jti = RandomUuid();
  ASSIGN_OR_RETURN(const std::string access_token, SignJwt(*key_, AccessTokenClaims(input)));

  nlohmann::json result = {{"AccessToken", access_token},
                           {"IdToken", id_token},
                           {"TokenType", "Bearer"},
                           {"ExpiresIn", options_.spec.access_token_validity.count()}};
  if (with_refresh_token) {
    ASSIGN_OR_RETURN(result["RefreshToken"],
                     store_->IssueRefreshToken(user.sub, identity_.client_id, input.origin_jti, now,
                                               options_.spec.refresh_token_validity));
  }
  return nlohmann::json{{"ChallengeParameters", nlohmann::json::object()},
                        {"AuthenticationResult", std::move(result)}};
}

std::string UserPool::PoolShort() const {
  return identity_.pool_id.substr(identity_.pool_id.find('_') + 1);
}

Status UserPool::SetPassword(const UserRecord& user, std::string_view password, TimePoint now) {
  ASSIGN_OR_RETURN(const std::string hash, hasher_.Hash(password));
  ASSIGN_OR_RETURN(const SrpVerifier verifier, MakeVerifier(PoolShort(), user.username, password));
  return store_->UpdatePassword(user.sub, hash, HexEncode(verifier.salt),
                                HexEncode(verifier.verifier), now);
}

Result<nlohmann::json> UserPool::SrpAuth(const std::map<std::string, std::string>& parameters,
                                         std::string_view remote_address, TimePoint now) {
  const auto username = parameters.find("USERNAME");
  const auto srp_a = parameters.find("SRP_A");
  if (username == parameters.end() || srp_a == parameters.end()) {
    return CognitoError(kInvalidParameterException, "Missing required parameter USERNAME or SRP_A");
  }
  const std::string user_key = LoginThrottle::UserKey(identity_.pool_id, username->second);
  const std::string address_key = LoginThrottle::AddressKey(remote_address);
  if (!throttle_.Check(user_key, now).ok() || !throttle_.Check(address_key, now).ok()) {
    return CognitoError(kTooManyRequestsException, "Password attempts exceeded");
  }
  Result<UserRecord> user = store_->FindByUsernameOrAlias(username->second);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) {
    return user.status();
  }
  SrpVerifier verifier;
  std::string user_id_for_srp;
  bool real = false;
  if (user.ok()) {
    user_id_for_srp = user->username;
    Result<std::string> salt = HexDecode(user->srp_salt_hex);
    Result<std::string> v = HexDecode(user->srp_verifier_hex);
    if (salt.ok() && v.ok() && !salt->empty() && !v->empty()) {
      verifier.salt = *std::move(salt);
      verifier.verifier = *std::move(v);
      real = true;
    }
  } else {
    // Unknown user: a stable fake so the challenge reveals nothing.
    const std::string seed = HmacSha256(fake_secret_, "user " + username->second);
    user_id_for_srp = EmailLogin() ? FormatUuidV4(seed) : username->second;
  }
  if (!real) {
    const std::string seed = HmacSha256(fake_secret_, "verifier " + user_id_for_srp);
    verifier = MakeVerifierWithSalt(PoolShort(), user_id_for_srp, HexEncode(seed),
                                    seed.substr(0, kSrpSaltBytes));
  }
  Result<ServerSession> session = StartSession(verifier, srp_a->second);
  if (!session.ok()) {
    return CognitoError(kInvalidParameterException,
                        "Invalid SRP_A: " + std::string(session.status().message()));
  }
  const std::string secret_block = Base64Encode(RandomBytes(kSecretBlockBytes));
  const nlohmann::json state = {{"srp", session->Serialize()},
                                {"secret_block", secret_block},
                                {"username", username->second}};
  std::string session_id;
  if (user.ok()) {
    ASSIGN_OR_RETURN(session_id,
                     store_->SaveSrpSession(user->sub, state.dump(), now, kSrpSessionValidity));
  } else {
    session_id = RandomString(UserStore::kSrpSessionIdChars, kBase62);
    std::lock_guard lock(fake_sessions_mutex_);
    if (fake_sessions_.size() >= kMaxFakeSrpSessions) {
      std::erase_if(fake_sessions_,
                    [now](const auto& entry) { return entry.second.expires_at <= now; });
    }
    if (fake_sessions_.size() >= kMaxFakeSrpSessions) {
      fake_sessions_.erase(fake_sessions_.begin());
    }
    fake_sessions_[session_id] = {username->second, now + kSrpSessionValidity};
  }
  return nlohmann::json{{"ChallengeName", "PASSWORD_VERIFIER"},
                        {"Session", session_id},
                        {"ChallengeParameters",
                         {{"SALT", session->salt_hex},
                          {"SRP_B", session->srp_b_hex},
                          {"SECRET_BLOCK", secret_block},
                          {"USERNAME", user_id_for_srp},
                          {"USER_ID_FOR_SRP", user_id_for_srp}}}};
}

Result<nlohmann::json> UserPool::RespondToAuthChallenge(const CognitoRequest& request,
                                                        std::string_view remote_address,
                                                        TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string challenge,
                          request.RequiredString("ChallengeName", 1, 64));
  ASSIGN_MEMBER_OR_RETURN(const auto responses, request.StringMap("ChallengeResponses"));
  ASSIGN_MEMBER_OR_RETURN(const std::string session_id,
                          request.RequiredString("Session", 20, 2048));
  if (challenge == "NEW_PASSWORD_REQUIRED") {
    return NewPasswordChallenge(responses, session_id, now);
  }
  if (challenge != "PASSWORD_VERIFIER") {
    return CognitoError(kInvalidParameterException, "Unsupported ChallengeName " + challenge);
  }
  auto response = [&responses](const char* name) -> const std::string* {
    const auto it = responses.find(name);
    return it == responses.end() ? nullptr : &it->second;
  };
  const std::string* secret_block = response("PASSWORD_CLAIM_SECRET_BLOCK");
  const std::string* signature = response("PASSWORD_CLAIM_SIGNATURE");
  const std::string* timestamp = response("TIMESTAMP");
  if (response("USERNAME") == nullptr || secret_block == nullptr || signature == nullptr ||
      timestamp == nullptr) {
    return CognitoError(kInvalidParameterException,
                        "Missing required parameter USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, "
                        "PASSWORD_CLAIM_SIGNATURE or TIMESTAMP");
  }
  const std::string address_key = LoginThrottle::AddressKey(remote_address);
  if (!throttle_.Check(address_key, now).ok()) {
    return CognitoError(kTooManyRequestsException, "Password attempts exceeded");
  }
  Result<SrpSessionRecord> record = store_->TakeSrpSession(session_id, now);
  if (!record.ok()) {
    if (record.status().code() != StatusCode::kUnauthenticated) {
      return record.status();
    }
    throttle_.RecordFailure(address_key, now);
    std::lock_guard lock(fake_sessions_mutex_);
    const auto fake = fake_sessions_.find(session_id);
    if (fake != fake_sessions_.end()) {
      if (fake->second.expires_at > now) {
        throttle_.RecordFailure(LoginThrottle::UserKey(identity_.pool_id, fake->second.username),
                                now);
      }
      fake_sessions_.erase(fake);
    }
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  const nlohmann::json state =
      nlohmann::json::parse(record->state, nullptr, /*allow_exceptions=*/false);
  if (!state.is_object()) {
    return Status::Corruption("malformed SRP session state");
  }
  if (!state.value("srp", nlohmann::json()).is_string() ||
      !state.value("secret_block", nlohmann::json()).is_string() ||
      !state.value("username", nlohmann::json()).is_string()) {
    // A session of another challenge (NEW_PASSWORD_REQUIRED) answered as this one.
    throttle_.RecordFailure(address_key, now);
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  const std::string user_key =
      LoginThrottle::UserKey(identity_.pool_id, state["username"].get<std::string>());
  if (!throttle_.Check(user_key, now).ok()) {
    return CognitoError(kTooManyRequestsException, "Password attempts exceeded");
  }
  ASSIGN_OR_RETURN(const ServerSession session,
                   ServerSession::Parse(state["srp"].get<std::string>()));
  ASSIGN_OR_RETURN(const UserRecord user, store_->FindBySub(record->sub));
  const std::optional<TimePoint> claimed_at = ParseSrpTimestamp(*timestamp);
  const bool verified = *secret_block == state["secret_block"].get<std::string>() &&
                        claimed_at.has_value() && *claimed_at <= now + kSrpClockSkew &&
                        *claimed_at >= now - kSrpClockSkew &&
                        VerifyPasswordClaim(session, PoolShort(), user.username, *secret_block,
                                            *timestamp, *signature)
                            .ok();
  if (!verified) {
    throttle_.RecordFailure(user_key, now);
    throttle_.RecordFailure(address_key, now);
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  throttle_.RecordSuccess(user_key, now);
  throttle_.RecordSuccess(address_key, now);
  return CompleteSignIn(user, now);
}

Result<nlohmann::json> UserPool::NewPasswordChallenge(
    const std::map<std::string, std::string>& responses, std::string_view session_id,
    TimePoint now) {
  const auto password = responses.find("NEW_PASSWORD");
  if (password == responses.end() || responses.find("USERNAME") == responses.end()) {
    return CognitoError(kInvalidParameterException,
                        "Missing required parameter USERNAME or NEW_PASSWORD");
  }
  // Checked before the session is used up, so a weak password can be retried.
  if (Status policy = CheckPassword(password->second, options_.spec.password_policy);
      !policy.ok()) {
    return PolicyError(policy);
  }
  Attributes changes;
  constexpr std::string_view kAttributePrefix = "userAttributes.";
  for (const auto& [name, value] : responses) {
    if (name.starts_with(kAttributePrefix)) {
      const std::string attribute = name.substr(kAttributePrefix.size());
      if (attribute == "sub" || attribute == "email_verified" ||
          attribute == "phone_number_verified") {
        return CognitoError(kNotAuthorizedException,
                            "Cannot modify an already provided attribute " + attribute);
      }
      changes[attribute] = value;
    }
  }
  Result<SrpSessionRecord> record = store_->TakeSrpSession(session_id, now);
  if (!record.ok()) {
    return record.status().code() == StatusCode::kUnauthenticated
               ? CognitoError(kNotAuthorizedException,
                              "Invalid session for the user, session is expired.")
               : record.status();
  }
  const nlohmann::json state =
      nlohmann::json::parse(record->state, nullptr, /*allow_exceptions=*/false);
  ASSIGN_OR_RETURN(const UserRecord user, store_->FindBySub(record->sub));
  if (!state.is_object() || state.value("challenge", "") != "NEW_PASSWORD_REQUIRED" ||
      user.status != UserStatus::kForceChangePassword) {
    return CognitoError(kNotAuthorizedException, "Invalid session for the user.");
  }
  if (!changes.empty()) {
    RETURN_IF_ERROR(store_->UpdateAttributes(user.sub, changes, now));
  }
  RETURN_IF_ERROR(SetPassword(user, password->second, now));
  RETURN_IF_ERROR(store_->UpdateStatus(user.sub, UserStatus::kConfirmed, now));
  ASSIGN_OR_RETURN(const UserRecord confirmed, store_->FindBySub(user.sub));
  return CompleteSignIn(confirmed, now);
}

Result<nlohmann::json> UserPool::CompleteSignIn(const UserRecord& user, TimePoint now) {
  if (!user.enabled) {
    return CognitoError(kNotAuthorizedException, "User is disabled.");
  }
  switch (user.status) {
    case UserStatus::kUnconfirmed:
      return CognitoError("UserNotConfirmedException", "User is not confirmed.");
    case UserStatus::kResetRequired:
      return CognitoError("PasswordResetRequiredException", "Password reset required for the user");
    case UserStatus::kForceChangePassword: {
      const nlohmann::json state = {{"challenge", "NEW_PASSWORD_REQUIRED"}};
      ASSIGN_OR_RETURN(const std::string session_id,
                       store_->SaveSrpSession(user.sub, state.dump(), now, kSrpSessionValidity));
      nlohmann::json attributes = nlohmann::json::object();
      for (const auto& [name, value] : user.attributes) {
        attributes[name] = value;
      }
      return nlohmann::json{{"ChallengeName", "NEW_PASSWORD_REQUIRED"},
                            {"Session", session_id},
                            {"ChallengeParameters",
                             {{"USER_ID_FOR_SRP", user.username},
                              {"requiredAttributes", "[]"},
                              {"userAttributes", attributes.dump()}}}};
    }
    case UserStatus::kConfirmed: break;
  }
  return IssueTokens(user, RandomUuid(), /*with_refresh_token=*/true, now, now);
}

Result<UserRecord> UserPool::AuthorizedUser(const CognitoRequest& request, TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::string access_token,
                          request.RequiredString("AccessToken", 1, kMaxJwtBytes));
  Result<VerifiedJwt> token = VerifyToken(access_token, "access", now);
  if (!token.ok()) {
    return CognitoError(kNotAuthorizedException, "Invalid Access Token");
  }
  Result<UserRecord> user = store_->FindBySub(token->sub());
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound
               ? CognitoError(kUserNotFoundException, "User does not exist.")
               : user.status();
  }
  const auto issued_at = token->claims.find("iat");
  if (user->signed_out_at && issued_at != token->claims.end() && issued_at->is_number() &&
      std::chrono::system_clock::from_time_t(issued_at->get<std::time_t>()) <=
          *user->signed_out_at) {
    return CognitoError(kNotAuthorizedException, "Access Token has been revoked");
  }
  return user;
}

Result<nlohmann::json> UserPool::GetUser(const CognitoRequest& request, TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  return nlohmann::json{{"Username", user.username}, {"UserAttributes", AttributeList(user)}};
}

Result<nlohmann::json> UserPool::ChangePassword(const CognitoRequest& request, TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  ASSIGN_MEMBER_OR_RETURN(const std::string previous,
                          request.RequiredString("PreviousPassword", 1, 256));
  ASSIGN_MEMBER_OR_RETURN(const std::string proposed,
                          request.RequiredString("ProposedPassword", 1, 256));
  const std::string user_key = LoginThrottle::UserKey(identity_.pool_id, user.username);
  if (!throttle_.Check(user_key, now).ok()) {
    return CognitoError(kTooManyRequestsException, "Password attempts exceeded");
  }
  if (!hasher_.Verify(user.password_hash, previous).ok()) {
    throttle_.RecordFailure(user_key, now);
    return CognitoError(kNotAuthorizedException, kIncorrectCredentials);
  }
  throttle_.RecordSuccess(user_key, now);
  if (Status policy = CheckPassword(proposed, options_.spec.password_policy); !policy.ok()) {
    return PolicyError(policy);
  }
  RETURN_IF_ERROR(SetPassword(user, proposed, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::ForgotPassword(const CognitoRequest& request, TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_OR_RETURN(const UserRecord user, FindUser(username));
  const auto verified = user.attributes.find("email_verified");
  if (user.attributes.find("email") == user.attributes.end() || verified == user.attributes.end() ||
      verified->second != "true") {
    return CognitoError(
        kInvalidParameterException,
        "Cannot reset password for the user as there is no registered/verified email "
        "or phone_number");
  }
  ASSIGN_OR_RETURN(nlohmann::json delivery,
                   SendCode(user, username, CodeKind::kForgotPassword, "forgot", now));
  return nlohmann::json{{"CodeDeliveryDetails", std::move(delivery)}};
}

Result<nlohmann::json> UserPool::ConfirmForgotPassword(const CognitoRequest& request,
                                                       TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_MEMBER_OR_RETURN(const std::string code,
                          request.RequiredString("ConfirmationCode", 1, 2048));
  ASSIGN_MEMBER_OR_RETURN(const std::string password, request.RequiredString("Password", 1, 256));
  ASSIGN_OR_RETURN(const UserRecord user, FindUser(username));
  if (Status policy = CheckPassword(password, options_.spec.password_policy); !policy.ok()) {
    return PolicyError(policy);
  }
  RETURN_IF_ERROR(store_->ConsumeCode(user.sub, CodeKind::kForgotPassword, code, now));
  RETURN_IF_ERROR(SetPassword(user, password, now));
  if (user.status == UserStatus::kResetRequired) {
    RETURN_IF_ERROR(store_->UpdateStatus(user.sub, UserStatus::kConfirmed, now));
  }
  RETURN_IF_ERROR(store_->RevokeAllRefreshTokens(user.sub, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::UpdateUserAttributes(const CognitoRequest& request,
                                                      TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  ASSIGN_MEMBER_OR_RETURN(const std::vector<UserAttribute> given,
                          request.Attributes("UserAttributes"));
  Attributes changes;
  for (const UserAttribute& attribute : given) {
    if (attribute.name == "sub") {
      return CognitoError(kInvalidParameterException,
                          "Cannot modify the non-mutable attribute sub");
    }
    if (attribute.name == "email_verified" || attribute.name == "phone_number_verified") {
      return CognitoError(kNotAuthorizedException,
                          "A client attempted to write unauthorized attribute");
    }
    changes[attribute.name] = attribute.value;
  }
  const auto email = changes.find("email");
  const auto old_email = user.attributes.find("email");
  const bool email_changed = email != changes.end() && (old_email == user.attributes.end() ||
                                                        old_email->second != email->second);
  if (email_changed) {
    changes["email_verified"] = "false";
  }
  RETURN_IF_ERROR(store_->UpdateAttributes(user.sub, changes, now));
  nlohmann::json deliveries = nlohmann::json::array();
  if (email_changed && !email->second.empty()) {
    ASSIGN_OR_RETURN(const UserRecord updated, store_->FindBySub(user.sub));
    ASSIGN_OR_RETURN(nlohmann::json delivery,
                     SendCode(updated, user.username, CodeKind::kAttribute, "verify", now));
    deliveries.push_back(std::move(delivery));
  }
  return nlohmann::json{{"CodeDeliveryDetailsList", std::move(deliveries)}};
}

Result<nlohmann::json> UserPool::GetUserAttributeVerificationCode(const CognitoRequest& request,
                                                                  TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  ASSIGN_MEMBER_OR_RETURN(const std::string attribute,
                          request.RequiredString("AttributeName", 1, 32));
  if (attribute != "email") {
    return CognitoError(kInvalidParameterException,
                        "Only the email attribute can be verified in this user pool.");
  }
  if (user.attributes.find("email") == user.attributes.end()) {
    return CognitoError(kInvalidParameterException, "User has no attribute email.");
  }
  ASSIGN_OR_RETURN(nlohmann::json delivery,
                   SendCode(user, user.username, CodeKind::kAttribute, "verify", now));
  return nlohmann::json{{"CodeDeliveryDetails", std::move(delivery)}};
}

Result<nlohmann::json> UserPool::VerifyUserAttribute(const CognitoRequest& request, TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  ASSIGN_MEMBER_OR_RETURN(const std::string attribute,
                          request.RequiredString("AttributeName", 1, 32));
  ASSIGN_MEMBER_OR_RETURN(const std::string code, request.RequiredString("Code", 1, 2048));
  if (attribute != "email") {
    return CognitoError(kInvalidParameterException,
                        "Only the email attribute can be verified in this user pool.");
  }
  RETURN_IF_ERROR(store_->ConsumeCode(user.sub, CodeKind::kAttribute, code, now));
  RETURN_IF_ERROR(store_->UpdateAttributes(user.sub, {{"email_verified", "true"}}, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::GlobalSignOut(const CognitoRequest& request, TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AuthorizedUser(request, now));
  RETURN_IF_ERROR(store_->SetSignedOutAt(user.sub, now));
  RETURN_IF_ERROR(store_->RevokeAllRefreshTokens(user.sub, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::RevokeToken(const CognitoRequest& request, TimePoint now) {
  RETURN_IF_ERROR(CheckClientId(request));
  ASSIGN_MEMBER_OR_RETURN(const std::string token, request.RequiredString("Token", 1, 8192));
  if (token.find('.') != std::string::npos) {
    return CognitoError("UnsupportedTokenTypeException", "Unsupported token type");
  }
  Result<RefreshTokenRecord> record = store_->FindRefreshToken(token, now);
  if (record.ok() && record->client_id != identity_.client_id) {
    return CognitoError(kNotAuthorizedException, "Invalid token");
  }
  const Status revoked = store_->RevokeRefreshToken(token, now);
  if (!revoked.ok() && revoked.code() != StatusCode::kNotFound) {
    return revoked;
  }
  return nlohmann::json::object();
}

}  // namespace gloss::auth
