#include "queue/api/sqs_route.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/sigv4.h"
#include "core/random.h"
#include "http/blocking.h"
#include "queue/api/sqs_operations.h"
#include "queue/protocol/json_codec.h"
#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue::api {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

enum class Wire { kJson, kQuery };

struct Caller {
  std::string sender_id;
};

http::Response Answer(Wire wire, std::string_view operation, const json& output,
                      const std::string& request_id) {
  http::Response response;
  if (wire == Wire::kJson) {
    response =
        http::Response::Text(200, protocol::EncodeJsonResponse(output), protocol::kJsonContentType);
  } else {
    response = http::Response::Text(
        200, protocol::EncodeQueryResponse(operation, output, request_id), "text/xml");
  }
  response.SetHeader("x-amzn-RequestId", request_id);
  return response;
}

http::Response Fail(Wire wire, const Status& status, const std::string& request_id) {
  http::Response response;
  if (wire == Wire::kJson) {
    const protocol::SqsJsonError error = protocol::EncodeJsonError(status, request_id);
    response = http::Response::Text(error.http_status, error.body, protocol::kJsonContentType);
    for (const auto& [name, value] : error.headers) {
      response.SetHeader(name, value);
    }
  } else {
    const protocol::SqsError error = protocol::SqsErrorOf(status);
    response = http::Response::Text(error.http_status,
                                    protocol::EncodeQueryError(status, request_id), "text/xml");
  }
  response.SetHeader("x-amzn-RequestId", request_id);
  return response;
}

// Who calls, if they may make `call`.
Result<Caller> Authorize(const SqsRouteContext& context, const http::RequestHead& head,
                         std::string_view body, const protocol::SqsCall& call) {
  auth::PresentedCredentials presented;
  presented.head = &head;
  presented.payload_sha256_hex = aws::Sha256Hex(body);
  Result<auth::Principal> principal =
      context.resolver->Resolve(presented, std::chrono::system_clock::now());
  if (!principal.ok()) {
    return principal.status();
  }
  ASSIGN_OR_RETURN(const CallTarget target, TargetOf(call, context.store->region()));
  if (principal->kind == auth::PrincipalKind::kAdmin) {
    return Caller{principal->access_key_id};
  }
  if (principal->kind == auth::PrincipalKind::kFunction) {
    const std::shared_ptr<const aws::IamPolicy> policy =
        context.policies ? context.policies(principal->function_name) : nullptr;
    if (policy && policy->Allows(target.action, target.resource)) {
      return Caller{principal->access_key_id};
    }
    return SqsErrorStatus(
        SqsErrorCode::kAccessDenied,
        "User: " + principal->function_name + " is not authorized to perform: " + target.action +
            " on resource: " + target.resource + " because no identity-based policy allows the " +
            target.action + " action");
  }
  return SqsErrorStatus(SqsErrorCode::kAccessDenied,
                        "Only SigV4 requests by the sandbox's admin credentials or a function's "
                        "may use the SQS API.");
}

// ReceiveMessage with long polling. A client that hangs up while waiting
// gets nothing more: a message received for it would stay hidden for its
// whole visibility timeout.
asio::awaitable<Result<json>> Receive(const SqsRouteContext& context, const json& input,
                                      const http::BodyReader& connection) {
  Result<ReceiveCall> parsed = ParseReceive(input);
  if (!parsed.ok()) {
    co_return parsed.status();
  }
  const ReceiveCall call = *std::move(parsed);
  Result<std::shared_ptr<const QueueConfig>> config = context.store->Config(call.queue);
  if (!config.ok()) {
    co_return config.status();
  }
  const auto wait = std::chrono::seconds(
      call.wait_seconds.value_or(static_cast<int>((*config)->receive_wait_time.count())));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  while (true) {
    // The waiter is registered before the receive looks, so a send that
    // commits in between is not missed.
    struct Wake {
      explicit Wake(const asio::any_io_executor& executor) : timer(executor) {}
      asio::steady_timer timer;
      std::atomic<bool> notified{false};
    };
    auto wake = std::make_shared<Wake>(executor);
    const Notifier::WaiterId waiter = context.store->notifier().Add(call.queue, [wake, executor] {
      wake->notified = true;
      asio::post(executor, [wake] { wake->timer.cancel(); });
    });
    if (connection.PeerClosed()) {
      context.store->notifier().Remove(call.queue, waiter);
      co_return json::object();
    }
    Result<ReceiveResult> received = co_await http::RunBlocking(
        *context.pool, [&] { return context.store->Receive(call.queue, call.options); });
    const auto now = std::chrono::steady_clock::now();
    if (!received.ok() || !received->messages.empty() || now >= deadline ||
        context.store->ending_long_polls()) {
      context.store->notifier().Remove(call.queue, waiter);
      if (!received.ok()) {
        co_return received.status();
      }
      co_return RenderReceived(call, received->messages);
    }
    const auto until = NextLook(*received, context.store->clock(), now, deadline);
    if (!wake->notified) {
      wake->timer.expires_at(until);
      boost::system::error_code ignored;
      co_await wake->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    context.store->notifier().Remove(call.queue, waiter);
  }
}

asio::awaitable<http::Response> Handle(const SqsRouteContext& context, http::Request& request) {
  const std::string request_id = RandomUuid();
  const bool json_wire = request.head.headers.Get("x-amz-target").has_value();
  const Wire wire = json_wire ? Wire::kJson : Wire::kQuery;
  Result<std::string> body = co_await request.body.ReadAll(kSqsBodyLimit);
  if (!body.ok()) {
    co_return Fail(wire, body.status(), request_id);
  }
  Result<protocol::SqsCall> call =
      json_wire
          ? protocol::DecodeJsonRequest(*request.head.headers.Get("x-amz-target"), *body)
          : protocol::DecodeQueryRequest(request.head.method == "GET" ? request.head.query : *body);
  if (!call.ok()) {
    co_return Fail(wire, call.status(), request_id);
  }
  // Query-protocol clients may post to the queue's URL instead of naming it.
  if (!json_wire && !call->input.contains("QueueUrl") &&
      std::count(request.head.path.begin(), request.head.path.end(), '/') == 2 &&
      request.head.path.size() > 1) {
    call->input["QueueUrl"] = context.endpoint + request.head.path;
  }
  Result<Caller> caller = Authorize(context, request.head, *body, *call);
  if (!caller.ok()) {
    co_return Fail(wire, caller.status(), request_id);
  }
  Result<json> output = Status::Internal("unset");
  if (call->operation == "ReceiveMessage") {
    output = co_await Receive(context, call->input, request.body);
  } else {
    const CallContext call_context{context.store, context.endpoint, caller->sender_id};
    output = co_await http::RunBlocking(*context.pool,
                                        [&] { return RunOperation(call_context, *call); });
  }
  if (!output.ok()) {
    co_return Fail(wire, output.status(), request_id);
  }
  co_return Answer(wire, call->operation, *output, request_id);
}

}  // namespace

http::Route SqsRoute(const SqsRouteContext& context) {
  http::Route route;
  route.name = "sqs";
  route.body_limit = kSqsBodyLimit;
  route.handler = [context](http::Request& request) { return Handle(context, request); };
  return route;
}

}  // namespace gloss::queue::api
