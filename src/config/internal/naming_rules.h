// The naming rules backend.toml values must follow (AWS's where AWS has one).
// Each Check* returns why `name` is invalid, or nullopt when it is valid; the
// reason reads after "NAME: " ("must be 3 to 63 characters long").
//
// Internal to config/. Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gloss::config {

// Keys of [storage.KEY], [queues.KEY], [functions.KEY]: [A-Za-z0-9_.-]{1,128}.
std::optional<std::string> CheckResourceKey(std::string_view key);
// S3: 3-63 of [a-z0-9.-], alphanumeric at both ends, no "..", not an IPv4 address.
std::optional<std::string> CheckBucketName(std::string_view name);
// SQS: [A-Za-z0-9_-]{1,80} counting an optional ".fifo" suffix.
std::optional<std::string> CheckQueueName(std::string_view name);
// Lambda: [A-Za-z0-9_-]{1,64}.
std::optional<std::string> CheckFunctionName(std::string_view name);
// Cognito groups as gloss allows them: [A-Za-z0-9_-]{1,128}.
std::optional<std::string> CheckGroupName(std::string_view name);
// [A-Za-z_][A-Za-z0-9_]*, and not one Lambda reserves (AWS_*, LAMBDA_*, _HANDLER, ...).
std::optional<std::string> CheckEnvironmentVariableName(std::string_view name);
// [A-Za-z0-9_./-]+, at most 512 characters.
std::optional<std::string> CheckSecretName(std::string_view name);
// A Node module name as npm allows it: "sharp", "@scope/name"; parts of
// [A-Za-z0-9._~-] not starting with '.' or '_', at most 214 characters.
std::optional<std::string> CheckModuleName(std::string_view name);
// Like "us-east-1" or "us-gov-west-1".
std::optional<std::string> CheckRegion(std::string_view region);

bool IsFifoQueueName(std::string_view name);

}  // namespace gloss::config
