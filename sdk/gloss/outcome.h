// Outcome<T> is what every SDK client call returns: the value, or an AwsError
// that names the failure the way the AWS SDKs do ("NoSuchKey", "AccessDenied",
// "QueueDoesNotExist", a GraphQL errorType, ...). Clients never throw.
//
// Codes that come from the client itself rather than from a response:
//   ConfigurationError  the endpoint or credentials are missing or unusable
//   NetworkingError     no connection, or it dropped before a whole response
//   CertificateError    https: the server's certificate is not trusted or does
//                       not name the host (a retry cannot help)
//   TimeoutError        no whole response within the client's timeout
//   InvalidResponse     a response the client cannot parse
//   InvalidChecksum     a response whose MD5 does not match its body (SQS)
// http_status is 0 for all of them.
//
// This header is self-contained (no gloss server headers), like every public
// SDK header.
//
// Thread safety: like the T it holds.

#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace gloss {

struct AwsError {
  unsigned http_status = 0;  // 0: no HTTP response (see the codes above).
  std::string code{};        // Never empty.
  std::string message{};
  std::string request_id{};  // x-amz-request-id / x-amzn-RequestId when the service sent one.
  // The raw response body when it carries more than code and message (the
  // whole GraphQL response with all its errors and partial data).
  std::string body{};

  // "NoSuchKey (404): The specified key does not exist." For logs.
  std::string ToString() const {
    std::string out = code;
    if (http_status != 0) {
      out += " (" + std::to_string(http_status) + ")";
    }
    if (!message.empty()) {
      out += ": " + message;
    }
    return out;
  }
};

namespace outcome_internal {
// Reading the value of a failed Outcome, or the error of a successful one, is
// a bug in the caller (test ok() first); it aborts like gloss's Result<T>.
[[noreturn]] inline void AbortNotOk(const AwsError& error) {
  std::fprintf(stderr, "gloss sdk: value() of a failed Outcome: %s\n", error.ToString().c_str());
  std::abort();
}
[[noreturn]] inline void AbortOk() {
  std::fprintf(stderr, "gloss sdk: error() of a successful Outcome\n");
  std::abort();
}
}  // namespace outcome_internal

template <typename T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : rep_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Outcome(AwsError error) : rep_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(rep_); }

  // The error. Calling it on a successful Outcome is a bug and aborts.
  const AwsError& error() const {
    if (ok()) {
      outcome_internal::AbortOk();
    }
    return std::get<AwsError>(rep_);
  }

  T& value() & {
    CheckOk();
    return std::get<T>(rep_);
  }
  const T& value() const& {
    CheckOk();
    return std::get<T>(rep_);
  }
  T&& value() && {
    CheckOk();
    return std::move(std::get<T>(rep_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void CheckOk() const {
    if (!ok()) {
      outcome_internal::AbortNotOk(std::get<AwsError>(rep_));
    }
  }

  std::variant<T, AwsError> rep_;
};

// For calls without a value (DeleteObject, DeleteMessage).
template <>
class [[nodiscard]] Outcome<void> {
 public:
  Outcome() = default;
  Outcome(AwsError error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  // The error. Calling it on a successful Outcome is a bug and aborts.
  const AwsError& error() const {
    if (ok_) {
      outcome_internal::AbortOk();
    }
    return error_;
  }

 private:
  AwsError error_;
  bool ok_ = true;
};

}  // namespace gloss
