#include "gloss/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "gloss/internal/runtime_api_client.h"
#include "gloss/internal/runtime_loop.h"

namespace gloss {
namespace {

int Fatal(std::string_view message) {
  std::fprintf(stderr, "gloss runtime: %.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

}  // namespace

int run(RawHandler handler, RunOptions options) {  // NOLINT(readability-identifier-naming)
  // A pipe makes stdout fully buffered; gloss shows function logs live.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const char* address = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (address == nullptr || *address == '\0') {
    return Fatal("AWS_LAMBDA_RUNTIME_API is not set; run this under gloss (or AWS Lambda)");
  }
  Result<std::unique_ptr<sdk::RuntimeApiClient>> api = sdk::RuntimeApiClient::Create(address);
  if (!api.ok()) {
    return Fatal(api.status().message());
  }
  sdk::RuntimeLoop loop(**api, sdk::FunctionContextFromEnvironment(), std::move(handler));
  if (const Status init = loop.Init(options.init); !init.ok()) {
    return Fatal(init.message());
  }
  while (true) {
    if (const Status served = loop.RunOnce(); !served.ok()) {
      return Fatal(served.message());
    }
  }
}

int run(JsonHandler handler, RunOptions options) {  // NOLINT(readability-identifier-naming)
  return run(sdk::AdaptJsonHandler(std::move(handler)), std::move(options));
}

}  // namespace gloss
