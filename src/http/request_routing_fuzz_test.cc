// Fuzzes the header glue that runs on every request before any service: query
// parameter decoding, SigV4 scope extraction and route matching.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/router.h"

namespace {

gloss::http::Route Named(const char* name) {
  gloss::http::Route route;
  route.name = name;
  return route;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gloss::http::RouteTable table = [] {
    gloss::http::RouteTable routes;
    routes.AddPath("GET", "/_gloss/health", Named("health"));
    routes.AddAmzTarget("AmazonSQS", Named("sqs"));
    routes.AddSigV4Service("s3", Named("s3"));
    routes.AddPathPrefix("/2015-03-31/functions/", Named("lambda"));
    routes.AddPathSuffix("/.well-known/jwks.json", Named("jwks"));
    return routes;
  }();
  const std::string input(reinterpret_cast<const char*>(data), size);
  // Split the input into target / authorization / x-amz-target at NUL bytes.
  const size_t first = input.find('\0');
  const size_t second = first == std::string::npos ? first : input.find('\0', first + 1);
  gloss::http::RequestHead head;
  head.method = "GET";
  head.target = input.substr(0, first);
  const size_t question = head.target.find('?');
  head.path = head.target.substr(0, question);
  head.query = question == std::string::npos ? "" : head.target.substr(question + 1);
  if (first != std::string::npos) {
    head.headers.Add("authorization", input.substr(first + 1, second - first - 1));
  }
  if (second != std::string::npos) {
    head.headers.Add("x-amz-target", input.substr(second + 1));
  }
  (void)table.Match(head);
  (void)gloss::http::SigV4Service(head);
  (void)head.QueryParam("X-Amz-Credential");
  return 0;
}
