// builtin:generate-annotation (annotation_generator.h), the handler of the
// custom mutation generateAnnotation. Configuration (environment, checked at
// init): EVALUATION_QUEUE_URL (required), BUCKET_NAME (images),
// ANNOTATION_PROVIDER (local), and each provider's own variables, read when
// that provider is first asked for (bedrock_provider.h, openai_provider.h).

#include <cstdlib>
#include <optional>
#include <string>

#include "generate-annotation/annotation_generator.h"
#include "generate-annotation/provider_factory.h"
#include "gloss/runtime.h"

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback : value;
}

}  // namespace

int main() {
  std::optional<gloss::generate_annotation::AnnotationGenerator> generator;
  auto init = [&]() -> std::optional<gloss::HandlerError> {
    const std::string queue_url = Env("EVALUATION_QUEUE_URL", "");
    if (queue_url.empty()) {
      return gloss::HandlerError(
          "GenerateAnnotation.InvalidConfiguration",
          "EVALUATION_QUEUE_URL is not set (in backend.toml: "
          "environment = { EVALUATION_QUEUE_URL = \"${queues.evaluation.url}\" })");
    }
    gloss::Outcome<gloss::StorageClient> storage = gloss::StorageClient::FromEnvironment();
    gloss::Outcome<gloss::DataClient> data = gloss::DataClient::FromEnvironment();
    gloss::Outcome<gloss::QueueClient> queue = gloss::QueueClient::FromEnvironment();
    for (const gloss::AwsError* error :
         {storage.ok() ? nullptr : &storage.error(), data.ok() ? nullptr : &data.error(),
          queue.ok() ? nullptr : &queue.error()}) {
      if (error != nullptr) {
        return gloss::HandlerError("GenerateAnnotation.InitError", error->ToString());
      }
    }
    generator.emplace(std::move(storage.value()), std::move(data.value()), std::move(queue.value()),
                      gloss::generate_annotation::MakeProvider,
                      gloss::generate_annotation::GeneratorOptions{
                          .bucket = Env("BUCKET_NAME", "images"),
                          .queue_url = queue_url,
                          .default_provider = Env("ANNOTATION_PROVIDER", "local")});
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context& context) {
        return generator->Handle(event, context);
      },
      {.init = init});
}
