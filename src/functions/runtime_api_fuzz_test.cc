// Any method and request-target a runtime sends must map to one route, with
// a request id only for response/error, and that id must be a non-empty
// slice of the target without '/'.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "functions/runtime_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // "METHOD TARGET": the first space splits them.
  const size_t space = input.find(' ');
  const std::string_view method = space == std::string_view::npos ? "GET" : input.substr(0, space);
  const std::string_view target = space == std::string_view::npos ? input : input.substr(space + 1);
  const gloss::functions::RuntimeRoute route = gloss::functions::ParseRuntimeRoute(method, target);
  using Kind = gloss::functions::RuntimeRoute::Kind;
  if (route.kind == Kind::kResponse || route.kind == Kind::kError) {
    GLOSS_CHECK(!route.request_id.empty());
    GLOSS_CHECK(route.request_id.find('/') == std::string_view::npos);
    GLOSS_CHECK(route.request_id.data() >= target.data() &&
                route.request_id.data() + route.request_id.size() <= target.data() + target.size());
    GLOSS_CHECK(method == "POST");
  } else {
    GLOSS_CHECK(route.request_id.empty());
  }
  if (route.kind == Kind::kNext) {
    GLOSS_CHECK(method == "GET");
  }
  return 0;
}
