#include "gloss/data_client.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "gloss/internal/aws_errors.h"
#include "gloss/internal/aws_transport.h"

namespace gloss {
namespace {

constexpr std::string_view kGraphqlPath = "/graphql";

// The first GraphQL error as an AwsError that keeps the whole body.
AwsError GraphqlError(const sdk::HttpResponse& response, const nlohmann::json& errors) {
  AwsError error{.http_status = response.status, .code = "GraphQLError", .body = response.body};
  if (errors.is_array() && !errors.empty() && errors[0].is_object()) {
    const nlohmann::json& first = errors[0];
    if (const auto type = first.find("errorType"); type != first.end() && type->is_string()) {
      error.code = type->get<std::string>();
    }
    if (const auto message = first.find("message");
        message != first.end() && message->is_string()) {
      error.message = message->get<std::string>();
    }
  }
  if (const auto id = response.Header("x-amzn-requestid")) {
    error.request_id = std::string(*id);
  }
  return error;
}

AwsError NotAConnection(std::string_view field, std::string message) {
  return AwsError{.code = "InvalidResponse",
                  .message = "list query field '" + std::string(field) + "': " + message};
}

// Runs a list query page by page, handing each page's items (an array) to
// `on_items` until it returns false or the pages end. Returns the error that
// stopped it, if any.
template <typename OnItems>
std::optional<AwsError> ForEachPage(DataClient& client, std::string_view query,
                                    std::string_view field, nlohmann::json variables,
                                    OnItems on_items) {
  while (true) {
    Outcome<nlohmann::json> page = client.Execute(query, variables);
    if (!page.ok()) {
      return page.error();
    }
    const auto list = page.value().find(field);
    if (list == page.value().end() || !list->is_object() || !list->contains("items") ||
        !(*list)["items"].is_array()) {
      return NotAConnection(field, "the response has no {items, nextToken} there");
    }
    if (!on_items((*list)["items"])) {
      return std::nullopt;
    }
    const nlohmann::json& token = (*list)["nextToken"];
    if (!token.is_string()) {
      return std::nullopt;
    }
    if (variables.contains("nextToken") && variables["nextToken"] == token) {
      return NotAConnection(field, "a page returned the nextToken it was asked with");
    }
    variables["nextToken"] = token;
  }
}

}  // namespace

Outcome<DataClient> DataClient::Create(const ClientConfig& config) {
  Result<std::unique_ptr<sdk::AwsTransport>> transport =
      sdk::AwsTransport::Create(config, {.service = "appsync"});
  if (!transport.ok()) {
    return sdk::ConfigurationError(transport.status().message());
  }
  DataClient client(std::move(transport).value());
  if (!client.transport_->endpoint().base_path.ends_with(kGraphqlPath)) {
    client.path_ = kGraphqlPath;
  }
  return client;
}

Outcome<DataClient> DataClient::FromEnvironment() {
  ClientConfig config = ConfigFromEnvironment("APPSYNC");
  if (const char* graphql = std::getenv("AMPLIFY_DATA_GRAPHQL_ENDPOINT");
      graphql != nullptr && *graphql != '\0') {
    config.endpoint = graphql;
  }
  return Create(config);
}

DataClient::DataClient(std::unique_ptr<sdk::AwsTransport> transport)
    : transport_(std::move(transport)) {}
DataClient::DataClient(DataClient&&) noexcept = default;
DataClient& DataClient::operator=(DataClient&&) noexcept = default;
DataClient::~DataClient() = default;

Outcome<nlohmann::json> DataClient::Execute(std::string_view query,
                                            const nlohmann::json& variables) {
  const nlohmann::json document = {{"query", query}, {"variables", variables}};
  Result<sdk::HttpResponse> response = transport_->Send(
      {.method = "POST",
       .path = path_,
       .headers = {{"content-type", "application/json"}, {"accept", "application/json"}},
       .body = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
  if (!body.is_object()) {
    if (response->status < 200 || response->status >= 300) {
      return sdk::JsonError(*response);
    }
    return AwsError{.http_status = response->status,
                    .code = "InvalidResponse",
                    .message = "GraphQL response is not a JSON object",
                    .body = response->body};
  }
  if (const auto errors = body.find("errors"); errors != body.end() && !errors->empty()) {
    return GraphqlError(*response, *errors);
  }
  if (response->status < 200 || response->status >= 300) {
    return sdk::JsonError(*response);
  }
  nlohmann::json data = std::move(body["data"]);
  return data;
}

Outcome<nlohmann::json> DataClient::FirstItem(std::string_view query, std::string_view field,
                                              nlohmann::json variables) {
  nlohmann::json first = nullptr;
  std::optional<AwsError> error =
      ForEachPage(*this, query, field, std::move(variables), [&first](const nlohmann::json& items) {
        if (items.empty()) {
          return true;
        }
        first = items[0];
        return false;
      });
  if (error) {
    return *std::move(error);
  }
  return first;
}

Outcome<std::vector<nlohmann::json>> DataClient::AllItems(std::string_view query,
                                                          std::string_view field,
                                                          nlohmann::json variables) {
  std::vector<nlohmann::json> all;
  std::optional<AwsError> error =
      ForEachPage(*this, query, field, std::move(variables), [&all](const nlohmann::json& items) {
        all.insert(all.end(), items.begin(), items.end());
        return true;
      });
  if (error) {
    return *std::move(error);
  }
  return all;
}

}  // namespace gloss
