#include "auth/principal.h"

#include <algorithm>

namespace gloss::auth {

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kGuest: return "guest";
    case PrincipalKind::kUser: return "user";
    case PrincipalKind::kApiKey: return "apiKey";
    case PrincipalKind::kFunction: return "function";
    case PrincipalKind::kAdmin: return "admin";
  }
  return "guest";
}

std::string Principal::OwnerIdentity() const {
  if (kind != PrincipalKind::kUser) {
    return "";
  }
  return sub + "::" + username;
}

bool Principal::InGroup(std::string_view group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

}  // namespace gloss::auth
