// Helpers shared by the user pool's operation files (user_pool.cc,
// user_pool_admin.cc): Cognito-named Status values, the mapping of request
// decoding errors, and the JSON shapes several operations answer with.
//
// Internal to auth/. Thread safety: pure functions.

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/user_store.h"
#include "core/status.h"

namespace gloss::auth {

inline constexpr std::string_view kTooManyRequestsException = "TooManyRequestsException";
inline constexpr std::string_view kInvalidPasswordException = "InvalidPasswordException";
inline constexpr std::string_view kUnsupportedUserStateException = "UnsupportedUserStateException";

// "EXCEPTION: message" with the StatusCode that the wire layer maps to
// Cognito's HTTP status (all 400 but TooManyRequestsException).
Status CognitoError(std::string_view exception, std::string_view message);

// Request-decoding errors (cognito_request.h) become InvalidParameterException,
// except SerializationException which stays as it is.
Status FromRequestError(const Status& status);

// Like ASSIGN_OR_RETURN for CognitoRequest members: a decoding error becomes
// FromRequestError(error).
#define ASSIGN_MEMBER_OR_RETURN(lhs, expr)                              \
  auto GLOSS_CONCAT_(member_, __LINE__) = (expr);                       \
  if (!GLOSS_CONCAT_(member_, __LINE__).ok()) {                         \
    return FromRequestError(GLOSS_CONCAT_(member_, __LINE__).status()); \
  }                                                                     \
  lhs = std::move(GLOSS_CONCAT_(member_, __LINE__)).value()

// Password policy failures become InvalidPasswordException, anything else
// InvalidParameterException.
Status PolicyError(const Status& policy);

// User attributes as Cognito lists them, [{"Name": "sub", "Value": ...}, ...],
// "sub" first.
nlohmann::json AttributeList(const UserRecord& user);

// "2026-11-25T12:00:00Z" (UTC), for the outbox.
std::string IsoTime(std::chrono::system_clock::time_point when);

// Seconds since the epoch with millisecond fraction: how AWS JSON 1.1 sends
// timestamps (UserCreateDate, ...).
double EpochSeconds(std::chrono::system_clock::time_point when);

}  // namespace gloss::auth
