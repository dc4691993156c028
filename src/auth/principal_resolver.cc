#include "auth/principal_resolver.h"

#include <cctype>

namespace gloss::auth {
namespace {

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

PrincipalResolver::PrincipalResolver(const UserPool* pool, AccessKeyLookup keys,
                                     IdentityIdLookup identities)
    : pool_(pool), keys_(std::move(keys)), identities_(std::move(identities)) {}

Result<Principal> PrincipalResolver::Resolve(const PresentedCredentials& presented,
                                             std::chrono::system_clock::time_point now) const {
  const http::Headers& headers = presented.head->headers;
  if (aws::IsPresignedRequest(*presented.head)) {
    return FromSigV4(presented, now);
  }
  if (const std::optional<std::string_view> authorization = headers.Get("authorization")) {
    if (authorization->starts_with(aws::kSigV4Algorithm)) {
      return FromSigV4(presented, now);
    }
    std::string_view token = *authorization;
    constexpr std::string_view kBearer = "Bearer ";
    if (StartsWithIgnoringCase(token, kBearer)) {
      token.remove_prefix(kBearer.size());
    }
    return FromToken(token, now);
  }
  if (const std::optional<std::string_view> api_key = headers.Get("x-api-key")) {
    return FromApiKey(*api_key, now);
  }
  return Principal{};
}

Result<Principal> PrincipalResolver::FromSigV4(const PresentedCredentials& presented,
                                               std::chrono::system_clock::time_point now) const {
  // The owner found by the lookup below, kept for the principal.
  std::optional<AccessKeyOwner> owner;
  const aws::CredentialLookup lookup =
      [this, &owner](std::string_view access_key_id) -> std::optional<aws::SigV4Credential> {
    owner = keys_ ? keys_(access_key_id) : std::nullopt;
    if (!owner) {
      return std::nullopt;
    }
    return owner->credential;
  };
  ASSIGN_OR_RETURN(aws::SigV4Identity identity,
                   aws::VerifySigV4(*presented.head, presented.payload_sha256_hex, lookup, now,
                                    presented.sigv4));
  Principal principal;
  if (owner->kind == PrincipalKind::kUser || owner->kind == PrincipalKind::kGuest) {
    principal = std::move(owner->identity);
  }
  principal.kind = owner->kind;
  principal.access_key_id = identity.access_key_id;
  principal.function_name = owner->function_name;
  if (presented.signature != nullptr) {
    *presented.signature = std::move(identity);
  }
  return principal;
}

Result<Principal> PrincipalResolver::FromToken(std::string_view token,
                                               std::chrono::system_clock::time_point now) const {
  if (pool_ == nullptr) {
    return Status::Unauthenticated(std::string(kInvalidUserToken) +
                                   ": this app has no user pool ([auth] in backend.toml)");
  }
  {
    std::shared_lock lock(cache_mutex_);
    const auto cached = token_cache_.find(std::string(token));
    if (cached != token_cache_.end() && now < cached->second.expires_at) {
      return cached->second.principal;
    }
  }
  Result<VerifiedJwt> verified = pool_->VerifyUserToken(token, now);
  if (!verified.ok()) {
    return Status::Unauthenticated(std::string(kInvalidUserToken) + ": " +
                                   std::string(verified.status().message()));
  }
  Principal principal;
  principal.kind = PrincipalKind::kUser;
  principal.sub = verified->sub();
  principal.username = verified->username();
  principal.groups = verified->groups();
  principal.token_use = verified->token_use();
  if (identities_) {
    ASSIGN_OR_RETURN(principal.identity_id, identities_(principal.sub));
  }
  const std::chrono::system_clock::time_point expires_at = verified->exp();
  principal.claims = std::move(verified->claims);
  std::unique_lock lock(cache_mutex_);
  if (token_cache_.size() >= kMaxCachedTokens) {
    token_cache_.clear();  // Bounded and simple; live clients re-verify once.
  }
  token_cache_[std::string(token)] = {principal, expires_at};
  return principal;
}

Result<Principal> PrincipalResolver::FromApiKey(std::string_view key,
                                                std::chrono::system_clock::time_point now) const {
  if (pool_ != nullptr) {
    ASSIGN_OR_RETURN(const std::optional<ApiKeyRecord> record, pool_->FindApiKey(key, now));
    if (record) {
      Principal principal;
      principal.kind = PrincipalKind::kApiKey;
      principal.api_key_id = record->id;
      return principal;
    }
  }
  return Status::Unauthenticated(std::string(kInvalidApiKey) +
                                 ": the API key is not valid or has expired");
}

}  // namespace gloss::auth
