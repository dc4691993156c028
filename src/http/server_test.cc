#include "http/server.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/blocking_pool.h"
#include "core/thread_role.h"
#include "http/blocking.h"
#include "http/websocket.h"
#include "test/support/status_matchers.h"

namespace gloss::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;

Route MakeRoute(std::string name, Handler handler, size_t body_limit = kDefaultBodyLimit) {
  Route route;
  route.name = std::move(name);
  route.handler = std::move(handler);
  route.body_limit = body_limit;
  return route;
}

// A blocking HTTP/1.1 client over one keep-alive connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  bhttp::response<bhttp::string_body> Send(bhttp::request<bhttp::string_body> request) {
    request.set(bhttp::field::host, "127.0.0.1");
    request.prepare_payload();
    bhttp::write(socket_, request);
    return Receive();
  }

  bhttp::response<bhttp::string_body> Receive() {
    bhttp::response<bhttp::string_body> response;
    bhttp::read(socket_, buffer_, response);
    return response;
  }

  void WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // True when the server closed the connection (EOF) within the socket's life.
  bool ReadsEof() {
    char byte;
    beast::error_code ec;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

bhttp::request<bhttp::string_body> Get(std::string target) {
  return bhttp::request<bhttp::string_body>(bhttp::verb::get, target, 11);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logger_ = Logger::ToFile(LogFormat::kJson, LogLevel::kWarn,
                             ::testing::TempDir() + "/server_test.log");
  }

  void TearDown() override {
    if (server_) {
      server_->Shutdown(std::chrono::milliseconds(500));
      pool_.Shutdown();
      server_.reset();
    }
  }

  void Start(RouteTable routes, ServerOptions options = {}) {
    options.threads = 2;
    auto started = Server::Start(options, std::make_shared<const RouteTable>(std::move(routes)),
                                 *logger_, metrics_);
    ASSERT_OK(started);
    server_ = std::move(started).value();
  }

  static RouteTable EchoRoutes(size_t body_limit = kDefaultBodyLimit) {
    RouteTable routes;
    routes.AddPath("GET", "/hello", MakeRoute("hello", [](Request&) -> asio::awaitable<Response> {
                     co_return Response::Text(200, "hi");
                   }));
    routes.AddPath("PUT", "/echo",
                   MakeRoute(
                       "echo",
                       [](Request& request) -> asio::awaitable<Response> {
                         Result<std::string> body = co_await request.body.ReadAll(1 << 30);
                         if (!body.ok()) {
                           co_return Response::Text(499, body.status().ToString());
                         }
                         co_return Response::Text(200, std::to_string(body->size()));
                       },
                       body_limit));
    return routes;
  }

  std::unique_ptr<Logger> logger_;
  MetricsRegistry metrics_;
  BlockingPool pool_{2};
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start(EchoRoutes());
  Client client(server_->port());
  for (int request_idx = 0; request_idx < 5; ++request_idx) {
    auto response = client.Send(Get("/hello"));
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "hi");
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(response[bhttp::field::server], "gloss");
  }
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405) {
  Start(EchoRoutes());
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/nope")).result_int(), 404);
  EXPECT_EQ(client.Send(Get("/echo")).result_int(), 405);
}

TEST_F(ServerTest, StreamsABodyLargerThanAnyBufferInSmallReads) {
  std::atomic<size_t> largest_read = 0;
  RouteTable routes;
  routes.AddPath("PUT", "/upload",
                 MakeRoute(
                     "upload",
                     [&](Request& request) -> asio::awaitable<Response> {
                       size_t total = 0;
                       char chunk[4096];
                       for (;;) {
                         Result<size_t> read = co_await request.body.ReadSome(chunk);
                         if (!read.ok()) {
                           co_return Response::Text(500, read.status().ToString());
                         }
                         if (*read == 0) {
                           break;
                         }
                         largest_read = std::max(largest_read.load(), *read);
                         total += *read;
                       }
                       co_return Response::Text(200, std::to_string(total));
                     },
                     64 << 20));
  Start(std::move(routes));
  Client client(server_->port());
  bhttp::request<bhttp::string_body> put(bhttp::verb::put, "/upload", 11);
  put.body() = std::string(20 << 20, 'x');
  auto response = client.Send(std::move(put));
  EXPECT_EQ(response.body(), std::to_string(20 << 20));
  EXPECT_LE(largest_read.load(), 4096u);
}

TEST_F(ServerTest, ChunkedBodiesAreDecoded) {
  Start(EchoRoutes());
  Client client(server_->port());
  client.WriteRaw(
      "PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "11");
}

TEST_F(ServerTest, DeclaredBodyOverTheRouteLimitIs413AndCloses) {
  Start(EchoRoutes(/*body_limit=*/1000));
  Client client(server_->port());
  client.WriteRaw("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServerTest, ChunkedBodyOverTheRouteLimitIsRefusedWhileStreaming) {
  Start(EchoRoutes(/*body_limit=*/1000));
  Client client(server_->port());
  client.WriteRaw("PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "400\r\n" + std::string(1024, 'y') + "\r\n";
  client.WriteRaw(chunk);
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 499);  // The handler saw kPayloadTooLarge.
  EXPECT_THAT(response.body(), HasSubstr("PayloadTooLarge"));
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  ServerOptions options;
  options.max_header_bytes = 2048;
  Start(EchoRoutes(), options);
  Client client(server_->port());
  auto request = Get("/hello");
  request.set("x-padding", std::string(4096, 'p'));
  EXPECT_EQ(client.Send(std::move(request)).result_int(), 431);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Start(EchoRoutes());
  Client client(server_->port());
  client.WriteRaw("GARBAGE\r\n\r\n");
  EXPECT_EQ(client.Receive().result_int(), 400);
}

TEST_F(ServerTest, SlowHeaderIsCutOffAtTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout = std::chrono::milliseconds(200);
  Start(EchoRoutes(), options);
  Client client(server_->port());
  client.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\n");  // Never finished.
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAtTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  Start(EchoRoutes(), options);
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/hello")).result_int(), 200);
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, StalledBodyIsCutOffAtTheIoTimeout) {
  ServerOptions options;
  options.io_timeout = std::chrono::milliseconds(200);
  Start(EchoRoutes(), options);
  Client client(server_->port());
  client.WriteRaw("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
  EXPECT_TRUE(client.ReadsEof());  // A stalled client is cut off; there is no one to answer.
}

TEST_F(ServerTest, ExpectContinueGets100BeforeTheBody) {
  Start(EchoRoutes());
  Client client(server_->port());
  client.WriteRaw(
      "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  char interim[64] = {};
  const size_t read = client.socket().read_some(asio::buffer(interim));
  EXPECT_THAT(std::string(interim, read), HasSubstr("100 Continue"));
  client.WriteRaw("data");
  EXPECT_EQ(client.Receive().body(), "4");
}

TEST_F(ServerTest, UnreadBodyIsSkippedAndTheConnectionReused) {
  Start(EchoRoutes());
  RouteTable routes = EchoRoutes();
  routes.AddPath("PUT", "/ignore", MakeRoute("ignore", [](Request&) -> asio::awaitable<Response> {
                   co_return Response::Text(200, "ignored");
                 }));
  server_->SetRoutes(std::make_shared<const RouteTable>(std::move(routes)));
  Client client(server_->port());
  bhttp::request<bhttp::string_body> put(bhttp::verb::put, "/ignore", 11);
  put.body() = std::string(100000, 'z');
  auto response = client.Send(std::move(put));
  EXPECT_EQ(response.body(), "ignored");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(client.Send(Get("/hello")).body(), "hi");
}

TEST_F(ServerTest, CorsPreflightIsAnsweredForAnyRouteAndAnswersCarryTheOrigin) {
  Start(EchoRoutes());
  Client client(server_->port());
  auto preflight = Get("/echo");
  preflight.method(bhttp::verb::options);
  preflight.set("Origin", "http://localhost:5173");
  preflight.set("Access-Control-Request-Method", "PUT");
  preflight.set("Access-Control-Request-Headers", "authorization");
  auto allowed = client.Send(std::move(preflight));
  EXPECT_EQ(allowed.result_int(), 204);
  EXPECT_EQ(allowed["Access-Control-Allow-Headers"], "authorization");
  EXPECT_TRUE(allowed.keep_alive());

  auto get = Get("/hello");
  get.set("Origin", "http://localhost:5173");
  auto answer = client.Send(std::move(get));
  EXPECT_EQ(answer.body(), "hi");
  EXPECT_EQ(answer["Access-Control-Allow-Origin"], "*");
}

TEST_F(ServerTest, ContentLengthBodyEndsExactlyWherePipelinedRequestsBegin) {
  Start(EchoRoutes());
  Client client(server_->port());
  client.WriteRaw(
      "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
      "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.Receive().body(), "5");
  EXPECT_EQ(client.Receive().body(), "3");
  EXPECT_EQ(client.Receive().body(), "hi");
}

TEST_F(ServerTest, UnreadBodyAwaitingContinueClosesTheConnection) {
  RouteTable routes = EchoRoutes();
  routes.AddPath("PUT", "/ignore", MakeRoute("ignore", [](Request&) -> asio::awaitable<Response> {
                   co_return Response::Text(200, "ignored");
                 }));
  Start(std::move(routes));
  Client client(server_->port());
  client.WriteRaw(
      "PUT /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  auto response = client.Receive();
  EXPECT_EQ(response.body(), "ignored");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ReadsEof());
}

// A file body larger than the socket buffers, from an offset, twice on one
// connection (the second proves the framing held), and once for HEAD.
TEST_F(ServerTest, FileBodiesAreSentFromTheFileWithTheirLength) {
  const std::string path = ::testing::TempDir() + "/server_test_file_body";
  std::string contents(8 << 20, '\0');
  for (size_t i = 0; i < contents.size(); ++i) {
    contents[i] = static_cast<char>('a' + i % 26);
  }
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(std::fwrite(contents.data(), 1, contents.size(), file), contents.size());
    std::fclose(file);
  }
  constexpr uint64_t kOffset = 3;
  RouteTable routes;
  routes.AddPath("", "/file", MakeRoute("file", [&path](Request&) -> asio::awaitable<Response> {
                   Response response;
                   response.file = std::make_shared<FileBody>();
                   response.file->file = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
                   response.file->offset = kOffset;
                   response.file->length = (8 << 20) - kOffset;
                   response.SetHeader("content-type", "application/octet-stream");
                   co_return response;
                 }));
  Start(std::move(routes));
  Client client(server_->port());
  for (int round = 0; round < 2; ++round) {
    auto response = client.Send(Get("/file"));
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response[bhttp::field::content_type], "application/octet-stream");
    EXPECT_TRUE(response.body() == contents.substr(kOffset)) << "round " << round;
  }
  bhttp::response_parser<bhttp::empty_body> head_parser;
  head_parser.skip(true);  // A HEAD answer has a Content-Length but no body.
  bhttp::request<bhttp::string_body> head(bhttp::verb::head, "/file", 11);
  head.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(client.socket(), head);
  beast::flat_buffer buffer;
  bhttp::read(client.socket(), buffer, head_parser);
  EXPECT_EQ(head_parser.get()[bhttp::field::content_length], std::to_string((8 << 20) - kOffset));
  EXPECT_EQ(client.Send(Get("/file")).body().size(), contents.size() - kOffset);
}

// A client that hangs up in the middle of a file body must not take the
// server down (sendfile on a closed socket raises SIGPIPE unless ignored).
TEST_F(ServerTest, ClientHangingUpDuringAFileBodyLeavesTheServerServing) {
  const std::string path = ::testing::TempDir() + "/server_test_hangup_body";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 64; ++i) {
      ASSERT_EQ(std::fwrite(chunk.data(), 1, chunk.size(), file), chunk.size());
    }
    std::fclose(file);
  }
  RouteTable routes = EchoRoutes();
  routes.AddPath("GET", "/big", MakeRoute("big", [&path](Request&) -> asio::awaitable<Response> {
                   Response response;
                   response.file = std::make_shared<FileBody>();
                   response.file->file = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
                   response.file->length = 64 << 20;
                   co_return response;
                 }));
  Start(std::move(routes));
  for (int round = 0; round < 3; ++round) {
    Client client(server_->port());
    bhttp::request<bhttp::string_body> request = Get("/big");
    request.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(client.socket(), request);
    char some[4096];
    client.socket().read_some(asio::buffer(some));  // The header and a little body...
    client.socket().close();                        // ...then gone.
  }
  Client after(server_->port());
  EXPECT_EQ(after.Send(Get("/hello")).body(), "hi");
}

TEST_F(ServerTest, ThrowingHandlerIs500AndCountsABug) {
  RouteTable routes;
  routes.AddPath("GET", "/boom", MakeRoute("boom", [](Request&) -> asio::awaitable<Response> {
                   throw std::runtime_error("boom");
                   co_return Response{};
                 }));
  Start(std::move(routes));
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/boom")).result_int(), 500);
  EXPECT_EQ(metrics_.GetCounter("gloss_bugs_total", "").value(), 1u);
}

TEST_F(ServerTest, RunBlockingResumesOnTheIoThreadWithTheResult) {
  RouteTable routes;
  routes.AddPath(
      "GET", "/blocking", MakeRoute("blocking", [this](Request&) -> asio::awaitable<Response> {
        Result<int> role = co_await RunBlocking(
            pool_, [] { return Result<int>(static_cast<int>(CurrentThreadRole())); });
        const bool back_on_io = CurrentThreadRole() == ThreadRole::kIo;
        co_return Response::Text(200, std::to_string(*role) + "," + std::to_string(back_on_io));
      }));
  Start(std::move(routes));
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/blocking")).body(),
            std::to_string(static_cast<int>(ThreadRole::kBlocking)) + ",1");
}

TEST_F(ServerTest, StartBlockingRunsWhileTheCoroutineGoesOn) {
  RouteTable routes;
  routes.AddPath(
      "GET", "/overlap", MakeRoute("overlap", [this](Request&) -> asio::awaitable<Response> {
        // The task waits for the coroutine's own step, so the route only
        // finishes if the coroutine goes on while the task runs.
        std::promise<int> step;
        std::shared_future<int> stepped = step.get_future().share();
        const asio::any_io_executor executor = co_await asio::this_coro::executor;
        BlockingTask<Result<int>> task =
            StartBlocking(pool_, executor, [stepped] { return Result<int>(stepped.get() + 1); });
        step.set_value(41);
        Result<int> answer = co_await task.Wait();
        // A task that finished before Wait() is picked up without waiting.
        BlockingTask<Status> done = StartBlocking(pool_, executor, [] { return Status::Ok(); });
        asio::steady_timer pause(executor, std::chrono::milliseconds(20));
        co_await pause.async_wait(asio::use_awaitable);
        const Status status = co_await done.Wait();
        const bool back_on_io = CurrentThreadRole() == ThreadRole::kIo;
        co_return Response::Text(200, std::to_string(*answer) + "," + std::to_string(status.ok()) +
                                          "," + std::to_string(back_on_io));
      }));
  Start(std::move(routes));
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/overlap")).body(), "42,1,1");
}

TEST_F(ServerTest, MetricsCountRequestsPerRouteAndStatus) {
  Start(EchoRoutes());
  Client client(server_->port());
  client.Send(Get("/hello"));
  client.Send(Get("/hello"));
  const std::string text = metrics_.RenderPrometheus();
  EXPECT_THAT(
      text, HasSubstr("gloss_http_requests_total{route=\"hello\",method=\"GET\",code=\"200\"} 2"));
  EXPECT_THAT(text, HasSubstr("gloss_http_request_duration_seconds_count{route=\"hello\"} 2"));
}

TEST_F(ServerTest, WebSocketUpgradeNegotiatesSubprotocolAndEchoes) {
  RouteTable routes;
  Route route = MakeRoute("realtime", [](Request&) -> asio::awaitable<Response> {
    co_return Response::Text(400, "upgrade required");
  });
  route.subprotocols = {"graphql-ws", "graphql-transport-ws"};
  route.websocket = [](WebSocket& socket, const RequestHead&) -> asio::awaitable<void> {
    for (;;) {
      Result<std::string> message = co_await socket.Read();
      if (!message.ok()) {
        co_return;
      }
      std::string reply = socket.subprotocol() + ":" + *message;  // Named: see server.cc on GCC 12.
      Status written = co_await socket.Write(std::move(reply));
      if (!written.ok()) {
        co_return;
      }
    }
  };
  routes.AddPath("GET", "/graphql/realtime", std::move(route));
  Start(std::move(routes));

  asio::io_context io;
  beast::websocket::stream<tcp::socket> ws(io);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
  ws.set_option(beast::websocket::stream_base::decorator([](beast::websocket::request_type& r) {
    r.set(bhttp::field::sec_websocket_protocol, "unknown, graphql-ws");
  }));
  beast::websocket::response_type handshake;
  ws.handshake(handshake, "127.0.0.1", "/graphql/realtime");
  EXPECT_EQ(handshake[bhttp::field::sec_websocket_protocol], "graphql-ws");
  ws.write(asio::buffer(std::string("ping")));
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "graphql-ws:ping");
  ws.close(beast::websocket::close_code::normal);

  // A plain GET on the same path reaches the HTTP handler.
  Client client(server_->port());
  EXPECT_EQ(client.Send(Get("/graphql/realtime")).result_int(), 400);
}

TEST_F(ServerTest, ShutdownFinishesInFlightRequestsAndClosesIdleOnes) {
  std::promise<void> entered;
  RouteTable routes = EchoRoutes();
  routes.AddPath("GET", "/slow", MakeRoute("slow", [&](Request&) -> asio::awaitable<Response> {
                   entered.set_value();
                   asio::steady_timer timer(co_await asio::this_coro::executor,
                                            std::chrono::milliseconds(300));
                   co_await timer.async_wait(asio::use_awaitable);
                   co_return Response::Text(200, "done");
                 }));
  Start(std::move(routes));
  Client idle(server_->port());
  EXPECT_EQ(idle.Send(Get("/hello")).result_int(), 200);

  auto slow = std::async(std::launch::async, [port = server_->port()] {
    Client client(port);
    return client.Send(Get("/slow"));
  });
  entered.get_future().wait();
  server_->Shutdown(std::chrono::seconds(5));

  auto response = slow.get();
  EXPECT_EQ(response.body(), "done");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(idle.ReadsEof());
  asio::io_context io;
  tcp::socket refused(io);
  beast::error_code ec;
  refused.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()), ec);
  EXPECT_TRUE(ec);  // No longer accepting.
}

TEST_F(ServerTest, PortInUseIsUnavailable) {
  Start(EchoRoutes());
  ServerOptions options;
  options.port = server_->port();
  auto second = Server::Start(options, std::make_shared<const RouteTable>(), *logger_, metrics_);
  EXPECT_THAT(second, ::gloss::testing::StatusIs(StatusCode::kUnavailable));
}

}  // namespace
}  // namespace gloss::http
