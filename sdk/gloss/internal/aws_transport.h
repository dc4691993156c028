// AwsTransport sends one AWS service's requests: it adds the endpoint's base
// path, Host, X-Amz-Date, X-Amz-Content-Sha256 (hex SHA-256 of the body) and
// X-Amz-Security-Token, signs with SigV4 (aws::SignV4, the signer gloss
// itself verifies with) and returns the raw response for the client to
// interpret. Every header the request carries is signed.
//
// Thread safety: not thread-safe (it owns one HttpClient connection).

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "gloss/client_config.h"
#include "gloss/internal/endpoint.h"
#include "gloss/internal/http_client.h"

namespace gloss::sdk {

struct AwsRequest {
  std::string method{};
  std::string path{};    // Percent-encoded, starting with '/'; appended to the base path.
  std::string query{};   // Percent-encoded (RFC 3986), without '?'; may be empty.
  HeaderList headers{};  // Lower-case names; all signed.
  std::string body{};
  // Added to the configured timeout (long polls such as SQS WaitTimeSeconds).
  std::chrono::milliseconds extra_timeout{0};
};

struct SigningSettings {
  std::string service{};  // SigV4 scope service: "s3", "appsync", "sqs", "bedrock".
  bool raw_path = false;  // S3 signs the path as sent; the others normalise it.
};

class AwsTransport {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Errors: kInvalidArgument when config.endpoint is not a usable http or
  // https URL.
  static Result<std::unique_ptr<AwsTransport>> Create(const ClientConfig& config,
                                                      SigningSettings signing);

  // Signs and sends `request`. Errors: those of HttpClient::Send, and
  // kInvalidArgument when the request cannot be signed (a header name that is
  // not a token). A response with any status is a success here.
  Result<HttpResponse> Send(const AwsRequest& request);

  const Endpoint& endpoint() const { return endpoint_; }

  // Replaces the clock that dates signatures.
  void SetClockForTest(Clock clock) { clock_ = std::move(clock); }

 private:
  AwsTransport(const ClientConfig& config, SigningSettings signing, Endpoint endpoint);

  ClientConfig config_;
  SigningSettings signing_;
  Endpoint endpoint_;
  HttpClient http_;
  Clock clock_;
};

}  // namespace gloss::sdk
