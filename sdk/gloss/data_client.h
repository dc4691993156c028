// DataClient runs GraphQL operations against gloss data (AppSync-compatible):
// `POST {endpoint}/graphql` with {"query","variables"}, signed with SigV4
// service "appsync" (the IAM authorization mode), so the function's `policy`
// decides what it may do.
//
// A response with GraphQL errors is an error: AwsError::code is the first
// error's errorType (AppSync's UnauthorizedException, DynamoDB:..., ...) or
// "GraphQLError" when it has none; message is its message; body is the whole
// response (every error, and any partial data). Non-2xx answers without a
// GraphQL body use the HTTP status name (outcome.h, aws_errors.h).
//
// Thread safety: not thread-safe; one client per thread.

#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gloss/client_config.h"
#include "gloss/outcome.h"

namespace gloss {
namespace sdk {
class AwsTransport;
}  // namespace sdk

class DataClient {
 public:
  // `config.endpoint` is gloss's base URL (the client appends /graphql) or the
  // full GraphQL URL ending in /graphql. Errors: ConfigurationError.
  static Outcome<DataClient> Create(const ClientConfig& config);
  // The endpoint is AMPLIFY_DATA_GRAPHQL_ENDPOINT when set (what Amplify Gen2
  // gives functions with data access), else AWS_ENDPOINT_URL_APPSYNC, else
  // AWS_ENDPOINT_URL; the rest as ConfigFromEnvironment.
  static Outcome<DataClient> FromEnvironment();

  DataClient(DataClient&&) noexcept;
  DataClient& operator=(DataClient&&) noexcept;
  ~DataClient();

  // Runs one operation. Returns the response's `data` (an object; null members
  // for fields that resolved to null).
  Outcome<nlohmann::json> Execute(std::string_view query,
                                  const nlohmann::json& variables = nlohmann::json::object());

  // List queries, page by page. `query` returns a connection
  // ({items, nextToken}) as data[`field`] and must declare
  // `$nextToken: String` and pass it to that field; the client sets it from
  // each page's nextToken. A filtered list can return empty pages before a
  // match (the filter applies after the page limit), so both follow
  // nextToken to the end. Errors: those of Execute; InvalidResponse when
  // data[`field`] is not a connection or a page repeats the token it was
  // asked with (a server that would never finish).
  //
  // The first item of the first page that has any, or null when none has.
  Outcome<nlohmann::json> FirstItem(std::string_view query, std::string_view field,
                                    nlohmann::json variables = nlohmann::json::object());
  // Every item of every page, in order.
  Outcome<std::vector<nlohmann::json>> AllItems(
      std::string_view query, std::string_view field,
      nlohmann::json variables = nlohmann::json::object());

 private:
  explicit DataClient(std::unique_ptr<sdk::AwsTransport> transport);

  std::unique_ptr<sdk::AwsTransport> transport_;  // Never null.
  std::string path_;                              // "/graphql" or "" (in the base path).
};

}  // namespace gloss
