#include "gloss/internal/aws_transport.h"

#include <utility>

#include "aws/sigv4.h"
#include "http/request.h"

namespace gloss::sdk {

Result<std::unique_ptr<AwsTransport>> AwsTransport::Create(const ClientConfig& config,
                                                           SigningSettings signing) {
  ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(config.endpoint));
  return std::unique_ptr<AwsTransport>(
      new AwsTransport(config, std::move(signing), std::move(endpoint)));
}

AwsTransport::AwsTransport(const ClientConfig& config, SigningSettings signing, Endpoint endpoint)
    : config_(config),
      signing_(std::move(signing)),
      endpoint_(std::move(endpoint)),
      http_(endpoint_.host, endpoint_.port, {.tls = endpoint_.tls}),
      clock_([] { return std::chrono::system_clock::now(); }) {}

Result<HttpResponse> AwsTransport::Send(const AwsRequest& request) {
  http::RequestHead head;
  head.method = request.method;
  head.path = endpoint_.base_path + request.path;
  head.query = request.query;
  head.target = request.query.empty() ? head.path : head.path + "?" + request.query;

  const std::string payload_sha256 = aws::Sha256Hex(request.body);
  const std::string amz_date = aws::FormatAmzDate(clock_());
  head.headers.Add("host", http_.HostHeader());
  head.headers.Add("x-amz-date", amz_date);
  head.headers.Add("x-amz-content-sha256", payload_sha256);
  if (!config_.session_token.empty()) {
    head.headers.Add("x-amz-security-token", config_.session_token);
  }
  for (const auto& [name, value] : request.headers) {
    head.headers.Add(name, value);
  }

  HttpRequest http_request{.method = request.method, .target = head.target, .body = request.body};
  http_request.headers = head.headers.fields();
  if (!config_.access_key_id.empty()) {
    ASSIGN_OR_RETURN(std::string authorization,
                     aws::SignV4(head, {.access_key_id = config_.access_key_id,
                                        .secret_access_key = config_.secret_access_key,
                                        .region = config_.region,
                                        .service = signing_.service,
                                        .amz_date = amz_date,
                                        .payload_sha256_hex = payload_sha256,
                                        .signed_headers = {},  // All of them.
                                        .raw_path = signing_.raw_path}));
    http_request.headers.emplace_back("authorization", std::move(authorization));
  }
  return http_.Send(http_request, config_.timeout + request.extra_timeout);
}

}  // namespace gloss::sdk
