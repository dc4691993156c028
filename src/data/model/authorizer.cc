#include "data/model/authorizer.h"

#include <algorithm>

namespace gloss::data {
namespace {

using auth::PrincipalKind;
using Provider = AuthRule::Provider;
using Strategy = AuthRule::Strategy;

// The value of `claim` in the principal's token, as a string.
std::string ClaimValue(const auth::Principal& principal, std::string_view claim) {
  if (claim == "sub") {
    return principal.sub;
  }
  if (claim == "username" || claim == "cognito:username") {
    return principal.username;
  }
  const auto found = principal.claims.find(claim);
  if (found != principal.claims.end() && found->is_string()) {
    return found->get<std::string>();
  }
  return "";
}

// Groups the principal claims under `group_claim`.
std::vector<std::string> Groups(const auth::Principal& principal, std::string_view group_claim) {
  if (group_claim == "cognito:groups") {
    return principal.groups;
  }
  std::vector<std::string> groups;
  const auto found = principal.claims.find(group_claim);
  if (found != principal.claims.end()) {
    if (found->is_string()) {
      groups.push_back(found->get<std::string>());
    } else if (found->is_array()) {
      for (const nlohmann::json& group : *found) {
        if (group.is_string()) {
          groups.push_back(group.get<std::string>());
        }
      }
    }
  }
  return groups;
}

bool MatchesProvider(const AuthRule& rule, const auth::Principal& principal) {
  switch (principal.kind) {
    case PrincipalKind::kUser:
      return rule.provider == Provider::kUserPools || rule.provider == Provider::kOidc;
    case PrincipalKind::kApiKey:
      return rule.strategy == Strategy::kPublic && rule.provider == Provider::kApiKey;
    case PrincipalKind::kGuest:
      return rule.strategy == Strategy::kPublic &&
             (rule.provider == Provider::kIam || rule.provider == Provider::kIdentityPool);
    case PrincipalKind::kFunction:
    case PrincipalKind::kAdmin: return false;  // Decided before the rules.
  }
  return false;
}

bool IsListField(const ModelSpec& model, std::string_view name) {
  const FieldSpec* field = model.FindField(name);
  return field != nullptr && field->list;
}

}  // namespace

std::vector<std::string> OwnerIdentities(const auth::Principal& principal, std::string_view claim) {
  std::vector<std::string> identities;
  if (principal.kind != PrincipalKind::kUser) {
    return identities;
  }
  if (claim == "sub::username") {
    identities = {principal.sub + "::" + principal.username, principal.sub, principal.username};
  } else {
    identities.push_back(ClaimValue(principal, claim));
  }
  std::erase(identities, std::string());
  identities.erase(std::unique(identities.begin(), identities.end()), identities.end());
  return identities;
}

AccessDecision Authorize(const ModelSpec& model, const std::vector<AuthRule>& rules,
                         const auth::Principal& principal, std::string_view operation,
                         IamGrant iam) {
  AccessDecision decision;
  if (principal.kind == PrincipalKind::kAdmin ||
      (principal.kind == PrincipalKind::kFunction && iam.allowed)) {
    decision.allowed = decision.unconditional = true;
    return decision;
  }
  for (const AuthRule& rule : rules) {
    if (!MatchesProvider(rule, principal) || !rule.Allows(operation)) {
      continue;
    }
    switch (rule.strategy) {
      case Strategy::kPublic:
      case Strategy::kPrivate: decision.allowed = decision.unconditional = true; break;
      case Strategy::kGroups: {
        const std::vector<std::string> groups = Groups(principal, rule.group_claim);
        if (!rule.groups_field.empty()) {
          if (!groups.empty()) {
            decision.allowed = true;
            decision.conditions.push_back(
                {rule.groups_field, IsListField(model, rule.groups_field), groups});
          }
          break;
        }
        const bool member =
            std::any_of(rule.groups.begin(), rule.groups.end(), [&](const std::string& group) {
              return std::find(groups.begin(), groups.end(), group) != groups.end();
            });
        if (member) {
          decision.allowed = decision.unconditional = true;
        }
        break;
      }
      case Strategy::kOwner: {
        const std::vector<std::string> identities = OwnerIdentities(principal, rule.identity_claim);
        if (identities.empty()) {
          break;
        }
        decision.allowed = true;
        const bool list_field = IsListField(model, rule.owner_field);
        decision.conditions.push_back({rule.owner_field, list_field, identities});
        if (operation == kCreate && !decision.owner_defaults.contains(rule.owner_field)) {
          decision.owner_defaults[rule.owner_field] =
              list_field ? nlohmann::json::array({identities.front()})
                         : nlohmann::json(identities.front());
        }
        break;
      }
      case Strategy::kCustom: break;  // Lambda authorizers are not supported.
    }
  }
  if (decision.unconditional) {
    decision.conditions.clear();
  }
  return decision;
}

bool ItemAllowed(const AccessDecision& decision, const nlohmann::json& item) {
  if (!decision.allowed) {
    return false;
  }
  if (decision.unconditional) {
    return true;
  }
  for (const ItemCondition& condition : decision.conditions) {
    const auto value = item.find(condition.field);
    if (value == item.end()) {
      continue;
    }
    for (const std::string& wanted : condition.values) {
      if (value->is_string() && value->get_ref<const std::string&>() == wanted) {
        return true;
      }
      if (value->is_array() &&
          std::any_of(value->begin(), value->end(), [&](const nlohmann::json& element) {
            return element.is_string() && element.get_ref<const std::string&>() == wanted;
          })) {
        return true;
      }
    }
  }
  return false;
}

nlohmann::json ListFilter(const AccessDecision& decision) {
  if (decision.unconditional || !decision.allowed) {
    return nullptr;
  }
  nlohmann::json any = nlohmann::json::array();
  for (const ItemCondition& condition : decision.conditions) {
    for (const std::string& value : condition.values) {
      any.push_back({{condition.field, {{condition.list_field ? "contains" : "eq", value}}}});
    }
  }
  return nlohmann::json{{"or", std::move(any)}};
}

}  // namespace gloss::data
