// Opaque, tamper-proof pagination tokens (the `nextToken` of list queries):
// the position where the next page starts, as JSON, signed with HMAC-SHA256
// under a server key (docs/design/data-store.md, "Page tokens").
//
// What it is not: encryption. The client can read the position (key values
// of the last item); it cannot forge or alter one.
//
// Thread safety: a PageTokenCodec is immutable after construction; Encode and
// Decode may run on any number of threads at once.

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gloss::data::store {

class PageTokenCodec {
 public:
  static constexpr size_t kMinKeySize = 32;
  // Decode rejects longer tokens before any work.
  static constexpr size_t kMaxTokenSize = 4096;

  // `key`: at least kMinKeySize random bytes (config; checked, aborts if shorter).
  explicit PageTokenCodec(std::string key);

  // Returns base64url(payload) "." base64url(HMAC-SHA256(key, payload)), where
  // payload is the compact JSON of `position`. Keep positions small: a token
  // over kMaxTokenSize will not decode.
  std::string Encode(const nlohmann::json& position) const;

  // Returns the position `token` was encoded from. Errors: kInvalidArgument
  // "Invalid pagination token" for anything this key did not encode (bad
  // syntax, wrong MAC, other key, oversize).
  Result<nlohmann::json> Decode(std::string_view token) const;

 private:
  std::string Mac(std::string_view payload) const;

  std::string key_;
};

}  // namespace gloss::data::store
