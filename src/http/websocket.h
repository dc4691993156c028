// WebSocket is an accepted WebSocket connection as a route's handler sees it
// (e.g. the AppSync real-time endpoint). The server performs the upgrade and
// subprotocol negotiation, then hands the connection to the route's
// WebSocketHandler; the connection closes when the handler returns.
//
// Thread safety: a WebSocket lives on its connection's I/O thread. At most one
// Read() and one Write() may be outstanding at a time; work from other threads
// must be posted to that thread first.

#pragma once

#include <cstdint>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it.

#include <boost/asio/awaitable.hpp>

#include "core/result.h"

namespace gloss::http {

class WebSocket {
 public:
  virtual ~WebSocket() = default;

  // The negotiated subprotocol, empty if none.
  virtual const std::string& subprotocol() const = 0;

  // Next whole message (text or binary). Errors: kNotFound once the peer has
  // closed; kPayloadTooLarge over the message limit; kUnavailable when the
  // connection drops or the server shuts down.
  virtual boost::asio::awaitable<Result<std::string>> Read() = 0;

  // Sends one text message. Errors: kUnavailable when the connection is gone.
  virtual boost::asio::awaitable<Status> Write(std::string text) = 0;

  // Sends a close frame with `code` (RFC 6455 §7.4) and `reason`.
  virtual boost::asio::awaitable<void> Close(uint16_t code, std::string reason) = 0;
};

}  // namespace gloss::http
