#include "auth/user_pool.h"

#include <ctime>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "auth/jwt.h"
#include "auth/password_policy.h"
#include "auth/srp.h"
#include "core/random.h"

namespace gloss::auth {
namespace {

using std::chrono::hours;

constexpr hours kCodeValidity{24};
constexpr const char* kIncorrectCredentials = "Incorrect username or password.";

Status Cognito(std::string_view exception, std::string_view message) {
  const std::string text = std::string(exception) + ": " + std::string(message);
  if (exception == kNotAuthorizedException) {
    return Status::Unauthenticated(text);
  }
  if (exception == "TooManyRequestsException") {
    return Status::ResourceExhausted(text);
  }
  if (exception == kUserNotFoundException || exception == kResourceNotFoundException) {
    return Status::NotFound(text);
  }
  return Status::InvalidArgument(text);
}

// Request-decoding errors become InvalidParameterException (validation) or
// SerializationException, as Cognito answers them.
Status FromRequestError(const Status& status) {
  constexpr std::string_view kSerialization = "SerializationException: ";
  if (status.message().starts_with(kSerialization)) {
    return status;
  }
  return Cognito(kInvalidParameterException, status.message());
}

#define ASSIGN_MEMBER_OR_RETURN(lhs, expr)                              \
  auto GLOSS_CONCAT_(member_, __LINE__) = (expr);                       \
  if (!GLOSS_CONCAT_(member_, __LINE__).ok()) {                         \
    return FromRequestError(GLOSS_CONCAT_(member_, __LINE__).status()); \
  }                                                                     \
  lhs = std::move(GLOSS_CONCAT_(member_, __LINE__)).value()

std::string HexEncode(std::string_view bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    hex += kDigits[(static_cast<unsigned char>(byte) >> 4) & 0xF];
    hex += kDigits[static_cast<unsigned char>(byte) & 0xF];
  }
  return hex;
}

std::string Uuid() {
  std::string hex = RandomString(32, "0123456789abcdef");
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// "u***@e***", as Cognito masks a delivery destination.
std::string MaskEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) {
    return "***";
  }
  return std::string(1, email[0]) + "***@" + std::string(1, email[at + 1]) + "***";
}

std::string IsoTime(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// User attributes as Cognito lists them (GetUser), "sub" first.
nlohmann::json AttributeList(const UserRecord& user) {
  nlohmann::json list = nlohmann::json::array({{{"Name", "sub"}, {"Value", user.sub}}});
  for (const auto& [name, value] : user.attributes) {
    list.push_back({{"Name", name}, {"Value", value}});
  }
  return list;
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
                   PasswordHasher hasher, SigningKeyPtr key, PoolIdentity identity)
    : options_(options),
      logger_(logger),
      store_(std::move(store)),
      hasher_(std::move(hasher)),
      key_(std::move(key)),
      identity_(std::move(identity)),
      issuer_(options.base_url + "/" + identity_.pool_id) {}

Result<std::unique_ptr<UserPool>> UserPool::Open(db::Database& database,
                                                 const UserPoolOptions& options, Logger& logger,
                                                 TimePoint now) {
  ASSIGN_OR_RETURN(std::unique_ptr<UserStore> store, UserStore::Open(database));
  ASSIGN_OR_RETURN(PoolIdentity identity, store->EnsurePool(options.region, now));
  RETURN_IF_ERROR(store->SyncGroups(options.spec.groups));
  ASSIGN_OR_RETURN(PasswordHasher hasher, PasswordHasher::Create(options.hasher));
  ASSIGN_OR_RETURN(SigningKeyPtr key, SigningKey::LoadOrCreate(options.signing_key_file));
  return std::unique_ptr<UserPool>(new UserPool(
      options, logger, std::move(store), std::move(hasher), std::move(key), std::move(identity)));
}

nlohmann::json UserPool::Jwks() const {
  const SigningKey* keys[] = {key_.get()};
  return auth::Jwks(keys);
}

Result<nlohmann::json> UserPool::Call(std::string_view name, const CognitoRequest& request,
                                      std::string_view remote_address, TimePoint now) {
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
  if (name == "GetUser") {
    return GetUser(request, now);
  }
  return Status::Unimplemented("the user pool does not implement " + std::string(name) + " yet");
}

Status UserPool::CheckClientId(const CognitoRequest& request) const {
  ASSIGN_MEMBER_OR_RETURN(const std::string client_id, request.RequiredString("ClientId", 1, 128));
  if (client_id != identity_.client_id) {
    return Cognito(kResourceNotFoundException,
                   "User pool client " + client_id + " does not exist.");
  }
  return Status::Ok();
}

Result<UserRecord> UserPool::FindUser(std::string_view username) const {
  Result<UserRecord> user = store_->FindByUsernameOrAlias(username);
  if (!user.ok() && user.status().code() == StatusCode::kNotFound) {
    return Cognito(kUserNotFoundException, "Username/client id combination not found.");
  }
  return user;
}

Result<nlohmann::json> UserPool::SendCode(const UserRecord& user, std::string_view username,
                                          std::string_view kind, TimePoint now) {
  ASSIGN_OR_RETURN(const std::string code,
                   store_->IssueCode(user.sub, CodeKind::kSignUp, now, kCodeValidity));
  const auto email = user.attributes.find("email");
  const std::string destination = email != user.attributes.end() ? email->second : "";
  const nlohmann::json line = {{"time", IsoTime(now)},
                               {"username", username},
                               {"code", code},
                               {"kind", kind},
                               {"destination", destination}};
  {
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
  }
  logger_.Info("auth", "confirmation code (sandbox outbox)",
               {{"username", username}, {"kind", kind}, {"code", code}});
  return nlohmann::json{{"Destination", MaskEmail(destination)},
                        {"DeliveryMedium", "EMAIL"},
                        {"AttributeName", "email"}};
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
      return Cognito(kInvalidParameterException,
                     "Cannot modify the non-mutable attribute " + attribute.name);
    }
    attributes[attribute.name] = attribute.value;
  }
  // Email sign-in (Amplify's default): the Username is the email address and
  // the internal username is the sub.
  const bool email_login = !options_.spec.login_with.empty() &&
                           options_.spec.login_with.front() == LoginAttribute::kEmail;
  if (email_login) {
    if (username.find('@') == std::string::npos) {
      return Cognito(kInvalidParameterException, "Username should be an email.");
    }
    attributes["email"] = username;
  }
  attributes["email_verified"] = "false";

  if (Status policy = CheckPassword(password, options_.spec.password_policy); !policy.ok()) {
    return IsPasswordPolicyViolation(policy)
               ? Cognito("InvalidPasswordException", policy.message())
               : Cognito(kInvalidParameterException, policy.message());
  }
  NewUser user;
  user.username = email_login ? "" : username;  // Empty: the store makes it the sub.
  ASSIGN_OR_RETURN(user.password_hash, hasher_.Hash(password));
  user.attributes = std::move(attributes);
  user.status = UserStatus::kUnconfirmed;
  Result<UserRecord> created = store_->CreateUser(user, now);
  if (!created.ok() && created.status().code() == StatusCode::kAlreadyExists) {
    return Cognito(kUsernameExistsException, email_login
                                                 ? "An account with the given email already exists."
                                                 : "User already exists");
  }
  RETURN_IF_ERROR(created.status());
  // The SRP verifier hashes the internal username, known only once created.
  const std::string pool_short = identity_.pool_id.substr(identity_.pool_id.find('_') + 1);
  ASSIGN_OR_RETURN(const SrpVerifier verifier,
                   MakeVerifier(pool_short, created->username, password));
  RETURN_IF_ERROR(store_->UpdatePassword(created->sub, created->password_hash,
                                         HexEncode(verifier.salt), HexEncode(verifier.verifier),
                                         now));
  ASSIGN_OR_RETURN(nlohmann::json delivery, SendCode(*created, username, "signup", now));
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
    return Cognito(kNotAuthorizedException, "User cannot be confirmed. Current status is " +
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
    return Cognito(kInvalidParameterException, "User is already confirmed.");
  }
  ASSIGN_OR_RETURN(nlohmann::json delivery, SendCode(user, username, "resend", now));
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
    return Status::Unimplemented("the user pool does not implement USER_SRP_AUTH yet");
  }
  return Cognito(kInvalidParameterException, "Unsupported AuthFlow " + flow);
}

Result<nlohmann::json> UserPool::PasswordAuth(const std::map<std::string, std::string>& parameters,
                                              std::string_view remote_address, TimePoint now) {
  const auto username = parameters.find("USERNAME");
  const auto password = parameters.find("PASSWORD");
  if (username == parameters.end() || password == parameters.end()) {
    return Cognito(kInvalidParameterException, "Missing required parameter USERNAME or PASSWORD");
  }
  const std::string user_key = LoginThrottle::UserKey(identity_.pool_id, username->second);
  const std::string address_key = LoginThrottle::AddressKey(remote_address);
  if (!throttle_.Check(user_key, now).ok() || !throttle_.Check(address_key, now).ok()) {
    return Cognito("TooManyRequestsException", "Password attempts exceeded");
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
    return Cognito(kNotAuthorizedException, kIncorrectCredentials);
  }
  if (!hasher_.Verify(user->password_hash, password->second).ok()) {
    throttle_.RecordFailure(user_key, now);
    throttle_.RecordFailure(address_key, now);
    return Cognito(kNotAuthorizedException, kIncorrectCredentials);
  }
  throttle_.RecordSuccess(user_key, now);
  throttle_.RecordSuccess(address_key, now);
  if (!user->enabled) {
    return Cognito(kNotAuthorizedException, "User is disabled.");
  }
  if (user->status == UserStatus::kUnconfirmed) {
    return Cognito("UserNotConfirmedException", "User is not confirmed.");
  }
  return IssueTokens(*user, Uuid(), /*with_refresh_token=*/true, now, now);
}

Result<nlohmann::json> UserPool::RefreshAuth(const std::map<std::string, std::string>& parameters,
                                             TimePoint now) {
  const auto token = parameters.find("REFRESH_TOKEN");
  if (token == parameters.end()) {
    return Cognito(kInvalidParameterException, "Missing required parameter REFRESH_TOKEN");
  }
  Result<RefreshTokenRecord> record = store_->FindRefreshToken(token->second, now);
  if (!record.ok()) {
    return Cognito(kNotAuthorizedException, "Invalid Refresh Token");
  }
  ASSIGN_OR_RETURN(const UserRecord user, store_->FindBySub(record->sub));
  if (!user.enabled) {
    return Cognito(kNotAuthorizedException, "User is disabled.");
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
  input.jti = Uuid();
  ASSIGN_OR_RETURN(const std::string id_token,
                   SignJwt(*key_, IdTokenClaims(input, TokenAttributes(user))));
  input.validity = options_.spec.access_token_validity;
  input.jti = Uuid();
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

Result<nlohmann::json> UserPool::GetUser(const CognitoRequest& request, TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::string access_token,
                          request.RequiredString("AccessToken", 1, kMaxJwtBytes));
  VerifyOptions options;
  options.now = now;
  options.issuer = issuer_;
  options.token_use = "access";
  options.client_id = identity_.client_id;
  const SigningKey* key = key_.get();
  Result<VerifiedJwt> token = VerifyJwt(
      access_token, [key](std::string_view kid) { return kid == key->kid() ? key : nullptr; },
      options);
  if (!token.ok()) {
    return Cognito(kNotAuthorizedException, "Invalid Access Token");
  }
  Result<UserRecord> user = store_->FindBySub(token->sub());
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound
               ? Cognito(kUserNotFoundException, "User does not exist.")
               : user.status();
  }
  const auto issued_at = token->claims.find("iat");
  if (user->signed_out_at && issued_at != token->claims.end() && issued_at->is_number() &&
      std::chrono::system_clock::from_time_t(issued_at->get<std::time_t>()) <=
          *user->signed_out_at) {
    return Cognito(kNotAuthorizedException, "Access Token has been revoked");
  }
  return nlohmann::json{{"Username", user->username}, {"UserAttributes", AttributeList(*user)}};
}

}  // namespace gloss::auth
