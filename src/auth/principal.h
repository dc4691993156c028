// Principal is who a request acts as, resolved once per request before any
// service sees it (ARCHITECTURE §5): a signed-in user, an API key, a guest, a
// function, or the sandbox admin. Services authorize a Principal against their
// rules (data/storage access rules for users, guests and API keys; IAM
// policies for functions; everything for admin), never raw headers.
//
// What it is not: proof by itself. Only PrincipalResolver (principal_resolver.h)
// makes non-guest principals, after checking a token, key or signature.
//
// Thread safety: a plain value.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss::auth {

enum class PrincipalKind { kGuest, kUser, kApiKey, kFunction, kAdmin };

// "guest", "user", "apiKey", "function", "admin".
std::string_view PrincipalKindName(PrincipalKind kind);

struct Principal {
  PrincipalKind kind = PrincipalKind::kGuest;

  // kUser: from a verified user-pool ID or access token.
  std::string sub;
  std::string username;             // cognito:username / username.
  std::vector<std::string> groups;  // cognito:groups, in token order.
  std::string token_use;            // "id" or "access".
  nlohmann::json claims;            // Every claim of the token (identityClaim rules read them).

  // kUser and kGuest: the identity-pool identity ("REGION:uuid"), the
  // {entity_id} of storage access rules; empty when unknown.
  std::string identity_id;

  // kApiKey: the key's id (never the key itself).
  std::string api_key_id;

  // kFunction and kAdmin: the SigV4 access key id that signed the request.
  std::string access_key_id;
  std::string function_name;  // kFunction only.

  // Gen2's default owner value, "sub::username" (kUser only; else empty).
  std::string OwnerIdentity() const;
  bool InGroup(std::string_view group) const;
};

}  // namespace gloss::auth
