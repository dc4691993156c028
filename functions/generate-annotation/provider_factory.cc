#include "generate-annotation/provider_factory.h"

#include <string>
#include <utility>

#include "generate-annotation/bedrock_provider.h"
#include "generate-annotation/local_vision_provider.h"
#include "generate-annotation/openai_provider.h"

namespace gloss::generate_annotation {

Result<std::unique_ptr<Provider>> MakeProvider(std::string_view name) {
  if (name == "local") {
    ASSIGN_OR_RETURN(std::unique_ptr<LocalVisionProvider> provider, LocalVisionProvider::Create());
    return std::unique_ptr<Provider>(std::move(provider));
  }
  if (name == "bedrock") {
    ASSIGN_OR_RETURN(BedrockOptions options, BedrockOptionsFromEnvironment());
    ASSIGN_OR_RETURN(std::unique_ptr<BedrockProvider> provider,
                     BedrockProvider::Create(std::move(options)));
    return std::unique_ptr<Provider>(std::move(provider));
  }
  if (name == "openai") {
    ASSIGN_OR_RETURN(OpenAiOptions options, OpenAiOptionsFromEnvironment());
    ASSIGN_OR_RETURN(std::unique_ptr<OpenAiProvider> provider,
                     OpenAiProvider::Create(std::move(options)));
    return std::unique_ptr<Provider>(std::move(provider));
  }
  return Status::InvalidArgument("unknown provider '" + std::string(name) +
                                 "': use local, bedrock or openai");
}

}  // namespace gloss::generate_annotation
