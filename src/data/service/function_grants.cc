#include "data/service/function_grants.h"

#include <span>

namespace gloss::data {
namespace {

constexpr std::string_view kGetItem[] = {"dynamodb:GetItem"};
constexpr std::string_view kRead[] = {"dynamodb:Query", "dynamodb:Scan"};
constexpr std::string_view kPutItem[] = {"dynamodb:PutItem"};
constexpr std::string_view kUpdateItem[] = {"dynamodb:UpdateItem"};
constexpr std::string_view kDeleteItem[] = {"dynamodb:DeleteItem"};

// The DynamoDB actions any of which grants `operation`.
std::span<const std::string_view> ActionsFor(std::string_view operation) {
  if (operation == kGet) return kGetItem;
  if (operation == kList) return kRead;
  if (operation == kCreate) return kPutItem;
  if (operation == kUpdate) return kUpdateItem;
  if (operation == kDelete) return kDeleteItem;
  return {};
}

}  // namespace

std::string ModelTableArn(std::string_view region, std::string_view model) {
  std::string arn = "arn:aws:dynamodb:";
  arn.append(region).append(":").append(kAccountId).append(":table/");
  arn.append(model).append("-gloss-NONE");
  return arn;
}

IamGrant FunctionGrant(const aws::IamPolicy* policy, std::string_view region,
                       const ModelSpec& model, std::string_view operation, std::string_view index) {
  if (policy == nullptr) {
    return {};
  }
  std::string resource = ModelTableArn(region, model.name);
  if (!index.empty()) {
    resource.append("/index/").append(index);
  }
  for (std::string_view action : ActionsFor(operation)) {
    if (policy->Allows(action, resource)) {
      return {.allowed = true};
    }
  }
  return {};
}

IamGrant CustomOperationGrant(const aws::IamPolicy* policy, std::string_view region,
                              std::string_view type, std::string_view field) {
  if (policy == nullptr) {
    return {};
  }
  std::string resource = "arn:aws:appsync:";
  resource.append(region).append(":").append(kAccountId).append(":apis/gloss/types/");
  resource.append(type).append("/fields/").append(field);
  return {.allowed = policy->Allows("appsync:GraphQL", resource)};
}

}  // namespace gloss::data
