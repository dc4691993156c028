// RouteTable decides which service handles a request, from its header alone,
// the way LocalStack does (ARCHITECTURE §4). Rules, first match wins:
//   1. exact paths under /_gloss/ (health, metrics): always ours;
//   2. `X-Amz-Target: Prefix.Operation` -> the route registered for Prefix;
//   3. the SigV4 credential-scope service (Authorization header, or the
//      X-Amz-Credential query parameter of a presigned URL);
//   4. exact paths (per method; a path known under other methods is 405);
//   5. path prefixes, then path suffixes (longest first);
//   6. the fallback route.
// A table is built once and then shared read-only; the server swaps whole
// tables on reload instead of mutating one.
//
// Thread safety: building is single-threaded; a built table is immutable and
// Match() may be called from any thread.

#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it.
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/request.h"

namespace gloss::http {

class WebSocket;

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;
using WebSocketHandler =
    std::function<boost::asio::awaitable<void>(WebSocket&, const RequestHead&)>;

// Default body limit for API calls (JSON, XML, forms). Upload routes raise it.
inline constexpr size_t kDefaultBodyLimit = 1 << 20;

struct Route {
  std::string name;  // Metrics label and log field: "health", "s3", "cognito-idp".
  Handler handler;   // Answers plain HTTP requests; required.
  // Set on routes that accept a WebSocket upgrade (e.g. /graphql/realtime).
  WebSocketHandler websocket;
  // Subprotocols the WebSocket route speaks, in preference order.
  std::vector<std::string> subprotocols;
  size_t body_limit = kDefaultBodyLimit;
};

struct RouteMatch {
  const Route* route = nullptr;  // Null: no route (404) or wrong method (405).
  bool method_not_allowed = false;
};

class RouteTable {
 public:
  // `method` empty = any method. `path` is compared raw (not decoded).
  void AddPath(std::string method, std::string path, Route route);
  void AddPathPrefix(std::string prefix, Route route);
  void AddPathSuffix(std::string suffix, Route route);
  // `prefix` is the part of X-Amz-Target before the '.', e.g. "AmazonSQS".
  void AddAmzTarget(std::string prefix, Route route);
  // `service` as in a SigV4 credential scope: "s3", "sqs", "lambda", "appsync".
  void AddSigV4Service(std::string service, Route route);
  void SetFallback(Route route);

  RouteMatch Match(const RequestHead& head) const;

 private:
  static constexpr std::string_view kSystemPrefix = "/_gloss/";

  // Routes are heap-allocated so pointers handed out by Match stay valid.
  // Shared so that copying a table (to extend it on reload) copies no Route.
  using RoutePtr = std::shared_ptr<const Route>;

  std::map<std::string, std::map<std::string, RoutePtr>> paths_;  // path -> method -> route.
  std::vector<std::pair<std::string, RoutePtr>> prefixes_;        // Longest first.
  std::vector<std::pair<std::string, RoutePtr>> suffixes_;        // Longest first.
  std::map<std::string, RoutePtr, std::less<>> amz_targets_;
  std::map<std::string, RoutePtr, std::less<>> sigv4_services_;
  RoutePtr fallback_;
};

// The service of a SigV4 credential scope "AKID/20260101/us-east-1/s3/aws4_request"
// taken from the Authorization header or the X-Amz-Credential query parameter;
// nullopt when the request is not SigV4-signed or the scope is malformed.
std::optional<std::string> SigV4Service(const RequestHead& head);

// The prefix of `X-Amz-Target: AmazonSQS.SendMessage` ("AmazonSQS").
std::optional<std::string_view> AmzTargetPrefix(const RequestHead& head);

}  // namespace gloss::http
