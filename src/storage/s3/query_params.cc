#include "storage/s3/query_params.h"

#include "http/request.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {

Result<QueryParams> QueryParams::Parse(std::string_view raw_query) {
  QueryParams query;
  while (!raw_query.empty()) {
    const size_t amp = raw_query.find('&');
    const std::string_view piece = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (piece.empty()) {
      continue;
    }
    const size_t eq = piece.find('=');
    Result<std::string> name = http::PercentDecode(piece.substr(0, eq));
    Result<std::string> value = eq == std::string_view::npos
                                    ? Result<std::string>(std::string())
                                    : http::PercentDecode(piece.substr(eq + 1));
    if (!name.ok() || !value.ok()) {
      return S3ErrorStatus(S3ErrorCode::kInvalidURI, "bad percent escape in the query string");
    }
    query.params_.emplace_back(std::move(name).value(), std::move(value).value());
  }
  return query;
}

bool QueryParams::Has(std::string_view name) const { return Get(name).has_value(); }

std::optional<std::string_view> QueryParams::Get(std::string_view name) const {
  for (const auto& [param_name, value] : params_) {
    if (param_name == name) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

}  // namespace gloss::storage::s3
