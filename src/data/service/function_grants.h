// What a function principal may do with a model, decided by its IAM policy
// (aws/iam_policy.h) the way it would be on AWS, where Amplify's resolvers
// act on one DynamoDB table per model: the operation is granted when the
// policy allows the DynamoDB action those resolvers perform on the model's
// table ARN, "arn:aws:dynamodb:REGION:000000000000:table/<Model>-gloss-NONE"
// (an index query on ".../table/<Model>-gloss-NONE/index/<index>"), so the
// seed's statements on "arn:aws:dynamodb:*:*:table/Image-*" work verbatim.
//
//   get -> dynamodb:GetItem        create -> dynamodb:PutItem
//   list / index query / hasMany -> dynamodb:Query or dynamodb:Scan
//   update -> dynamodb:UpdateItem  delete -> dynamodb:DeleteItem
//   listen -> never (functions do not subscribe)
//
// A custom query or mutation is granted by appsync:GraphQL on its field,
// "arn:aws:appsync:REGION:000000000000:apis/gloss/types/Query/fields/NAME",
// the permission Amplify Gen2's `allow.resource(fn)` gives a function.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "aws/iam_policy.h"
#include "data/model/authorizer.h"
#include "data/model/data_model.h"

namespace gloss::data {

// The ARN of the table that would hold `model` on AWS.
std::string ModelTableArn(std::string_view region, std::string_view model);

// The grant `policy` (null: none) gives for `operation` on `model`;
// `index` names the @index an index query reads, else empty.
IamGrant FunctionGrant(const aws::IamPolicy* policy, std::string_view region,
                       const ModelSpec& model, std::string_view operation,
                       std::string_view index = {});

// The grant `policy` gives for calling the custom operation `type.field`.
IamGrant CustomOperationGrant(const aws::IamPolicy* policy, std::string_view region,
                              std::string_view type, std::string_view field);

}  // namespace gloss::data
