// The IAM policies of an app's functions (backend.toml `policy`), with their
// resource templates resolved to ARNs, by function name: what every service
// checks a function principal's calls against (ARCHITECTURE §5).
//
// Thread safety: a FunctionPolicies is immutable; the sandbox swaps whole
// instances on reload.

#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "aws/iam_policy.h"
#include "config/references.h"
#include "core/backend_spec.h"

namespace gloss {

class FunctionPolicies {
 public:
  FunctionPolicies(const BackendSpec& spec, const config::Endpoint& endpoint);

  // Null for an unknown function name.
  std::shared_ptr<const aws::IamPolicy> Find(std::string_view function_name) const;

 private:
  std::map<std::string, std::shared_ptr<const aws::IamPolicy>, std::less<>> by_name_;
};

}  // namespace gloss
