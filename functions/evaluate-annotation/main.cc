// builtin:evaluate-annotation (annotation_evaluator.h), the evaluation
// queue's consumer. Configuration: PASS_THRESHOLD (0.7), FAIL_THRESHOLD (0.4),
// SECOND_PROVIDER (unset; local | bedrock | openai) and BUCKET_NAME (images),
// checked at init.

#include <cstdlib>
#include <optional>
#include <string>

#include "evaluate-annotation/annotation_evaluator.h"
#include "generate-annotation/provider_factory.h"
#include "gloss/runtime.h"

int main() {
  std::optional<gloss::evaluate_annotation::AnnotationEvaluator> evaluator;
  auto init = [&]() -> std::optional<gloss::HandlerError> {
    gloss::Result<gloss::evaluate_annotation::Thresholds> thresholds =
        gloss::evaluate_annotation::ThresholdsFromEnvironment(
            [](const char* name) -> const char* { return std::getenv(name); });
    if (!thresholds.ok()) {
      return gloss::HandlerError("EvaluateAnnotation.InvalidConfiguration",
                                 std::string(thresholds.status().message()));
    }
    gloss::Outcome<gloss::DataClient> data = gloss::DataClient::FromEnvironment();
    if (!data.ok()) {
      return gloss::HandlerError("EvaluateAnnotation.InitError", data.error().ToString());
    }
    std::optional<gloss::evaluate_annotation::SecondRun> second_run;
    if (const char* name = std::getenv("SECOND_PROVIDER"); name != nullptr && *name != '\0') {
      gloss::Result<std::unique_ptr<gloss::generate_annotation::Provider>> provider =
          gloss::generate_annotation::MakeProvider(name);
      if (!provider.ok()) {
        return gloss::HandlerError("EvaluateAnnotation.InvalidConfiguration",
                                   "SECOND_PROVIDER: " + std::string(provider.status().message()));
      }
      gloss::Outcome<gloss::StorageClient> storage = gloss::StorageClient::FromEnvironment();
      if (!storage.ok()) {
        return gloss::HandlerError("EvaluateAnnotation.InitError", storage.error().ToString());
      }
      const char* bucket = std::getenv("BUCKET_NAME");
      second_run = gloss::evaluate_annotation::SecondRun{
          .provider = std::move(*provider),
          .storage = std::move(storage.value()),
          .bucket = bucket == nullptr || *bucket == '\0' ? "images" : bucket};
    }
    evaluator.emplace(std::move(data.value()), *thresholds, std::move(second_run));
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context&) { return evaluator->Handle(event); },
      {.init = init});
}
