// libFuzzer target for ValidateScalar, which checks client-supplied AWS*
// scalar values. The first byte picks the scalar; the rest is validated both
// as a JSON string value and, if it parses, as a JSON value.
//
// Properties checked: no crash or sanitizer report; errors are
// kInvalidArgument; AWSDateTime implies a valid AWSDate prefix.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/assert.h"
#include "data/store/appsync_scalars.h"

using gloss::data::store::AppSyncScalar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  constexpr int kKinds = 9;
  const auto kind = static_cast<AppSyncScalar>(data[0] % kKinds);
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const gloss::Status as_string = gloss::data::store::ValidateScalar(kind, nlohmann::json(text));
  GLOSS_CHECK(as_string.ok() || as_string.code() == gloss::StatusCode::kInvalidArgument);
  if (as_string.ok() && kind == AppSyncScalar::kAwsDateTime) {
    const size_t t = text.find('T');
    GLOSS_CHECK(t != std::string::npos);
    GLOSS_CHECK(gloss::data::store::ValidateScalar(AppSyncScalar::kAwsDate,
                                                   nlohmann::json(text.substr(0, t)))
                    .ok());
  }
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    const gloss::Status as_json = gloss::data::store::ValidateScalar(kind, parsed);
    GLOSS_CHECK(as_json.ok() || as_json.code() == gloss::StatusCode::kInvalidArgument);
  }
  return 0;
}
