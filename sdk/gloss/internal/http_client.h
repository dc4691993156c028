// HttpClient is the SDK's one HTTP/1.1 client: blocking, one keep-alive
// connection to one host, plain http (gloss and its runtime API on loopback)
// or https (Bedrock, OpenAI-compatible servers, gloss behind TLS). It is the
// only SDK file that includes Beast and Asio's OpenSSL wrapper; everything
// else sees these plain structs.
//
// TLS: 1.2 or newer; the peer's chain is verified against OpenSSL's default
// trust store (SSL_CERT_FILE / SSL_CERT_DIR, else the system's, on Debian
// /etc/ssl/certs) plus HttpClientOptions::trusted_ca_pem, and its certificate
// must name the host (a DNS SAN, or an IP SAN for an address). SNI is sent for
// names, not for addresses.
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
  bool tls = false;  // https: TLS on the connection (Endpoint::tls).
  // Bounds resolving-then-connecting, and separately the TLS handshake.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(5);
  uint64_t max_response_body = uint64_t{1} << 30;
  // PEM certificates trusted as roots besides the default trust store (a
  // private CA; tests). Empty: the default store only.
  std::string trusted_ca_pem{};
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
  // `next`); connecting is bounded by options.connect_timeout. Errors:
  // kUnavailable (cannot connect, TLS handshake failed, connection dropped),
  // kFailedPrecondition (the server's certificate is not trusted or does not
  // name the host: permanent, not worth a retry), kDeadlineExceeded (timeout, also while
  // connecting or in the handshake), kPayloadTooLarge (body over
  // max_response_body), kInvalidArgument (malformed response, or
  // trusted_ca_pem holds no usable certificate). After an error the
  // connection is closed; the next Send reconnects.
  Result<HttpResponse> Send(const HttpRequest& request,
                            std::optional<std::chrono::milliseconds> timeout);

  // The Host header value: "host:port", or "host" on the scheme's default
  // port (80 for http, 443 for https), as browsers and the AWS SDKs send it.
  std::string HostHeader() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gloss::sdk
