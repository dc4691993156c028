// QueryParams is the decoded query string of an S3 request: the names and
// values of `?list-type=2&prefix=a%2Fb&uploads`, each percent-decoded once
// ('+' stays '+', as the SDK encodes a space as %20). It answers "is this
// sub-resource present" for classification and "what is this parameter" for
// the parameter parsers. It is not a general URL parser.
//
// Thread safety: immutable after Parse; safe to read from any thread.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gloss::storage::s3 {

class QueryParams {
 public:
  QueryParams() = default;

  // Splits `raw_query` (without '?') at '&' and '=' and decodes each part.
  // A name without '=' has an empty value (`?uploads`). Empty pieces are
  // skipped. Errors: InvalidURI (kInvalidArgument) on a bad percent escape.
  static Result<QueryParams> Parse(std::string_view raw_query);

  bool Has(std::string_view name) const;

  // The value of the first parameter called `name`.
  std::optional<std::string_view> Get(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;  // In query order.
};

}  // namespace gloss::storage::s3
