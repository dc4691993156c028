// builtin:review-annotation (annotation_reviewer.h).

#include <optional>

#include "gloss/runtime.h"
#include "review-annotation/annotation_reviewer.h"

int main() {
  std::optional<gloss::review_annotation::AnnotationReviewer> reviewer;
  auto init = [&]() -> std::optional<gloss::HandlerError> {
    gloss::Outcome<gloss::DataClient> data = gloss::DataClient::FromEnvironment();
    if (!data.ok()) {
      return gloss::HandlerError("ReviewAnnotation.InitError", data.error().ToString());
    }
    reviewer.emplace(std::move(data.value()));
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context&) { return reviewer->Handle(event); },
      {.init = init});
}
