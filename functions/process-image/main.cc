// builtin:process-image (image_processor.h): configured by its environment
// (media/pipeline_options.h), validated at init so a bad value is the
// function's init error rather than every image's.

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "gloss/runtime.h"
#include "media/media_runtime.h"
#include "process-image/image_processor.h"

int main() {
  std::optional<gloss::process_image::ImageProcessor> processor;
  auto init = [&]() -> std::optional<gloss::HandlerError> {
    if (const gloss::Status started = gloss::media::InitMedia(); !started.ok()) {
      return gloss::HandlerError("ProcessImage.InitError", std::string(started.message()));
    }
    gloss::Result<gloss::media::PipelineOptions> options = gloss::media::OptionsFromEnvironment(
        [](std::string_view name) -> std::optional<std::string> {
          const char* value = std::getenv(std::string(name).c_str());
          return value == nullptr ? std::nullopt : std::optional<std::string>(value);
        });
    if (!options.ok()) {
      return gloss::HandlerError("ProcessImage.InvalidConfiguration",
                                 std::string(options.status().message()));
    }
    gloss::Outcome<gloss::StorageClient> storage = gloss::StorageClient::FromEnvironment();
    if (!storage.ok()) {
      return gloss::HandlerError("ProcessImage.InitError", storage.error().ToString());
    }
    gloss::Outcome<gloss::DataClient> data = gloss::DataClient::FromEnvironment();
    if (!data.ok()) {
      return gloss::HandlerError("ProcessImage.InitError", data.error().ToString());
    }
    processor.emplace(std::move(storage.value()), std::move(data.value()), *options);
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context&) { return processor->Handle(event); },
      {.init = init});
}
