// IAM policy evaluation for function principals (ARCHITECTURE §5): a
// function may call an action on a resource only if one of its policy
// statements allows it and none denies it. Deny by default, explicit Deny
// wins, as IAM's evaluation logic for a single identity-based policy.
//
// Matching, as IAM:
//   actions    "service:Action" patterns, case-insensitive, `*` and `?`
//              wildcards ("s3:Get*", "dynamodb:*", "*");
//   resources  ARN patterns, case-sensitive, `*` and `?` wildcards. A `*`
//              may match across `:` and `/` ("arn:aws:dynamodb:*:*:table/Image-*"
//              matches the table and its indexes, ".../table/Image-x/index/byKey").
// Not supported (backend.toml cannot express them): NotAction, NotResource,
// Condition blocks, policy variables.
//
// Thread safety: an IamPolicy is immutable after construction.

#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend_spec.h"

namespace gloss::aws {

// One statement with its resource templates already resolved to ARNs.
struct IamStatement {
  PolicyEffect effect = PolicyEffect::kAllow;
  std::vector<std::string> actions;
  std::vector<std::string> resources;
};

enum class IamDecision { kAllow, kExplicitDeny, kImplicitDeny };

class IamPolicy {
 public:
  IamPolicy() = default;  // Allows nothing.
  explicit IamPolicy(std::vector<IamStatement> statements);

  IamDecision Evaluate(std::string_view action, std::string_view resource) const;
  bool Allows(std::string_view action, std::string_view resource) const {
    return Evaluate(action, resource) == IamDecision::kAllow;
  }

  const std::vector<IamStatement>& statements() const { return statements_; }

 private:
  std::vector<IamStatement> statements_;
};

// The IAM policy of the function named `function_name`; null for an unknown
// function (which may then do nothing). Called concurrently.
using IamPolicyLookup =
    std::function<std::shared_ptr<const IamPolicy>(std::string_view function_name)>;

// IAM wildcard matching: `*` any run of characters (also empty), `?` exactly
// one. Linear in practice: backtracks only to the last `*`.
bool WildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case);

}  // namespace gloss::aws
