#include "gloss/internal/endpoint.h"

#include <charconv>
#include <string>

namespace gloss::sdk {

Result<Endpoint> ParseEndpoint(std::string_view url) {
  constexpr std::string_view kHttp = "http://";
  constexpr std::string_view kHttps = "https://";
  if (url.empty()) {
    return Status::InvalidArgument("no endpoint URL (set AWS_ENDPOINT_URL)");
  }
  Endpoint endpoint;
  std::string_view rest;
  if (url.starts_with(kHttp)) {
    rest = url.substr(kHttp.size());
  } else if (url.starts_with(kHttps)) {
    rest = url.substr(kHttps.size());
    endpoint.tls = true;
    endpoint.port = 443;
  } else {
    return Status::InvalidArgument("endpoint '" + std::string(url) +
                                   "' is not an http:// or https:// URL");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a query or fragment");
  }
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }

  endpoint.base_path = std::string(path);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a bad IPv6 host");
    }
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a bad host");
      }
      port = after.substr(1);
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("endpoint '" + std::string(url) + "' has no usable host");
  }
  endpoint.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a bad port");
    }
    endpoint.port = static_cast<uint16_t>(value);
  }
  return endpoint;
}

}  // namespace gloss::sdk
