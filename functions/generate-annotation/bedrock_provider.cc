#include "generate-annotation/bedrock_provider.h"

#include <thread>
#include <utility>

#include "annotate/model_output.h"
#include "core/base64.h"

namespace gloss::generate_annotation {
namespace {

using nlohmann::json;

// Bedrock's errors worth another attempt (and any 5xx, lost connection or
// timeout; not a certificate the client refuses).
bool Retryable(const AwsError& error) {
  return error.code == "ThrottlingException" || error.code == "ServiceUnavailableException" ||
         error.code == "ModelNotReadyException" || error.code == "InternalServerException" ||
         error.http_status == 429 || error.http_status >= 500 || error.code == "NetworkingError" ||
         error.code == "TimeoutError";
}

// The text blocks of a reply, joined.
std::string ReplyText(const json& content, const char* type_key) {
  std::string text;
  if (!content.is_array()) {
    return text;
  }
  for (const json& block : content) {
    const bool is_text = type_key == nullptr ? block.contains("text")
                                             : block.value(type_key, "") == std::string("text");
    if (is_text && block.contains("text") && block["text"].is_string()) {
      text += block["text"].get<std::string>();
    }
  }
  return text;
}

Status ToStatus(const AwsError& error) {
  const std::string message = "Bedrock: " + error.ToString();
  if (error.http_status == 403 || error.code == "AccessDeniedException" ||
      error.code == "UnrecognizedClientException") {
    return Status::PermissionDenied(message);
  }
  if (error.code == "ThrottlingException" || error.http_status == 429) {
    return Status::ResourceExhausted(message);
  }
  if (Retryable(error)) {
    return Status::Unavailable(message);
  }
  return Status::InvalidArgument(message);
}

}  // namespace

Result<BedrockOptions> BedrockOptionsFromEnvironment(const EnvLookup& lookup) {
  const EnvLookup get = lookup ? lookup : [](const char* name) { return std::getenv(name); };
  BedrockOptions options;
  if (const char* model = get("BEDROCK_MODEL_ID"); model != nullptr && *model != '\0') {
    options.model_id = model;
  }
  if (const char* api = get("BEDROCK_API"); api != nullptr && *api != '\0') {
    const std::string_view value = api;
    if (value == "converse") {
      options.api = BedrockApi::kConverse;
    } else if (value != "invoke") {
      return Status::InvalidArgument("BEDROCK_API must be 'invoke' or 'converse', not '" +
                                     std::string(value) + "'");
    }
  }
  options.client = ConfigFromEnvironment("BEDROCK_RUNTIME", get);
  // AWS_ENDPOINT_URL* are gloss's to set (reserved in `environment`), so an
  // app names its Bedrock endpoint here. Without one: real Bedrock in the
  // function's region, unless AWS_ENDPOINT_URL_BEDROCK_RUNTIME says otherwise
  // (the general AWS_ENDPOINT_URL is gloss, which serves no Bedrock).
  const char* service_endpoint = get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  if (const char* endpoint = get("BEDROCK_ENDPOINT_URL");
      endpoint != nullptr && *endpoint != '\0') {
    options.client.endpoint = endpoint;
  } else if (service_endpoint == nullptr || *service_endpoint == '\0') {
    options.client.endpoint = "https://bedrock-runtime." + options.client.region + ".amazonaws.com";
  }
  if (const char* key = get("BEDROCK_ACCESS_KEY_ID"); key != nullptr && *key != '\0') {
    const char* secret = get("BEDROCK_SECRET_ACCESS_KEY");
    const char* token = get("BEDROCK_SESSION_TOKEN");
    options.client.access_key_id = key;
    options.client.secret_access_key = secret == nullptr ? "" : secret;
    options.client.session_token = token == nullptr ? "" : token;
  }
  return options;
}

Result<std::unique_ptr<BedrockProvider>> BedrockProvider::Create(BedrockOptions options) {
  Outcome<ModelClient> client = ModelClient::Create(options.client);
  if (!client.ok()) {
    return Status::FailedPrecondition("bedrock: " + client.error().ToString());
  }
  return std::unique_ptr<BedrockProvider>(
      new BedrockProvider(std::move(options), std::move(client.value())));
}

BedrockProvider::BedrockProvider(BedrockOptions options, ModelClient client)
    : options_(std::move(options)), client_(std::move(client)), random_(std::random_device{}()) {}

Outcome<std::string> BedrockProvider::Ask(const ProviderRequest& request) {
  const std::string image = Base64Encode(
      std::string_view(reinterpret_cast<const char*>(request.jpeg.data()), request.jpeg.size()));
  const std::string instruction = ModelInstruction(request.prompt);
  if (options_.api == BedrockApi::kConverse) {
    const json body = {
        {"messages",
         {{{"role", "user"},
           {"content",
            {{{"image", {{"format", "jpeg"}, {"source", {{"bytes", image}}}}}},
             {{"text", instruction}}}}}}},
        {"inferenceConfig", {{"maxTokens", options_.max_tokens}, {"temperature", 0}}}};
    Outcome<json> reply = client_.Converse(options_.model_id, body);
    if (!reply.ok()) {
      return reply.error();
    }
    const json& message = reply.value()["output"]["message"];
    return ReplyText(message.contains("content") ? message["content"] : json(), nullptr);
  }
  const json body = {
      {"anthropic_version", "bedrock-2023-05-31"},
      {"max_tokens", options_.max_tokens},
      {"temperature", 0},
      {"messages",
       {{{"role", "user"},
         {"content",
          {{{"type", "image"},
            {"source", {{"type", "base64"}, {"media_type", "image/jpeg"}, {"data", image}}}},
           {{"type", "text"}, {"text", instruction}}}}}}}};
  Outcome<json> reply = client_.InvokeModel(options_.model_id, body);
  if (!reply.ok()) {
    return reply.error();
  }
  return ReplyText(reply.value().contains("content") ? reply.value()["content"] : json(), "type");
}

Result<annotate::Annotation> BedrockProvider::Annotate(const ProviderRequest& request) {
  for (int attempt = 0;; ++attempt) {
    Outcome<std::string> reply = Ask(request);
    if (reply.ok()) {
      ASSIGN_OR_RETURN(const nlohmann::json object, annotate::ExtractJsonObject(reply.value()));
      return annotate::FromJson(object, request.size);
    }
    if (!Retryable(reply.error()) || attempt + 1 >= options_.retry.max_attempts) {
      return ToStatus(reply.error());
    }
    const std::chrono::milliseconds wait = Backoff(options_.retry, attempt, random_);
    if (std::chrono::system_clock::now() + wait >= request.deadline) {
      return Status::DeadlineExceeded("Bedrock kept failing until the function's deadline: " +
                                      reply.error().ToString());
    }
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace gloss::generate_annotation
