// The request and response types every HTTP handler sees. They hold no
// Boost.Beast types, so services can include this header without pulling the
// HTTP library into their translation units.
//
// A request body is not buffered by the server: the handler pulls it through
// BodyReader, which streams from the socket in the handler's own pace and
// enforces the route's body limit.
//
// Thread safety: a Request and its BodyReader belong to one connection and are
// used on that connection's I/O thread only.

#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it.
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/result.h"
#include "core/unique_fd.h"

namespace gloss::http {

// Header fields in arrival order; names are stored lower-case.
class Headers {
 public:
  void Add(std::string_view name, std::string_view value);
  // First value of `name` (any case), if present.
  std::optional<std::string_view> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// Everything known once the header is read, before any body byte.
struct RequestHead {
  std::string method;  // "GET", "PUT", ...
  std::string target;  // Raw request-target: path plus "?query", as received.
  std::string path;    // Raw (still percent-encoded) path part of `target`.
  std::string query;   // Raw query string without '?', may be empty.
  Headers headers;
  std::optional<uint64_t> content_length;  // Absent for chunked bodies.
  std::string remote_address;

  // Value of query parameter `name`, percent-decoded; the first if repeated.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// Pulls the request body from the connection.
class BodyReader {
 public:
  virtual ~BodyReader() = default;

  // Reads up to buffer.size() bytes. Returns 0 at the end of the body.
  // Errors: kPayloadTooLarge past the route's body limit; kDeadlineExceeded
  // when the client stalls; kInvalidArgument on malformed framing;
  // kUnavailable when the connection drops.
  virtual boost::asio::awaitable<Result<size_t>> ReadSome(std::span<char> buffer) = 0;

  // Reads the whole remaining body. Errors as ReadSome, and kPayloadTooLarge
  // when it exceeds `limit` bytes.
  boost::asio::awaitable<Result<std::string>> ReadAll(size_t limit);

  // Whether the client has closed or reset the connection meanwhile, so a
  // handler that waits (a long poll) can stop instead of answering nobody.
  // A client that sent more bytes (its next request) is still there.
  virtual bool PeerClosed() const { return false; }
};

struct Request {
  RequestHead head;
  BodyReader& body;
};

// A response body sent straight from a file with sendfile(2), never copied
// through user space: `length` bytes from `offset`. The server closes the
// file when the response is done.
struct FileBody {
  UniqueFd file;
  uint64_t offset = 0;
  uint64_t length = 0;
};

// A response body produced piece by piece while the connection stays open
// (Server-Sent Events). The server writes the header without a length, then
// whatever Poll() has ready, asking again every kStreamPollInterval while it
// has nothing, and closes the connection when Poll() says the body ended or
// the server drains.
class StreamBody {
 public:
  virtual ~StreamBody() = default;
  // What is ready to send now: a piece, empty when nothing is (the server
  // asks again later), or nullopt at the end of the body. Must not block.
  virtual std::optional<std::string> Poll() = 0;
};

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body instead of `body` (shared so a Response stays copyable).
  std::shared_ptr<FileBody> file;
  // When set, the body instead of `body`; the connection closes after it.
  std::shared_ptr<StreamBody> stream;

  Response& SetHeader(std::string_view name, std::string_view value);

  static Response Text(unsigned status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
  static Response Json(unsigned status, std::string body);
};

// Percent-decodes `text`; '+' stays '+'. Errors: kInvalidArgument on a bad escape.
Result<std::string> PercentDecode(std::string_view text);

}  // namespace gloss::http
