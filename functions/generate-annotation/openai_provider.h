// The `openai` provider: any OpenAI-compatible chat completions endpoint
// (llama.cpp's server, vLLM, Ollama, ...) with a vision model:
// `POST {OPENAI_BASE_URL}/v1/chat/completions`, the image as a
// `data:image/jpeg;base64,` URL, `Authorization: Bearer $OPENAI_API_KEY`.
// 429 and 5xx are retried (retry.h) while the deadline allows.
//
// Configuration (environment): OPENAI_BASE_URL (required; http or https, with
// or without the trailing /v1), OPENAI_MODEL (required), OPENAI_API_KEY (a
// secret; optional for local servers).

#pragma once

#include <memory>
#include <random>
#include <string>

#include "generate-annotation/provider.h"
#include "generate-annotation/retry.h"
#include "gloss/client_config.h"
#include "gloss/internal/http_client.h"

namespace gloss::generate_annotation {

struct OpenAiOptions {
  std::string base_url;
  std::string model;
  std::string api_key;
  RetryPolicy retry;
  int max_tokens = 2048;
};

// kFailedPrecondition naming the missing variable.
Result<OpenAiOptions> OpenAiOptionsFromEnvironment(const EnvLookup& lookup = {});

class OpenAiProvider : public Provider {
 public:
  // kInvalidArgument for an unusable base URL.
  static Result<std::unique_ptr<OpenAiProvider>> Create(OpenAiOptions options);

  std::string_view name() const override { return "openai"; }
  std::string model() const override { return options_.model; }
  Result<annotate::Annotation> Annotate(const ProviderRequest& request) override;

 private:
  OpenAiProvider(OpenAiOptions options, sdk::HttpClient client, std::string target);

  OpenAiOptions options_;
  sdk::HttpClient client_;
  std::string target_;  // "/v1/chat/completions" under the base path.
  std::mt19937_64 random_;
};

}  // namespace gloss::generate_annotation
