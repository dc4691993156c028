// echo: the SDK's example function and the functions service's test function.
// What it does is chosen by the event, so tests can provoke every outcome:
//
//   {"sleepMs":N}        sleeps N ms first (then goes on with the other keys)
//   {"print":"text"}     prints the line to stdout; {"printErr":"text"} to stderr
//   {"allocateMB":N}     allocates and touches N MiB, kept until the process exits
//   {"fail":"msg"}       returns an error (errorType EchoError)
//   {"throw":"msg"}      throws std::runtime_error
//   {"crash":true}       std::abort()
//   {"exit":N}           _exit(N)
//   {"env":"NAME"}       {"env": value or null}
//   {"s3Get":{"bucket","key"}}, {"s3Put":{"bucket","key","body"[,"contentType"]}},
//   {"s3Head":{"bucket","key"}}, {"s3Delete":{"bucket","key"}},
//   {"s3List":{"bucket"[,"prefix","delimiter","continuationToken","maxKeys"]}},
//   {"graphql":{"query"[,"variables"]}}, {"sqsSend":{"queueUrl","body"}}
//                        the SDK clients with the injected credentials: their
//                        result, or {"error":{"code","message","status"}}
//   anything else        {"echo": event, "requestId", "functionName", "remainingMs"}
//
// `echo --invoke EVENT_JSON` runs the handler once in this process, without a
// runtime API, and prints the answer (exit 0) or the error document (exit 1);
// tests use it to drive the SDK clients against a real gloss.

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "gloss/data_client.h"
#include "gloss/queue_client.h"
#include "gloss/runtime.h"
#include "gloss/storage_client.h"

namespace {

using nlohmann::json;

json ErrorJson(const gloss::AwsError& error) {
  return {
      {"error", {{"code", error.code}, {"message", error.message}, {"status", error.http_status}}}};
}

std::string Str(const json& args, const char* name) { return args.value(name, std::string()); }

json MetadataJson(const gloss::ObjectMetadata& info) {
  return {{"contentLength", info.content_length},
          {"contentType", info.content_type},
          {"etag", info.etag},
          {"lastModified", info.last_modified},
          {"metadata", info.metadata}};
}

// The s3* operations; nullopt when `event` names none.
std::optional<json> Storage(const json& event) {
  static constexpr const char* kOperations[] = {"s3Get", "s3Put", "s3Head", "s3Delete", "s3List"};
  const char* operation = nullptr;
  for (const char* name : kOperations) {
    if (event.contains(name)) {
      operation = name;
    }
  }
  if (operation == nullptr) {
    return std::nullopt;
  }
  gloss::Outcome<gloss::StorageClient> client = gloss::StorageClient::FromEnvironment();
  if (!client.ok()) {
    return ErrorJson(client.error());
  }
  const json& args = event[operation];
  const std::string bucket = Str(args, "bucket");
  const std::string key = Str(args, "key");
  const std::string_view name = operation;
  if (name == "s3Get") {
    auto got = client->GetObject(bucket, key);
    if (!got.ok()) {
      return ErrorJson(got.error());
    }
    json out = MetadataJson(got->info);
    out["body"] = got->body;
    return out;
  }
  if (name == "s3Put") {
    auto put = client->PutObject(bucket, key, Str(args, "body"),
                                 {.content_type = Str(args, "contentType")});
    return put.ok() ? json{{"etag", put->etag}} : ErrorJson(put.error());
  }
  if (name == "s3Head") {
    auto head = client->HeadObject(bucket, key);
    return head.ok() ? MetadataJson(*head) : ErrorJson(head.error());
  }
  if (name == "s3Delete") {
    auto deleted = client->DeleteObject(bucket, key);
    return deleted.ok() ? json{{"deleted", true}} : ErrorJson(deleted.error());
  }
  auto page = client->ListObjectsV2(bucket, {.prefix = Str(args, "prefix"),
                                             .delimiter = Str(args, "delimiter"),
                                             .continuation_token = Str(args, "continuationToken"),
                                             .max_keys = args.value("maxKeys", 0u)});
  if (!page.ok()) {
    return ErrorJson(page.error());
  }
  json keys = json::array();
  for (const gloss::ListedObject& object : page->objects) {
    keys.push_back({{"key", object.key}, {"size", object.size}, {"etag", object.etag}});
  }
  return json{{"objects", keys},
              {"commonPrefixes", page->common_prefixes},
              {"isTruncated", page->is_truncated},
              {"nextContinuationToken", page->next_continuation_token}};
}

json Graphql(const json& args) {
  gloss::Outcome<gloss::DataClient> client = gloss::DataClient::FromEnvironment();
  if (!client.ok()) {
    return ErrorJson(client.error());
  }
  auto data = client->Execute(Str(args, "query"), args.value("variables", json::object()));
  return data.ok() ? json{{"data", *data}} : ErrorJson(data.error());
}

json SqsSend(const json& args) {
  gloss::Outcome<gloss::QueueClient> client = gloss::QueueClient::FromEnvironment();
  if (!client.ok()) {
    return ErrorJson(client.error());
  }
  auto sent = client->SendMessage(Str(args, "queueUrl"), Str(args, "body"));
  return sent.ok() ? json{{"messageId", sent->message_id}} : ErrorJson(sent.error());
}

class Echo {
 public:
  gloss::JsonResult Handle(const json& event, const gloss::Context& context) {
    if (!event.is_object()) {
      return Default(event, context);
    }
    if (event.contains("sleepMs")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(event["sleepMs"].get<int64_t>()));
    }
    if (event.contains("print")) {
      std::cout << event["print"].get<std::string>() << std::endl;
    }
    if (event.contains("printErr")) {
      std::cerr << event["printErr"].get<std::string>() << std::endl;
    }
    if (event.contains("allocateMB")) {
      Allocate(event["allocateMB"].get<size_t>());
    }
    if (event.contains("fail")) {
      return gloss::HandlerError("EchoError", event["fail"].get<std::string>());
    }
    if (event.contains("throw")) {
      throw std::runtime_error(event["throw"].get<std::string>());
    }
    if (event.contains("crash")) {
      std::abort();
    }
    if (event.contains("exit")) {
      _exit(event["exit"].get<int>());
    }
    if (event.contains("env")) {
      const char* value = std::getenv(event["env"].get<std::string>().c_str());
      return json{{"env", value == nullptr ? json(nullptr) : json(value)}};
    }
    if (std::optional<json> storage = Storage(event)) {
      return *storage;
    }
    if (event.contains("graphql")) {
      return Graphql(event["graphql"]);
    }
    if (event.contains("sqsSend")) {
      return SqsSend(event["sqsSend"]);
    }
    return Default(event, context);
  }

 private:
  static json Default(const json& event, const gloss::Context& context) {
    return {{"echo", event},
            {"requestId", context.request_id},
            {"functionName", context.function_name},
            {"remainingMs", context.RemainingTime().count()}};
  }

  // Touches every page so the memory is resident (counted by RSS and cgroups).
  void Allocate(size_t megabytes) {
    constexpr size_t kMiB = 1024 * 1024;
    auto block = std::make_unique<char[]>(megabytes * kMiB);
    for (size_t offset = 0; offset < megabytes * kMiB; offset += 4096) {
      block[offset] = static_cast<char>(offset);
    }
    kept_.push_back(std::move(block));
  }

  std::vector<std::unique_ptr<char[]>> kept_;
};

// `echo --invoke EVENT`: one call of the handler in this process.
int InvokeLocally(Echo& echo, const char* event_text) {
  const json event = json::parse(event_text, nullptr, false);
  if (event.is_discarded()) {
    std::cerr << "echo: --invoke needs a JSON event\n";
    return 2;
  }
  gloss::Context context;
  context.request_id = "local-invoke";
  const char* name = std::getenv("AWS_LAMBDA_FUNCTION_NAME");
  context.function_name = name != nullptr ? name : "echo";
  context.deadline = std::chrono::system_clock::now() + std::chrono::minutes(1);
  gloss::JsonResult result = echo.Handle(event, context);
  if (!result.ok()) {
    std::cout << json{{"errorType", result.error().type()},
                      {"errorMessage", result.error().message()}}
              << std::endl;
    return 1;
  }
  std::cout << result.payload().dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Echo echo;
  if (argc == 3 && std::strcmp(argv[1], "--invoke") == 0) {
    return InvokeLocally(echo, argv[2]);
  }
  return gloss::run([&echo](const json& event, const gloss::Context& context) {
    return echo.Handle(event, context);
  });
}
