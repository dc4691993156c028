// ClientConfig is where an SDK client sends its requests and how it signs
// them. Inside a gloss function everything comes from the environment gloss
// injects (functions.md "Environment of a worker"), read the way the AWS SDKs
// read it:
//   endpoint  AWS_ENDPOINT_URL_<SERVICE> (S3, SQS, BEDROCK_RUNTIME, ...), else
//             AWS_ENDPOINT_URL
//   region    AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1
//   keys      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (sent
//             as X-Amz-Security-Token)
// Endpoints are http (gloss on loopback) or https (verified against the
// system's trust store, or SSL_CERT_FILE / SSL_CERT_DIR).
//
// Thread safety: a plain value.

#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace gloss {

struct ClientConfig {
  // "http://127.0.0.1:4000" or "https://host[:port]", optionally with a base
  // path. Empty: unset (the client's Create fails with ConfigurationError).
  std::string endpoint{};
  std::string region = "us-east-1";
  // Empty access key: requests go unsigned.
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string session_token{};  // Empty: no X-Amz-Security-Token.
  // For a whole request (connect, send, response). Long polls add their wait.
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// Returns the value of an environment variable, or nullptr when unset.
using EnvLookup = std::function<const char*(const char* name)>;

// The configuration for the service whose endpoint variable ends in
// `service_env_id` ("S3" reads AWS_ENDPOINT_URL_S3 first). `lookup` defaults to
// std::getenv; tests pass their own.
ClientConfig ConfigFromEnvironment(std::string_view service_env_id, const EnvLookup& lookup = {});

}  // namespace gloss
