// HttpClient is the SDK's one HTTP/1.1 client: blocking, plain http only
// (gloss and its runtime API listen on loopback), one keep-alive connection
// to one host. It is the only SDK file that includes Beast; everything else
// sees these plain structs.
//
// A request that fails on a reused connection before any response byte
// arrived (the server closed the idle connection) is sent once more on a new
// connection; any other failure is returned.
//
// Thread safety: not thread-safe; one HttpClient per thread.

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gloss::sdk {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method{};  // "GET", "PUT", ...
  std::string target{};  // Origin form, already percent-encoded: "/bucket/key?x=1".
  HeaderList headers{};  // Sent as given; Host is added when absent.
  std::string body{};    // Sent with Content-Length (none for an empty GET/HEAD).
};

struct HttpResponse {
  unsigned status = 0;
  HeaderList headers{};  // Names lower-case, in arrival order.
  std::string body{};    // Empty for HEAD.

  // First value of `name` (lower-case), if present.
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(5);
  uint64_t max_response_body = uint64_t{1} << 30;
};

class HttpClient {
 public:
  // Connects lazily, on the first Send.
  HttpClient(std::string host, uint16_t port, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends `request` and reads the whole response. `timeout` bounds sending and
  // receiving together; nullopt waits without limit (the runtime API's
  // `next`). Errors: kUnavailable (cannot connect, connection dropped),
  // kDeadlineExceeded (timeout), kPayloadTooLarge (body over
  // max_response_body), kInvalidArgument (malformed response). After an error
  // the connection is closed; the next Send reconnects.
  Result<HttpResponse> Send(const HttpRequest& request,
                            std::optional<std::chrono::milliseconds> timeout);

  // "host:port" (the Host header value).
  std::string HostHeader() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gloss::sdk
