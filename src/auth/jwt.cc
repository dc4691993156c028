#include "auth/jwt.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include "core/base64.h"

namespace gloss::auth {
namespace {

constexpr std::string_view kAlg = "RS256";
// NumericDate values beyond ±2^53 s cannot be compared exactly; no honest
// token has them.
constexpr double kMaxNumericDate = 9007199254740992.0;

Status Reject(std::string_view message) {
  return Status::Unauthenticated(std::string("invalid token: ") + std::string(message));
}

// Parses `text` as a JSON object without throwing; null on any failure.
std::optional<nlohmann::json> ParseObject(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return std::nullopt;
  }
  return value;
}

const std::string* StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// A NumericDate claim: absent, malformed, or seconds since the epoch.
enum class DateState { kAbsent, kMalformed, kPresent };
std::pair<DateState, double> DateMember(const nlohmann::json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) {
    return {DateState::kAbsent, 0};
  }
  if (!it->is_number()) {
    return {DateState::kMalformed, 0};
  }
  const double value = it->get<double>();
  if (!std::isfinite(value) || std::fabs(value) > kMaxNumericDate) {
    return {DateState::kMalformed, 0};
  }
  return {DateState::kPresent, value};
}

bool AudienceContains(const nlohmann::json& claims, const std::string& client_id) {
  const auto it = claims.find("aud");
  if (it == claims.end()) {
    return false;
  }
  if (it->is_string()) {
    return it->get_ref<const std::string&>() == client_id;
  }
  if (it->is_array()) {
    for (const nlohmann::json& entry : *it) {
      if (entry.is_string() && entry.get_ref<const std::string&>() == client_id) {
        return true;
      }
    }
  }
  return false;
}

Status CheckClaims(const nlohmann::json& claims, const VerifyOptions& options) {
  const std::string* iss = StringMember(claims, "iss");
  if (iss == nullptr || *iss != options.issuer) {
    return Reject("issuer mismatch");
  }
  const std::string* token_use = StringMember(claims, "token_use");
  const bool use_matches =
      options.token_use.empty()
          ? token_use != nullptr && (*token_use == "id" || *token_use == "access")
          : token_use != nullptr && *token_use == options.token_use;
  if (!use_matches) {
    return Reject("token_use mismatch");
  }
  if (options.client_id.has_value()) {
    bool matches = false;
    if (*token_use == "access") {
      const std::string* client_id = StringMember(claims, "client_id");
      matches = client_id != nullptr && *client_id == *options.client_id;
    } else {
      matches = AudienceContains(claims, *options.client_id);
    }
    if (!matches) {
      return Reject("client id (aud/client_id) mismatch");
    }
  }

  const double now = std::chrono::duration<double>(options.now.time_since_epoch()).count();
  const double leeway = static_cast<double>(options.leeway.count());
  const auto [exp_state, exp] = DateMember(claims, "exp");
  if (exp_state == DateState::kAbsent) {
    return Reject("exp missing");
  }
  if (exp_state == DateState::kMalformed) {
    return Reject("exp is not a NumericDate");
  }
  if (now >= exp + leeway) {
    return Reject("token expired");
  }
  const auto [nbf_state, nbf] = DateMember(claims, "nbf");
  if (nbf_state == DateState::kMalformed) {
    return Reject("nbf is not a NumericDate");
  }
  if (nbf_state == DateState::kPresent && nbf > now + leeway) {
    return Reject("token not yet valid (nbf)");
  }
  const auto [iat_state, iat] = DateMember(claims, "iat");
  if (iat_state == DateState::kMalformed) {
    return Reject("iat is not a NumericDate");
  }
  if (iat_state == DateState::kPresent && iat > now + leeway) {
    return Reject("token issued in the future (iat)");
  }
  return Status::Ok();
}

}  // namespace

std::string VerifiedJwt::sub() const {
  const std::string* value = StringMember(claims, "sub");
  return value != nullptr ? *value : std::string();
}

std::string VerifiedJwt::username() const {
  if (const std::string* value = StringMember(claims, "cognito:username"); value != nullptr) {
    return *value;
  }
  const std::string* value = StringMember(claims, "username");
  return value != nullptr ? *value : std::string();
}

std::vector<std::string> VerifiedJwt::groups() const {
  std::vector<std::string> out;
  const auto it = claims.find("cognito:groups");
  if (it != claims.end() && it->is_array()) {
    for (const nlohmann::json& entry : *it) {
      if (entry.is_string()) {
        out.push_back(entry.get<std::string>());
      }
    }
  }
  return out;
}

std::string VerifiedJwt::token_use() const {
  const std::string* value = StringMember(claims, "token_use");
  return value != nullptr ? *value : std::string();
}

std::string VerifiedJwt::client_id() const {
  if (const std::string* value = StringMember(claims, "client_id"); value != nullptr) {
    return *value;
  }
  const std::string* value = StringMember(claims, "aud");
  return value != nullptr ? *value : std::string();
}

std::chrono::system_clock::time_point VerifiedJwt::exp() const {
  const auto [state, seconds] = DateMember(claims, "exp");
  if (state != DateState::kPresent) {
    return {};
  }
  return std::chrono::system_clock::time_point(
      std::chrono::seconds(static_cast<int64_t>(std::floor(seconds))));
}

namespace {

int64_t EpochSeconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// The claims both token kinds share.
void AddCommonClaims(const TokenClaimsInput& input, nlohmann::json& claims) {
  claims["sub"] = input.sub;
  claims["iss"] = input.issuer;
  if (!input.groups.empty()) {
    claims["cognito:groups"] = input.groups;
  } else {
    claims.erase("cognito:groups");
  }
  claims["auth_time"] = EpochSeconds(input.auth_time);
  claims["iat"] = EpochSeconds(input.issued_at);
  claims["exp"] = EpochSeconds(input.issued_at) + input.validity.count();
  claims["jti"] = input.jti;
  claims["origin_jti"] = input.origin_jti;
  if (input.event_id.has_value()) {
    claims["event_id"] = *input.event_id;
  } else {
    claims.erase("event_id");
  }
}

}  // namespace

nlohmann::json IdTokenClaims(const TokenClaimsInput& input, const nlohmann::json& attributes) {
  nlohmann::json claims = attributes.is_object() ? attributes : nlohmann::json::object();
  AddCommonClaims(input, claims);
  claims["cognito:username"] = input.username;
  claims["aud"] = input.client_id;
  claims["token_use"] = "id";
  return claims;
}

nlohmann::json AccessTokenClaims(const TokenClaimsInput& input) {
  nlohmann::json claims = nlohmann::json::object();
  AddCommonClaims(input, claims);
  claims["client_id"] = input.client_id;
  claims["username"] = input.username;
  claims["scope"] = "aws.cognito.signin.user.admin";
  claims["token_use"] = "access";
  claims["version"] = 2;
  return claims;
}

Result<std::string> SignJwt(const SigningKey& key, const nlohmann::json& claims) {
  if (!claims.is_object()) {
    return Status::InvalidArgument("JWT claims must be a JSON object");
  }
  std::string payload;
  try {
    payload = claims.dump();
  } catch (const nlohmann::json::exception& error) {  // Invalid UTF-8 in a string.
    return Status::InvalidArgument(std::string("JWT claims: ") + error.what());
  }
  // Cognito's header, member order included. The kid is base64url (derived)
  // or came from a JWK; dump() escapes it either way.
  const std::string header =
      R"({"kid":)" +
      nlohmann::json(key.kid()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      R"(,"alg":"RS256"})";
  std::string signing_input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  ASSIGN_OR_RETURN(std::string signature, key.Sign(signing_input));
  signing_input += ".";
  signing_input += Base64UrlEncode(signature);
  return signing_input;
}

Result<VerifiedJwt> VerifyJwt(std::string_view token, const KeyLookup& keys,
                              const VerifyOptions& options) {
  if (token.size() > kMaxJwtBytes) {
    return Reject("longer than 16 KiB");
  }
  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Reject("not three dot-separated segments");
  }
  const std::string_view header_text = token.substr(0, first_dot);
  const std::string_view payload_text = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_text = token.substr(second_dot + 1);

  Result<std::string> header_json = Base64UrlDecode(header_text);
  if (!header_json.ok()) {
    return Reject("header is not base64url");
  }
  std::optional<nlohmann::json> header = ParseObject(*header_json);
  if (!header.has_value()) {
    return Reject("header is not a JSON object");
  }
  const std::string* alg = StringMember(*header, "alg");
  if (alg == nullptr || *alg != kAlg) {
    return Reject("alg is not RS256");
  }
  if (header->contains("crit")) {
    return Reject("crit header extensions are not supported");
  }
  const std::string* kid = StringMember(*header, "kid");
  if (kid == nullptr) {
    return Reject("kid missing");
  }
  const SigningKey* key = keys ? keys(*kid) : nullptr;
  if (key == nullptr) {
    return Reject("unknown kid");
  }
  Result<std::string> signature = Base64UrlDecode(signature_text);
  if (!signature.ok()) {
    return Reject("signature is not base64url");
  }
  if (!key->Verify(token.substr(0, second_dot), *signature)) {
    return Reject("bad signature");
  }

  // From here on the bytes are ours (or a key holder's).
  Result<std::string> payload_json = Base64UrlDecode(payload_text);
  if (!payload_json.ok()) {
    return Reject("payload is not base64url");
  }
  std::optional<nlohmann::json> claims = ParseObject(*payload_json);
  if (!claims.has_value()) {
    return Reject("payload is not a JSON object");
  }
  RETURN_IF_ERROR(CheckClaims(*claims, options));
  return VerifiedJwt{.header = std::move(*header), .claims = std::move(*claims)};
}

}  // namespace gloss::auth
