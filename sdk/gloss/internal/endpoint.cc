#include "gloss/internal/endpoint.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace gloss::sdk {
namespace {

bool IsAsciiAlnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

// A DNS name or IPv4 address: letters, digits, '-', '.', '_'. (The host goes
// into the Host header and TLS name checks as is.)
bool IsPlainHost(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char ch) {
    return IsAsciiAlnum(ch) || ch == '-' || ch == '.' || ch == '_';
  });
}

// What may stand between [ and ]: hex digits, ':' and '.' (IPv4-mapped).
bool IsIpv6Literal(std::string_view host) {
  return host.find(':') != std::string_view::npos &&
         std::all_of(host.begin(), host.end(), [](char ch) {
           return std::isxdigit(static_cast<unsigned char>(ch)) != 0 || ch == ':' || ch == '.';
         });
}

// Visible ASCII only: the path is sent as given, so it must already be
// percent-encoded.
bool IsPathText(std::string_view path) {
  return std::all_of(path.begin(), path.end(), [](char ch) { return ch > ' ' && ch < 0x7f; });
}

}  // namespace

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

  if (!IsPathText(path)) {
    return Status::InvalidArgument("endpoint '" + std::string(url) +
                                   "' has a path that is not percent-encoded");
  }
  endpoint.base_path = std::string(path);
  std::string_view host = authority;
  std::string_view port;
  const bool bracketed = !authority.empty() && authority.front() == '[';
  if (bracketed) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a bad IPv6 host");
    }
    host = authority.substr(1, close - 1);
    if (!IsIpv6Literal(host)) {
      return Status::InvalidArgument("endpoint '" + std::string(url) + "' has a bad IPv6 host");
    }
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
  if (!bracketed && !IsPlainHost(host)) {
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
