// The JSON object in a vision model's reply. Models asked for JSON often wrap
// it: in ```json fences, after a sentence of prose, with a trailing comma.
// These repairs are safe (they cannot change what the object says) and are
// made; anything else is kInvalidArgument ("the model's reply has no JSON
// object" / "... is not valid JSON: <parser message>").
//
// Thread safety: pure functions.

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gloss::annotate {

Result<nlohmann::json> ExtractJsonObject(std::string_view reply);

}  // namespace gloss::annotate
