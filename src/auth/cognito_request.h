// CognitoRequest decodes the JSON body of an AWS JSON 1.1 user pool call
// (`X-Amz-Target: AWSCognitoIdentityProviderService.*`) and checks members the
// way Cognito does, so a client sees the same validation messages:
//   1 validation error detected: Value null at 'username' failed to satisfy
//   constraint: Member must not be null
// What it is not: the operations themselves, or the rendering of errors
// (cognito_error.h).
//
// Thread safety: a CognitoRequest is a plain value.

#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gloss::auth {

// Limits on a request before any member is looked at.
inline constexpr size_t kMaxRequestBytes = 64 * 1024;
inline constexpr int kMaxJsonDepth = 16;

struct UserAttribute {
  std::string name;
  std::string value;
};

class CognitoRequest {
 public:
  // Parses `body`. An empty body is `{}`, as the SDK sends for member-less
  // calls. Errors: kInvalidArgument with message prefixed "SerializationException: "
  // for bodies that are not a JSON object, too large or too deep.
  static Result<CognitoRequest> Parse(std::string_view body);

  // A required string member of length [min_length, max_length] (Cognito
  // counts characters; we count UTF-8 code points). Errors: kInvalidArgument
  // with Cognito's validation message naming `member` in camelCase.
  Result<std::string> RequiredString(std::string_view member, size_t min_length,
                                     size_t max_length) const;
  // Like RequiredString, but absent (or null) is nullopt.
  Result<std::optional<std::string>> OptionalString(std::string_view member, size_t min_length,
                                                    size_t max_length) const;
  // An integer member within [min_value, max_value]; absent (or null) is nullopt.
  Result<std::optional<int64_t>> OptionalInteger(std::string_view member, int64_t min_value,
                                                 int64_t max_value) const;
  // A boolean member; absent (or null) is nullopt.
  Result<std::optional<bool>> OptionalBool(std::string_view member) const;
  // A list of strings such as AttributesToGet; absent is empty.
  Result<std::vector<std::string>> StringList(std::string_view member) const;
  // A map of strings such as AuthParameters / ClientMetadata; absent is empty.
  Result<std::map<std::string, std::string>> StringMap(std::string_view member) const;
  // A list of {"Name": ..., "Value": ...} such as UserAttributes; absent is empty.
  Result<std::vector<UserAttribute>> Attributes(std::string_view member) const;

 private:
  explicit CognitoRequest(nlohmann::json body) : body_(std::move(body)) {}

  nlohmann::json body_;  // Always an object.
};

}  // namespace gloss::auth
