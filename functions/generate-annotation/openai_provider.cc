#include "generate-annotation/openai_provider.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "annotate/model_output.h"
#include "core/base64.h"
#include "gloss/internal/endpoint.h"

namespace gloss::generate_annotation {
namespace {

using nlohmann::json;

bool Retryable(unsigned status) { return status == 429 || status >= 500; }

// The assistant's text: a string, or the text parts of a content array.
std::string ReplyText(const json& response) {
  if (!response.contains("choices") || !response["choices"].is_array() ||
      response["choices"].empty()) {
    return "";
  }
  const json& message = response["choices"][0].value("message", json::object());
  const json content = message.value("content", json());
  if (content.is_string()) {
    return content.get<std::string>();
  }
  std::string text;
  if (content.is_array()) {
    for (const json& part : content) {
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        text += part["text"].get<std::string>();
      }
    }
  }
  return text;
}

// The server's error message ({"error": {"message"}}), else the body's start.
std::string ErrorMessage(const sdk::HttpResponse& response) {
  const json body = json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object() &&
      body["error"].contains("message") && body["error"]["message"].is_string()) {
    return body["error"]["message"].get<std::string>();
  }
  return response.body.substr(0, 200);
}

}  // namespace

Result<OpenAiOptions> OpenAiOptionsFromEnvironment(const EnvLookup& lookup) {
  const EnvLookup get = lookup ? lookup : [](const char* name) { return std::getenv(name); };
  auto value = [&](const char* name) {
    const char* found = get(name);
    return std::string(found == nullptr ? "" : found);
  };
  OpenAiOptions options;
  options.base_url = value("OPENAI_BASE_URL");
  options.model = value("OPENAI_MODEL");
  options.api_key = value("OPENAI_API_KEY");
  if (options.base_url.empty()) {
    return Status::FailedPrecondition(
        "the openai provider needs OPENAI_BASE_URL (e.g. http://127.0.0.1:8080 for llama.cpp)");
  }
  if (options.model.empty()) {
    return Status::FailedPrecondition("the openai provider needs OPENAI_MODEL");
  }
  return options;
}

Result<std::unique_ptr<OpenAiProvider>> OpenAiProvider::Create(OpenAiOptions options) {
  Result<sdk::Endpoint> endpoint = sdk::ParseEndpoint(options.base_url);
  if (!endpoint.ok()) {
    return Status::InvalidArgument("OPENAI_BASE_URL: " + std::string(endpoint.status().message()));
  }
  std::string base = endpoint->base_path;
  if (base.ends_with("/v1")) {
    base.resize(base.size() - 3);
  }
  sdk::HttpClient client(endpoint->host, endpoint->port, {.tls = endpoint->tls});
  return std::unique_ptr<OpenAiProvider>(
      new OpenAiProvider(std::move(options), std::move(client), base + "/v1/chat/completions"));
}

OpenAiProvider::OpenAiProvider(OpenAiOptions options, sdk::HttpClient client, std::string target)
    : options_(std::move(options)),
      client_(std::move(client)),
      target_(std::move(target)),
      random_(std::random_device{}()) {}

Result<annotate::Annotation> OpenAiProvider::Annotate(const ProviderRequest& request) {
  const std::string image = Base64Encode(
      std::string_view(reinterpret_cast<const char*>(request.jpeg.data()), request.jpeg.size()));
  const json body = {{"model", options_.model},
                     {"max_tokens", options_.max_tokens},
                     {"temperature", 0},
                     {"messages",
                      {{{"role", "user"},
                        {"content",
                         {{{"type", "text"}, {"text", ModelInstruction(request.prompt)}},
                          {{"type", "image_url"},
                           {"image_url", {{"url", "data:image/jpeg;base64," + image}}}}}}}}}};
  sdk::HttpRequest http{.method = "POST",
                        .target = target_,
                        .headers = {{"content-type", "application/json"}},
                        .body = body.dump()};
  if (!options_.api_key.empty()) {
    http.headers.emplace_back("authorization", "Bearer " + options_.api_key);
  }
  for (int attempt = 0;; ++attempt) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        request.deadline - std::chrono::system_clock::now());
    if (remaining <= std::chrono::milliseconds(0)) {
      return Status::DeadlineExceeded("the OpenAI-compatible server did not answer in time");
    }
    Result<sdk::HttpResponse> response = client_.Send(http, remaining);
    std::string failure;
    if (!response.ok() && response.status().code() == StatusCode::kFailedPrecondition) {
      // A refused certificate: retrying cannot change it.
      return Status::FailedPrecondition("OpenAI-compatible server: " +
                                        std::string(response.status().message()));
    }
    if (!response.ok()) {
      failure = std::string(response.status().message());
    } else if (response->status == 200) {
      const json reply = json::parse(response->body, nullptr, false);
      if (reply.is_discarded()) {
        return Status::InvalidArgument("the OpenAI-compatible server answered with invalid JSON");
      }
      ASSIGN_OR_RETURN(const json object, annotate::ExtractJsonObject(ReplyText(reply)));
      return annotate::FromJson(object, request.size);
    } else if (!Retryable(response->status)) {
      const std::string message = "OpenAI-compatible server: HTTP " +
                                  std::to_string(response->status) + ": " + ErrorMessage(*response);
      return response->status == 401 || response->status == 403 ? Status::PermissionDenied(message)
                                                                : Status::InvalidArgument(message);
    } else {
      failure = "HTTP " + std::to_string(response->status) + ": " + ErrorMessage(*response);
    }
    if (attempt + 1 >= options_.retry.max_attempts) {
      return Status::Unavailable("OpenAI-compatible server: " + failure);
    }
    const std::chrono::milliseconds wait = Backoff(options_.retry, attempt, random_);
    if (std::chrono::system_clock::now() + wait >= request.deadline) {
      return Status::DeadlineExceeded("OpenAI-compatible server kept failing until the deadline: " +
                                      failure);
    }
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace gloss::generate_annotation
