// Makes the provider called `name` ("local" | "bedrock" | "openai") from the
// environment (each provider's header lists its variables). Errors:
// kInvalidArgument for an unknown name, the provider's own for missing or bad
// configuration.

#pragma once

#include <memory>
#include <string_view>

#include "generate-annotation/provider.h"

namespace gloss::generate_annotation {

Result<std::unique_ptr<Provider>> MakeProvider(std::string_view name);

}  // namespace gloss::generate_annotation
