// libFuzzer target for ParseEndpoint, which reads AWS_ENDPOINT_URL,
// BEDROCK_ENDPOINT_URL and OPENAI_BASE_URL.
//
// Properties checked: no crash or sanitizer report; errors are
// kInvalidArgument; an accepted URL yields a host of host-name characters (or
// an IPv6 literal), a non-zero port and a base path that is empty or starts
// with '/' and has no trailing '/' or spaces; and the URL rebuilt from those
// parts parses to the same endpoint.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "gloss/internal/endpoint.h"

namespace {

bool SameEndpoint(const gloss::sdk::Endpoint& a, const gloss::sdk::Endpoint& b) {
  return a.tls == b.tls && a.host == b.host && a.port == b.port && a.base_path == b.base_path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  const gloss::Result<gloss::sdk::Endpoint> endpoint = gloss::sdk::ParseEndpoint(url);
  if (!endpoint.ok()) {
    GLOSS_CHECK(endpoint.status().code() == gloss::StatusCode::kInvalidArgument);
    return 0;
  }
  GLOSS_CHECK(!endpoint->host.empty());
  GLOSS_CHECK(endpoint->port != 0);
  for (const char ch : endpoint->host) {
    GLOSS_CHECK(ch > ' ' && ch < 0x7f && ch != '/' && ch != '@' && ch != '[' && ch != ']');
  }
  for (const char ch : endpoint->base_path) {
    GLOSS_CHECK(ch > ' ' && ch < 0x7f);
  }
  GLOSS_CHECK(endpoint->base_path.empty() ||
              (endpoint->base_path.front() == '/' && endpoint->base_path.back() != '/'));

  const bool ipv6 = endpoint->host.find(':') != std::string::npos;
  const std::string rebuilt = std::string(endpoint->tls ? "https://" : "http://") +
                              (ipv6 ? "[" + endpoint->host + "]" : endpoint->host) + ":" +
                              std::to_string(endpoint->port) + endpoint->base_path;
  const gloss::Result<gloss::sdk::Endpoint> again = gloss::sdk::ParseEndpoint(rebuilt);
  GLOSS_CHECK(again.ok());
  GLOSS_CHECK(SameEndpoint(*endpoint, *again));
  return 0;
}
