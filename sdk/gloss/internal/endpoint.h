// Endpoint is a parsed `http://host[:port][/base]` or `https://host[:port][/base]`
// service URL (what AWS_ENDPOINT_URL, BEDROCK_ENDPOINT_URL or OPENAI_BASE_URL
// hold).
//
// Thread safety: plain values and a pure function.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::sdk {

struct Endpoint {
  bool tls = false;         // https:// (HttpClientOptions::tls).
  std::string host{};       // Name or address; IPv6 literals without brackets.
  uint16_t port = 80;       // The URL's, else 80 for http and 443 for https.
  std::string base_path{};  // "" or "/prefix" (no trailing slash), percent-encoded as given.
};

// Errors: kInvalidArgument for an empty URL, a scheme other than http or https,
// a missing host or one with characters no host name has (userinfo, spaces,
// control characters), a bad port, a path with characters that are not
// percent-encoded, or a query/fragment.
Result<Endpoint> ParseEndpoint(std::string_view url);

}  // namespace gloss::sdk
