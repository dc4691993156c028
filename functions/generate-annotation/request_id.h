// The id of a generateAnnotation request, and so of the Annotation it
// stores: SHA-256 of (imageId, provider, model, prompt), formatted as a UUID
// (version 8, "custom"). The same request always names the same Annotation,
// so a retried create finds the first one instead of making a second.
//
// Thread safety: a pure function.

#pragma once

#include <string>
#include <string_view>

namespace gloss::generate_annotation {

std::string RequestId(std::string_view image_id, std::string_view provider, std::string_view model,
                      std::string_view prompt);

}  // namespace gloss::generate_annotation
