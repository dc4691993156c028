#include "core/status.h"

namespace gloss {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kUnauthenticated: return "Unauthenticated";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case StatusCode::kPayloadTooLarge: return "PayloadTooLarge";
    case StatusCode::kResourceExhausted: return "ResourceExhausted";
    case StatusCode::kUnimplemented: return "Unimplemented";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kDeadlineExceeded: return "DeadlineExceeded";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string_view message)
    : rep_(std::make_shared<const Rep>(Rep{code, std::string(message)})) {}

Status Status::InvalidArgument(std::string_view m) { return {StatusCode::kInvalidArgument, m}; }
Status Status::Unauthenticated(std::string_view m) { return {StatusCode::kUnauthenticated, m}; }
Status Status::PermissionDenied(std::string_view m) { return {StatusCode::kPermissionDenied, m}; }
Status Status::NotFound(std::string_view m) { return {StatusCode::kNotFound, m}; }
Status Status::AlreadyExists(std::string_view m) { return {StatusCode::kAlreadyExists, m}; }
Status Status::FailedPrecondition(std::string_view m) {
  return {StatusCode::kFailedPrecondition, m};
}
Status Status::PayloadTooLarge(std::string_view m) { return {StatusCode::kPayloadTooLarge, m}; }
Status Status::ResourceExhausted(std::string_view m) { return {StatusCode::kResourceExhausted, m}; }
Status Status::Unimplemented(std::string_view m) { return {StatusCode::kUnimplemented, m}; }
Status Status::Unavailable(std::string_view m) { return {StatusCode::kUnavailable, m}; }
Status Status::DeadlineExceeded(std::string_view m) { return {StatusCode::kDeadlineExceeded, m}; }
Status Status::Corruption(std::string_view m) { return {StatusCode::kCorruption, m}; }
Status Status::Internal(std::string_view m) { return {StatusCode::kInternal, m}; }

std::string_view Status::message() const {
  return ok() ? std::string_view() : std::string_view(rep_->message);
}

std::string Status::ToString() const {
  if (ok()) {
    return "OK";
  }
  std::string out(StatusCodeName(rep_->code));
  out += ": ";
  out += rep_->message;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) {
    return *this;
  }
  std::string message(context);
  message += ": ";
  message += rep_->message;
  return Status(rep_->code, message);
}

}  // namespace gloss
