// Status is the outcome of an operation that can fail for reasons outside the
// program's control: invalid client input, a missing object, an unavailable
// database or disk. It is either OK or holds a StatusCode and a message.
//
// Status is not for bugs: use GLOSS_CHECK / GLOSS_BUG (core/assert.h) for those.
//
// An OK Status allocates nothing. Copies of an error Status share one
// immutable representation.
//
// Thread safety: a Status is immutable after construction and may be read
// from any number of threads.

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gloss {

// Codes map 1:1 onto HTTP in http/status_response.cc. Add a code only together
// with its mapping.
enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,     // 400
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kAlreadyExists,       // 409
  kFailedPrecondition,  // 412, e.g. If-Match does not match the ETag.
  kPayloadTooLarge,     // 413, a body over its route's limit.
  kResourceExhausted,   // 429, quota or rate limit.
  kUnimplemented,       // 501, a service or operation that is not active.
  kUnavailable,         // 503, retryable.
  kDeadlineExceeded,    // 504, also a slow client (408 on the server side).
  kCorruption,          // 500, persisted data failed validation.
  kInternal,            // 500, also counted as a bug.
};

// Returns "InvalidArgument", "NotFound", ... for logs.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // Creates an OK status.
  Status() noexcept = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view message);
  static Status Unauthenticated(std::string_view message);
  static Status PermissionDenied(std::string_view message);
  static Status NotFound(std::string_view message);
  static Status AlreadyExists(std::string_view message);
  static Status FailedPrecondition(std::string_view message);
  static Status PayloadTooLarge(std::string_view message);
  static Status ResourceExhausted(std::string_view message);
  static Status Unimplemented(std::string_view message);
  static Status Unavailable(std::string_view message);
  static Status DeadlineExceeded(std::string_view message);
  static Status Corruption(std::string_view message);
  static Status Internal(std::string_view message);

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : rep_->code; }
  std::string_view message() const;

  // Returns "NotFound: bucket 'photos'". For logs only; clients see the
  // protocol-specific rendering.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` and ": ".
  // An OK status stays OK.
  Status WithContext(std::string_view context) const;

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };

  Status(StatusCode code, std::string_view message);

  std::shared_ptr<const Rep> rep_;  // Null iff OK.
};

}  // namespace gloss
