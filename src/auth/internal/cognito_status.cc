#include "auth/internal/cognito_status.h"

#include <ctime>

#include "auth/password_policy.h"

namespace gloss::auth {

Status CognitoError(std::string_view exception, std::string_view message) {
  const std::string text = std::string(exception) + ": " + std::string(message);
  if (exception == kNotAuthorizedException) {
    return Status::Unauthenticated(text);
  }
  if (exception == kTooManyRequestsException) {
    return Status::ResourceExhausted(text);
  }
  if (exception == kUserNotFoundException || exception == kResourceNotFoundException) {
    return Status::NotFound(text);
  }
  return Status::InvalidArgument(text);
}

Status FromRequestError(const Status& status) {
  constexpr std::string_view kSerialization = "SerializationException: ";
  if (status.message().starts_with(kSerialization)) {
    return status;
  }
  return CognitoError(kInvalidParameterException, status.message());
}

Status PolicyError(const Status& policy) {
  return IsPasswordPolicyViolation(policy)
             ? CognitoError(kInvalidPasswordException, policy.message())
             : CognitoError(kInvalidParameterException, policy.message());
}

nlohmann::json AttributeList(const UserRecord& user) {
  nlohmann::json list = nlohmann::json::array({{{"Name", "sub"}, {"Value", user.sub}}});
  for (const auto& [name, value] : user.attributes) {
    list.push_back({{"Name", name}, {"Value", value}});
  }
  return list;
}

double EpochSeconds(std::chrono::system_clock::time_point when) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  return static_cast<double>(millis) / 1000.0;
}

std::string IsoTime(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace gloss::auth
