// The `bedrock` provider: a vision model on Amazon Bedrock, through the SDK's
// ModelClient (SigV4, service "bedrock"): InvokeModel with the Anthropic
// messages body, or the Converse API. Throttling, unavailability and 5xx are
// retried (retry.h) while the deadline allows.
//
// Configuration (environment): BEDROCK_MODEL_ID (default
// anthropic.claude-3-haiku-20240307-v1:0), BEDROCK_API (invoke | converse),
// BEDROCK_ENDPOINT_URL (http or https; default
// https://bedrock-runtime.$AWS_REGION.amazonaws.com), AWS_REGION, and
// BEDROCK_ACCESS_KEY_ID / BEDROCK_SECRET_ACCESS_KEY / BEDROCK_SESSION_TOKEN
// (secrets: credentials for real Bedrock) else the function's own.

#pragma once

#include <memory>
#include <random>
#include <string>

#include "generate-annotation/provider.h"
#include "generate-annotation/retry.h"
#include "gloss/client_config.h"
#include "gloss/model_client.h"

namespace gloss::generate_annotation {

enum class BedrockApi : uint8_t { kInvokeModel, kConverse };

struct BedrockOptions {
  std::string model_id = "anthropic.claude-3-haiku-20240307-v1:0";
  BedrockApi api = BedrockApi::kInvokeModel;
  ClientConfig client;
  RetryPolicy retry;
  int max_tokens = 2048;
};

// Reads the variables above; kInvalidArgument for an unknown BEDROCK_API.
Result<BedrockOptions> BedrockOptionsFromEnvironment(const EnvLookup& lookup = {});

class BedrockProvider : public Provider {
 public:
  // kFailedPrecondition when the client cannot be made (no endpoint).
  static Result<std::unique_ptr<BedrockProvider>> Create(BedrockOptions options);

  std::string_view name() const override { return "bedrock"; }
  std::string model() const override { return options_.model_id; }
  Result<annotate::Annotation> Annotate(const ProviderRequest& request) override;

 private:
  BedrockProvider(BedrockOptions options, ModelClient client);

  // The model's reply text for one attempt.
  Outcome<std::string> Ask(const ProviderRequest& request);

  BedrockOptions options_;
  ModelClient client_;
  std::mt19937_64 random_;
};

}  // namespace gloss::generate_annotation
