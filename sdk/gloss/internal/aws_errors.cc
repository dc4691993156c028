#include "gloss/internal/aws_errors.h"

#include <string>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace gloss::sdk {
namespace {

// "com.amazonaws.sqs#QueueDoesNotExist:http://..." -> "QueueDoesNotExist".
std::string ShortErrorName(std::string_view name) {
  if (const size_t hash = name.rfind('#'); hash != std::string_view::npos) {
    name = name.substr(hash + 1);
  }
  if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  return std::string(name);
}

std::string StringMember(const nlohmann::json& body, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const auto it = body.find(name);
    if (it != body.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return "";
}

}  // namespace

AwsError ConfigurationError(std::string_view message) {
  return AwsError{.code = "ConfigurationError", .message = std::string(message)};
}

AwsError TransportError(const Status& status) {
  AwsError error{.message = std::string(status.message())};
  switch (status.code()) {
    case StatusCode::kDeadlineExceeded: error.code = "TimeoutError"; break;
    case StatusCode::kUnavailable: error.code = "NetworkingError"; break;
    case StatusCode::kFailedPrecondition: error.code = "CertificateError"; break;
    default: error.code = "InvalidResponse"; break;
  }
  return error;
}

std::string CodeForHttpStatus(unsigned status) {
  switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 409: return "Conflict";
    case 412: return "PreconditionFailed";
    case 413: return "RequestEntityTooLarge";
    case 429: return "TooManyRequests";
    case 500: return "InternalServerError";
    case 501: return "NotImplemented";
    case 503: return "ServiceUnavailable";
    default: return "Http" + std::to_string(status);
  }
}

AwsError S3Error(const HttpResponse& response) {
  AwsError error{.http_status = response.status};
  if (const auto id = response.Header("x-amz-request-id")) {
    error.request_id = std::string(*id);
  }
  pugi::xml_document document;
  if (!response.body.empty() && document.load_buffer(response.body.data(), response.body.size(),
                                                     pugi::parse_default, pugi::encoding_utf8)) {
    const pugi::xml_node root = document.child("Error");
    error.code = root.child_value("Code");
    error.message = root.child_value("Message");
    if (error.request_id.empty()) {
      error.request_id = root.child_value("RequestId");
    }
  }
  if (error.code.empty()) {
    error.code = CodeForHttpStatus(response.status);
  }
  return error;
}

AwsError JsonError(const HttpResponse& response) {
  AwsError error{.http_status = response.status};
  if (const auto id = response.Header("x-amzn-requestid")) {
    error.request_id = std::string(*id);
  }
  if (const auto type = response.Header("x-amzn-errortype")) {
    error.code = ShortErrorName(*type);
  }
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    if (error.code.empty()) {
      error.code = ShortErrorName(StringMember(body, {"__type", "code", "Code"}));
    }
    error.message = StringMember(body, {"message", "Message"});
  }
  if (error.code.empty()) {
    error.code = CodeForHttpStatus(response.status);
  }
  return error;
}

}  // namespace gloss::sdk
