#include "storage/api/storage_access.h"

#include <utility>
#include <vector>

namespace gloss::storage {
namespace {

constexpr std::string_view kEntityToken = "{entity_id}";

// How a rule path covers a key: not at all, or with the owner segment that
// {entity_id} stood for (empty for paths without it).
struct Coverage {
  bool covers = false;
  std::string_view entity;
};

// Rule paths are "A/*" or "A/{entity_id}/*" (config checks this).
Coverage Covers(std::string_view rule_path, std::string_view key) {
  std::string_view prefix = rule_path.substr(0, rule_path.size() - 1);  // Drop the '*'.
  if (!prefix.ends_with(std::string(kEntityToken) + "/")) {
    return {key.starts_with(prefix), {}};
  }
  prefix.remove_suffix(kEntityToken.size() + 1);
  if (!key.starts_with(prefix)) {
    return {};
  }
  const std::string_view rest = key.substr(prefix.size());
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) {
    return {};
  }
  return {true, rest.substr(0, slash)};
}

bool Grants(const std::vector<StorageAction>& actions, S3Action wanted) {
  for (const StorageAction action : actions) {
    switch (action) {
      case StorageAction::kRead:
        if (wanted == S3Action::kGet || wanted == S3Action::kList) return true;
        break;
      case StorageAction::kGet:
        if (wanted == S3Action::kGet) return true;
        break;
      case StorageAction::kList:
        if (wanted == S3Action::kList) return true;
        break;
      case StorageAction::kWrite:
        if (wanted == S3Action::kPut) return true;
        break;
      case StorageAction::kDelete:
        if (wanted == S3Action::kDelete) return true;
        break;
    }
  }
  return false;
}

// Whether the rule lets this user or guest do `wanted` under it.
bool RuleAllows(const StorageAccessRule& rule, std::string_view entity,
                const auth::Principal& principal, std::string_view identity_id, S3Action wanted) {
  if (principal.kind != auth::PrincipalKind::kUser) {
    return Grants(rule.guest, wanted);
  }
  if (Grants(rule.authenticated, wanted)) {
    return true;
  }
  for (const auto& [group, actions] : rule.groups) {
    if (principal.InGroup(group) && Grants(actions, wanted)) {
      return true;
    }
  }
  return !identity_id.empty() && entity == identity_id && Grants(rule.entity, wanted);
}

std::string_view IamAction(S3Action action) {
  switch (action) {
    case S3Action::kGet: return "s3:GetObject";
    case S3Action::kList: return "s3:ListBucket";
    case S3Action::kPut: return "s3:PutObject";
    case S3Action::kDelete: return "s3:DeleteObject";
    case S3Action::kAdminBucket: break;
  }
  return "";
}

Status Denied(std::string_view bucket, std::string_view key) {
  return Status::PermissionDenied("AccessDenied: not allowed on '" + std::string(bucket) + "/" +
                                  std::string(key) + "'");
}

}  // namespace

StorageAccess::StorageAccess(const std::map<std::string, StorageSpec>& buckets,
                             aws::IamPolicyLookup policies)
    : policies_(std::move(policies)) {
  for (const auto& [key, bucket] : buckets) {
    rules_.emplace(bucket.name, bucket.access);
  }
}

Status StorageAccess::Check(const auth::Principal& principal, std::string_view identity_id,
                            S3Action action, std::string_view bucket, std::string_view key) const {
  if (principal.kind == auth::PrincipalKind::kAdmin) {
    return Status::Ok();
  }
  if (action == S3Action::kAdminBucket) {
    return Denied(bucket, key);
  }
  if (principal.kind == auth::PrincipalKind::kFunction) {
    const std::shared_ptr<const aws::IamPolicy> policy =
        policies_ ? policies_(principal.function_name) : nullptr;
    std::string resource = "arn:aws:s3:::" + std::string(bucket);
    if (action != S3Action::kList) {
      resource.append("/").append(key);
    }
    return policy != nullptr && policy->Allows(IamAction(action), resource) ? Status::Ok()
                                                                            : Denied(bucket, key);
  }
  const auto rules = rules_.find(bucket);
  if (rules == rules_.end()) {
    return Denied(bucket, key);
  }
  // The most specific covering path decides alone.
  const StorageAccessRule* best = nullptr;
  Coverage best_coverage;
  for (const StorageAccessRule& rule : rules->second) {
    const Coverage coverage = Covers(rule.path, key);
    if (coverage.covers && (best == nullptr || rule.path.size() > best->path.size())) {
      best = &rule;
      best_coverage = coverage;
    }
  }
  if (best == nullptr || !RuleAllows(*best, best_coverage.entity, principal, identity_id, action)) {
    return Denied(bucket, key);
  }
  return Status::Ok();
}

}  // namespace gloss::storage
