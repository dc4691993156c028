#include "gloss/model_client.h"

#include <string>
#include <utility>

#include "aws/sigv4.h"
#include "gloss/internal/aws_errors.h"
#include "gloss/internal/aws_transport.h"

namespace gloss {
namespace {

using nlohmann::json;

Outcome<json> PostJson(sdk::AwsTransport& transport, std::string_view model_id,
                       std::string_view operation, const json& body) {
  // Model ids carry ':' and '/' (ARNs): one encoded segment, which SigV4 for
  // non-S3 services then encodes once more in the canonical request.
  Result<sdk::HttpResponse> response = transport.Send(
      {.method = "POST",
       .path = "/model/" + aws::UriEncode(model_id, /*keep_slash=*/false) + "/" +
               std::string(operation),
       .headers = {{"content-type", "application/json"}, {"accept", "application/json"}},
       .body = body.dump(-1, ' ', false, json::error_handler_t::replace)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (response->status < 200 || response->status >= 300) {
    return sdk::JsonError(*response);
  }
  json output = json::parse(response->body, nullptr, false);
  if (output.is_discarded()) {
    return AwsError{.http_status = response->status,
                    .code = "InvalidResponse",
                    .message = std::string(operation) + ": response is not JSON",
                    .body = response->body};
  }
  return output;
}

}  // namespace

Outcome<ModelClient> ModelClient::Create(const ClientConfig& config) {
  Result<std::unique_ptr<sdk::AwsTransport>> transport =
      sdk::AwsTransport::Create(config, {.service = "bedrock"});
  if (!transport.ok()) {
    return sdk::ConfigurationError(transport.status().message());
  }
  return ModelClient(std::move(transport).value());
}

Outcome<ModelClient> ModelClient::FromEnvironment() {
  return Create(ConfigFromEnvironment("BEDROCK_RUNTIME"));
}

ModelClient::ModelClient(std::unique_ptr<sdk::AwsTransport> transport)
    : transport_(std::move(transport)) {}
ModelClient::ModelClient(ModelClient&&) noexcept = default;
ModelClient& ModelClient::operator=(ModelClient&&) noexcept = default;
ModelClient::~ModelClient() = default;

Outcome<json> ModelClient::InvokeModel(std::string_view model_id, const json& body) {
  return PostJson(*transport_, model_id, "invoke", body);
}

Outcome<json> ModelClient::Converse(std::string_view model_id, const json& request) {
  return PostJson(*transport_, model_id, "converse", request);
}

}  // namespace gloss
