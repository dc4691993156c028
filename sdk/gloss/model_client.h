// ModelClient calls the Bedrock runtime API: InvokeModel
// (`POST /model/{modelId}/invoke`, the model's own JSON in and out) and
// Converse (`POST /model/{modelId}/converse`, Bedrock's model-neutral
// messages shape), signed with SigV4 service "bedrock". Bodies are passed
// through as JSON: the client does not model any provider's fields.
//
// Errors: Bedrock's names from x-amzn-ErrorType or the body
// (ValidationException, AccessDeniedException, ResourceNotFoundException,
// ThrottlingException, ModelTimeoutException, ...) and the client codes of
// outcome.h.
//
// Thread safety: not thread-safe; one client per thread.

#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "gloss/client_config.h"
#include "gloss/outcome.h"

namespace gloss {
namespace sdk {
class AwsTransport;
}  // namespace sdk

class ModelClient {
 public:
  // Errors: ConfigurationError when config.endpoint is unusable.
  static Outcome<ModelClient> Create(const ClientConfig& config);
  // Create(ConfigFromEnvironment("BEDROCK_RUNTIME")).
  static Outcome<ModelClient> FromEnvironment();

  ModelClient(ModelClient&&) noexcept;
  ModelClient& operator=(ModelClient&&) noexcept;
  ~ModelClient();

  // Sends `body` (the model provider's request JSON) and returns the model's
  // response JSON.
  Outcome<nlohmann::json> InvokeModel(std::string_view model_id, const nlohmann::json& body);

  // Sends a Converse request ({"messages":[{"role":"user","content":[{"text":
  // "..."}]}], "system", "inferenceConfig", ...}) and returns the response
  // ({"output":{"message":...},"stopReason","usage",...}).
  Outcome<nlohmann::json> Converse(std::string_view model_id, const nlohmann::json& request);

 private:
  explicit ModelClient(std::unique_ptr<sdk::AwsTransport> transport);

  std::unique_ptr<sdk::AwsTransport> transport_;  // Never null.
};

}  // namespace gloss
