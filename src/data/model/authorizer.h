// ModelAuthorizer decides what a principal (auth/principal.h) may do with a
// model, from the model's @auth rules, as AppSync's generated resolvers do:
// a request is allowed if any rule allows it. Rules that depend on the item
// (owner, dynamic groups) become conditions on the item; ItemAllowed checks an
// item against them and ListFilter turns them into a Model filter (the list
// then returns only permitted items, never an error for the others).
//
// Providers: a user (Cognito token) matches userPools rules; an API key
// matches public (apiKey) rules; admin is always allowed; a function is
// decided by its IAM policy (passed in, not evaluated here); a guest matches
// only public rules with provider iam or identityPool (the unauthenticated
// role), which no request has until the identity pool lands.
//
// Owner identities: with identityClaim "sub::username" (Gen2's default) an
// item's owner matches "<sub>::<username>", and, as AppSync also accepts,
// "<sub>" or "<username>" alone.
//
// Thread safety: pure functions over values.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "data/model/data_model.h"

namespace gloss::data {

// The operations rules name, as AuthRule::Allows takes them.
inline constexpr std::string_view kCreate = "create";
inline constexpr std::string_view kUpdate = "update";
inline constexpr std::string_view kDelete = "delete";
inline constexpr std::string_view kGet = "get";
inline constexpr std::string_view kList = "list";
inline constexpr std::string_view kListen = "listen";

// Permission that holds for an item whose `field` equals (or, for a list
// field, contains) one of `values`.
struct ItemCondition {
  std::string field;
  bool list_field = false;
  std::vector<std::string> values;
};

struct AccessDecision {
  bool allowed = false;        // Some rule may allow it.
  bool unconditional = false;  // A rule allows it whatever the item.
  // Else: allowed for items meeting any of these.
  std::vector<ItemCondition> conditions;
  // For an allowed create by an owner rule: fields to fill with the caller's
  // identity when the input leaves them out ({"owner": "sub::username"}).
  nlohmann::json owner_defaults = nlohmann::json::object();
};

// What the function principal's IAM policy allows for this model operation;
// ignored for other principals.
struct IamGrant {
  bool allowed = false;
};

// Decides `operation` on `model` for `principal` under `rules` (the model's,
// or a field's own rules).
AccessDecision Authorize(const ModelSpec& model, const std::vector<AuthRule>& rules,
                         const auth::Principal& principal, std::string_view operation,
                         IamGrant iam = {});

// True if `decision` allows the stored `item` (a JSON object).
bool ItemAllowed(const AccessDecision& decision, const nlohmann::json& item);

// The conditions as a Model<M>FilterInput ({"or": [{"owner": {"eq": ...}}, ...]});
// null when the decision is unconditional.
nlohmann::json ListFilter(const AccessDecision& decision);

// The values an owner field may hold for `principal` under `claim`:
// {"sub::username", "sub", "username"} for Gen2's default claim.
std::vector<std::string> OwnerIdentities(const auth::Principal& principal, std::string_view claim);

}  // namespace gloss::data
