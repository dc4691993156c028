#include "data/service/graphql_realtime.h"

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/sigv4.h"
#include "core/base64.h"
#include "http/blocking.h"
#include "http/websocket.h"

namespace gloss::data {
namespace {

namespace asio = boost::asio;
using ordered_json = nlohmann::ordered_json;

constexpr std::string_view kAppSyncProtocol = "graphql-ws";
constexpr std::string_view kTransportProtocol = "graphql-transport-ws";
constexpr std::chrono::seconds kKeepAlive{60};
constexpr int64_t kConnectionTimeoutMs = 300000;

std::string Dump(const ordered_json& message) {
  return message.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// One client connection: its outbound queue (fed from any thread) and the
// subscriptions it started (touched on its I/O thread only).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(asio::any_io_executor executor)
      : executor_(executor), wake_(executor), writer_done_(executor) {}

  // Queues `text` for the client; safe from any thread; dropped once closed.
  void Send(std::string text) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) {
        return;
      }
      outbox_.push_back(std::move(text));
    }
    asio::post(executor_, [self = shared_from_this()] { self->wake_.cancel(); });
  }

  // Stops accepting messages; the writer sends what is queued and ends.
  void Close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    asio::post(executor_, [self = shared_from_this()] { self->wake_.cancel(); });
  }

  // Writes queued messages until closed; `keep_alive` sends AppSync's ka
  // whenever the connection has been quiet for kKeepAlive.
  asio::awaitable<void> WriteLoop(http::WebSocket& socket, bool keep_alive) {
    while (true) {
      std::deque<std::string> batch;
      bool closed = false;
      {
        std::lock_guard lock(mutex_);
        batch.swap(outbox_);
        closed = closed_;
      }
      bool failed = false;
      for (std::string& message : batch) {
        // The string argument must not live inside the co_await expression (GCC 12).
        asio::awaitable<Status> write = socket.Write(std::move(message));
        const Status written = co_await std::move(write);
        failed = failed || !written.ok();
        if (failed) {
          break;
        }
      }
      if (failed || (batch.empty() && closed)) {
        break;
      }
      if (batch.empty()) {
        wake_.expires_after(kKeepAlive);
        boost::system::error_code error;
        co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, error));
        if (!error && keep_alive) {
          Send(R"({"type":"ka"})");
        }
      }
    }
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    writer_finished_ = true;
    writer_done_.cancel();
  }

  asio::awaitable<void> WaitForWriter() {
    if (!writer_finished_) {
      writer_done_.expires_at(asio::steady_timer::time_point::max());
      boost::system::error_code error;
      co_await writer_done_.async_wait(asio::redirect_error(asio::use_awaitable, error));
    }
  }

  std::map<std::string, uint64_t>& subscriptions() { return subscriptions_; }

 private:
  asio::any_io_executor executor_;
  std::mutex mutex_;
  std::deque<std::string> outbox_;                 // Guarded by mutex_.
  bool closed_ = false;                            // Guarded by mutex_.
  asio::steady_timer wake_;                        // I/O thread only.
  asio::steady_timer writer_done_;                 // I/O thread only.
  bool writer_finished_ = false;                   // I/O thread only.
  std::map<std::string, uint64_t> subscriptions_;  // Client id -> hub handle.
};

// Decodes base64 or base64url (with or without padding) JSON of auth headers.
std::optional<nlohmann::json> DecodeHeaderObject(std::string_view encoded) {
  std::string text(encoded);
  for (char& c : text) {
    c = c == '+' ? '-' : (c == '/' ? '_' : c);
  }
  while (!text.empty() && text.back() == '=') {
    text.pop_back();
  }
  Result<std::string> decoded = Base64UrlDecode(text);
  if (!decoded.ok()) {
    return std::nullopt;
  }
  nlohmann::json object = nlohmann::json::parse(*decoded, nullptr, false);
  if (!object.is_object()) {
    return std::nullopt;
  }
  return object;
}

// The auth header object the client presented when connecting: the
// `header` query parameter, or a `header-...` subprotocol entry.
std::optional<nlohmann::json> ConnectHeaders(const http::RequestHead& upgrade) {
  if (std::optional<std::string> header = upgrade.QueryParam("header")) {
    return DecodeHeaderObject(*header);
  }
  if (std::optional<std::string_view> offered = upgrade.headers.Get("sec-websocket-protocol")) {
    std::string_view rest = *offered;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view entry = rest.substr(0, comma);
      while (!entry.empty() && entry.front() == ' ') {
        entry.remove_prefix(1);
      }
      while (!entry.empty() && entry.back() == ' ') {
        entry.remove_suffix(1);
      }
      if (entry.starts_with("header-")) {
        return DecodeHeaderObject(entry.substr(7));
      }
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return std::nullopt;
}

// What an IAM (SigV4) auth header object is signed over: amplify-js signs
// POST <graphql url>/connect with body {} for the connection, and POST
// <graphql url> with the subscription's data string for each start.
struct SignedRequest {
  std::string_view path;
  std::string_view body;
};
constexpr SignedRequest kConnectRequest{.path = "/graphql/connect", .body = "{}"};
constexpr std::string_view kGraphqlPath = "/graphql";

// Resolves the principal of an auth header object ({"Authorization": ...} or
// {"x-api-key": ...}), or of the upgrade request itself when there is none.
Result<auth::Principal> Authenticate(const auth::PrincipalResolver& resolver,
                                     const http::RequestHead& upgrade,
                                     const std::optional<nlohmann::json>& headers,
                                     SignedRequest signed_request) {
  http::RequestHead head;
  head.method = "POST";
  head.target = head.path = std::string(signed_request.path);
  if (headers) {
    for (const auto& [name, value] : headers->items()) {
      if (value.is_string()) {
        head.headers.Add(name, value.get<std::string>());  // Add lower-cases the name.
      }
    }
  } else {
    head.headers = upgrade.headers;
  }
  auth::PresentedCredentials presented;
  presented.head = &head;
  presented.payload_sha256_hex = aws::Sha256Hex(signed_request.body);
  ASSIGN_OR_RETURN(auth::Principal principal,
                   resolver.Resolve(presented, std::chrono::system_clock::now()));
  if (principal.kind == auth::PrincipalKind::kGuest) {
    return Status::Unauthenticated("You are not authorized to make this call.");
  }
  return principal;
}

class Session {
 public:
  Session(DataService& service, const auth::PrincipalResolver& resolver, BlockingPool& blocking,
          http::WebSocket& socket, const http::RequestHead& upgrade,
          std::shared_ptr<Connection> connection)
      : service_(service),
        resolver_(resolver),
        blocking_(blocking),
        socket_(socket),
        upgrade_(upgrade),
        connection_(std::move(connection)),
        appsync_(socket.subprotocol() != kTransportProtocol) {}

  // Reads and answers client messages until the client leaves or fails.
  asio::awaitable<void> Run() {
    while (true) {
      Result<std::string> text = co_await socket_.Read();
      if (!text.ok()) {
        break;
      }
      const nlohmann::json message = nlohmann::json::parse(*text, nullptr, false);
      if (!message.is_object() || !message.value("type", nlohmann::json()).is_string()) {
        Protocol("invalid message");
        continue;
      }
      const std::string type = message["type"];
      const std::string id = message.value("id", nlohmann::json()).is_string()
                                 ? message["id"].get<std::string>()
                                 : std::string();
      bool keep_going = true;
      if (type == "connection_init") {
        keep_going = co_await Init(message);
      } else if (type == "start" || type == "subscribe") {
        co_await Start(id, message);
      } else if (type == "stop" || type == "complete") {
        Stop(id);
      } else if (type == "ping") {
        connection_->Send(R"({"type":"pong"})");
      } else if (type != "pong") {
        Protocol("unknown message type " + type);
      }
      if (!keep_going) {
        break;
      }
    }
    for (const auto& [id, handle] : connection_->subscriptions()) {
      service_.Unsubscribe(handle);
    }
    connection_->subscriptions().clear();
  }

 private:
  // connection_init: authenticate the connection and acknowledge.
  asio::awaitable<bool> Init(const nlohmann::json& message) {
    std::optional<nlohmann::json> headers = ConnectHeaders(upgrade_);
    const nlohmann::json payload = message.value("payload", nlohmann::json());
    if (!appsync_ && payload.is_object() && !payload.empty()) {
      headers = payload;
    }
    // Resolving may read the database (API keys, identity ids): off the I/O thread.
    Result<auth::Principal> principal = co_await http::RunBlocking(
        blocking_, [&] { return Authenticate(resolver_, upgrade_, headers, kConnectRequest); });
    if (!principal.ok()) {
      if (appsync_) {
        connection_->Send(Dump(
            {{"type", "connection_error"},
             {"payload",
              {{"errors", ordered_json::array({{{"errorType", "UnauthorizedException"},
                                                {"errorCode", 401},
                                                {"message", principal.status().message()}}})}}}}));
      }
      co_return false;  // graphql-transport-ws: the close itself tells the client.
    }
    principal_ = *std::move(principal);
    if (appsync_) {
      connection_->Send(Dump({{"type", "connection_ack"},
                              {"payload", {{"connectionTimeoutMs", kConnectionTimeoutMs}}}}));
    } else {
      connection_->Send(R"({"type":"connection_ack"})");
    }
    co_return true;
  }

  asio::awaitable<void> Start(const std::string& id, const nlohmann::json& message) {
    if (!principal_) {
      Error(id, "UnauthorizedException", "Send connection_init first.");
      co_return;
    }
    if (id.empty() || connection_->subscriptions().contains(id)) {
      Error(id, "BadRequestException", "Each subscription needs a new id.");
      co_return;
    }
    nlohmann::json request;
    auth::Principal principal = *principal_;
    const nlohmann::json payload = message.value("payload", nlohmann::json::object());
    if (!payload.is_object()) {
      Error(id, "MalformedHttpRequestException", "The payload must be an object.");
      co_return;
    }
    if (appsync_) {
      // payload.data is the request as a JSON string; extensions may carry
      // this subscription's own authorization.
      const nlohmann::json data = payload.value("data", nlohmann::json());
      const std::string data_text = data.is_string() ? data.get<std::string>() : std::string();
      request = nlohmann::json::parse(data_text, nullptr, false);
      const nlohmann::json extensions = payload.value("extensions", nlohmann::json::object());
      const nlohmann::json authorization = extensions.is_object()
                                               ? extensions.value("authorization", nlohmann::json())
                                               : nlohmann::json();
      if (authorization.is_object()) {
        Result<auth::Principal> own = co_await http::RunBlocking(blocking_, [&] {
          return Authenticate(resolver_, upgrade_, authorization,
                              SignedRequest{.path = kGraphqlPath, .body = data_text});
        });
        if (!own.ok()) {
          Error(id, "UnauthorizedException", own.status().message());
          co_return;
        }
        principal = *std::move(own);
      }
    } else {
      request = payload;
    }
    if (!request.is_object()) {
      Error(id, "MalformedHttpRequestException", "The subscription request is not JSON.");
      co_return;
    }
    std::weak_ptr<Connection> weak = connection_;
    const bool appsync = appsync_;
    DataService::Delivery deliver = [weak, id, appsync](ordered_json response) {
      if (std::shared_ptr<Connection> connection = weak.lock()) {
        connection->Send(Dump(
            {{"id", id}, {"type", appsync ? "data" : "next"}, {"payload", std::move(response)}}));
      }
    };
    DataService& service = service_;
    Result<DataService::SubscribeResult> started =
        co_await http::RunBlocking(blocking_, [&]() -> Result<DataService::SubscribeResult> {
          return service.Subscribe(request, principal, std::move(deliver));
        });
    if (!started.ok()) {
      Error(id, "InternalFailure", started.status().message());
      co_return;
    }
    if (started->handle == 0) {
      if (appsync_) {
        connection_->Send(
            Dump({{"id", id}, {"type", "error"}, {"payload", {{"errors", started->errors}}}}));
      } else {
        connection_->Send(Dump({{"id", id}, {"type", "error"}, {"payload", started->errors}}));
      }
      co_return;
    }
    connection_->subscriptions()[id] = started->handle;
    if (appsync_) {
      connection_->Send(Dump({{"id", id}, {"type", "start_ack"}}));
    }
  }

  void Stop(const std::string& id) {
    const auto found = connection_->subscriptions().find(id);
    if (found == connection_->subscriptions().end()) {
      return;
    }
    service_.Unsubscribe(found->second);
    connection_->subscriptions().erase(found);
    if (appsync_) {
      connection_->Send(Dump({{"id", id}, {"type", "complete"}}));
    }
  }

  void Error(const std::string& id, std::string_view type, std::string_view message) {
    const ordered_json errors = ordered_json::array({{{"errorType", type}, {"message", message}}});
    if (appsync_) {
      connection_->Send(Dump({{"id", id}, {"type", "error"}, {"payload", {{"errors", errors}}}}));
    } else {
      connection_->Send(Dump({{"id", id}, {"type", "error"}, {"payload", errors}}));
    }
  }

  void Protocol(const std::string& message) {
    connection_->Send(Dump({{"type", "error"},
                            {"payload",
                             {{"errors", ordered_json::array({{{"errorType", "BadRequestException"},
                                                               {"message", message}}})}}}}));
  }

  DataService& service_;
  const auth::PrincipalResolver& resolver_;
  BlockingPool& blocking_;
  http::WebSocket& socket_;
  const http::RequestHead& upgrade_;
  std::shared_ptr<Connection> connection_;
  const bool appsync_;
  std::optional<auth::Principal> principal_;  // Set by connection_init.
};

asio::awaitable<void> HandleRealtime(DataService& service, const auth::PrincipalResolver& resolver,
                                     BlockingPool& blocking, http::WebSocket& socket,
                                     const http::RequestHead& upgrade) {
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto connection = std::make_shared<Connection>(executor);
  const bool keep_alive = socket.subprotocol() != kTransportProtocol;
  asio::co_spawn(executor, connection->WriteLoop(socket, keep_alive), asio::detached);
  Session session(service, resolver, blocking, socket, upgrade, connection);
  co_await session.Run();
  connection->Close();
  co_await connection->WaitForWriter();
}

}  // namespace

http::Route GraphqlRealtimeRoute(DataService& service, const auth::PrincipalResolver& resolver,
                                 BlockingPool& blocking) {
  http::Route route;
  route.name = "graphql-realtime";
  route.subprotocols = {std::string(kAppSyncProtocol), std::string(kTransportProtocol)};
  route.handler = [](http::Request&) -> asio::awaitable<http::Response> {
    co_return http::Response::Json(
        400,
        R"({"errors":[{"errorType":"BadRequestException","message":"Connect with a WebSocket (subprotocol graphql-ws or graphql-transport-ws)."}]})");
  };
  route.websocket = [&service, &resolver, &blocking](http::WebSocket& socket,
                                                     const http::RequestHead& upgrade) {
    return HandleRealtime(service, resolver, blocking, socket, upgrade);
  };
  return route;
}

}  // namespace gloss::data
