// Validation of AppSync's AWS* scalar input values, as AppSync checks them
// before a resolver runs (docs/design/data-store.md, "AppSync scalars";
// AMPLIFY-REFERENCE §2.6). Values arrive as JSON: strings for every kind but
// AWSTimestamp, which is a JSON integer.
//
// What it is not: a date library. Values are checked, not converted; the
// stored form is the input string. Wrapping the error as GraphQL's
// "Variable 'x' has an invalid value" is the caller's job.
//
// Thread safety: stateless functions, safe from any thread.

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"

namespace gloss::data::store {

enum class AppSyncScalar {
  kAwsDate,
  kAwsTime,
  kAwsDateTime,
  kAwsTimestamp,
  kAwsEmail,
  kAwsJson,
  kAwsUrl,
  kAwsPhone,
  kAwsIpAddress,
};

// Returns the scalar named `name` ("AWSDate", ..., "AWSIPAddress").
// Errors: kInvalidArgument for any other name (including ID, String, ...).
Result<AppSyncScalar> ParseScalarName(std::string_view name);

// The GraphQL name of `kind`, e.g. "AWSDateTime".
std::string_view ScalarName(AppSyncScalar kind);

// OK if `value` is a valid `kind`. Errors: kInvalidArgument
// "Invalid <name> value: ..." naming the (truncated) value.
Status ValidateScalar(AppSyncScalar kind, const nlohmann::json& value);

}  // namespace gloss::data::store
