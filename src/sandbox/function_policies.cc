#include "sandbox/function_policies.h"

#include <utility>
#include <vector>

namespace gloss {

FunctionPolicies::FunctionPolicies(const BackendSpec& spec, const config::Endpoint& endpoint) {
  for (const auto& [key, function] : spec.functions) {
    std::vector<aws::IamStatement> statements;
    for (const PolicyStatement& statement : function.policy) {
      aws::IamStatement resolved{statement.effect, statement.actions, {}};
      for (const Template& resource : statement.resources) {
        resolved.resources.push_back(config::ResolveTemplate(spec, resource, endpoint));
      }
      statements.push_back(std::move(resolved));
    }
    by_name_.emplace(function.name, std::make_shared<const aws::IamPolicy>(std::move(statements)));
  }
}

std::shared_ptr<const aws::IamPolicy> FunctionPolicies::Find(std::string_view function_name) const {
  const auto found = by_name_.find(function_name);
  return found != by_name_.end() ? found->second : nullptr;
}

}  // namespace gloss
