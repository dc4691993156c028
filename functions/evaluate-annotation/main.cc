// builtin:evaluate-annotation (annotation_evaluator.h), the evaluation
// queue's consumer. Configuration: PASS_THRESHOLD (0.7), FAIL_THRESHOLD (0.4),
// checked at init.

#include <cstdlib>
#include <optional>
#include <string>

#include "evaluate-annotation/annotation_evaluator.h"
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
    evaluator.emplace(std::move(data.value()), *thresholds);
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context&) { return evaluator->Handle(event); },
      {.init = init});
}
