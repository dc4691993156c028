#include "http/router.h"

#include <gtest/gtest.h>

namespace gloss::http {
namespace {

Route Named(std::string name) {
  Route route;
  route.name = std::move(name);
  route.handler = [](Request&) -> boost::asio::awaitable<Response> { co_return Response{}; };
  return route;
}

RequestHead Head(std::string method, std::string target) {
  RequestHead head;
  head.method = std::move(method);
  head.target = target;
  const size_t question = target.find('?');
  head.path = target.substr(0, question);
  head.query = question == std::string::npos ? "" : target.substr(question + 1);
  return head;
}

std::string Matched(const RouteTable& table, const RequestHead& head) {
  const RouteMatch match = table.Match(head);
  if (match.method_not_allowed) {
    return "405";
  }
  return match.route == nullptr ? "404" : match.route->name;
}

class RouteTableTest : public ::testing::Test {
 protected:
  RouteTableTest() {
    table_.AddPath("GET", "/_gloss/health", Named("health"));
    table_.AddAmzTarget("AWSCognitoIdentityProviderService", Named("cognito-idp"));
    table_.AddAmzTarget("AmazonSQS", Named("sqs"));
    table_.AddSigV4Service("s3", Named("s3"));
    table_.AddSigV4Service("sqs", Named("sqs"));
    table_.AddSigV4Service("lambda", Named("lambda"));
    table_.AddPath("POST", "/graphql", Named("graphql"));
    table_.AddPathPrefix("/2015-03-31/functions/", Named("lambda"));
    table_.AddPathSuffix("/.well-known/jwks.json", Named("jwks"));
    table_.SetFallback(Named("gallery"));
  }

  static constexpr const char* kS3Authorization =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc";

  RouteTable table_;
};

TEST_F(RouteTableTest, AmzTargetSelectsService) {
  RequestHead head = Head("POST", "/");
  head.headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth");
  EXPECT_EQ(Matched(table_, head), "cognito-idp");
}

TEST_F(RouteTableTest, AmzTargetWinsOverSigV4Scope) {
  RequestHead head = Head("POST", "/");
  head.headers.Add("X-Amz-Target", "AmazonSQS.SendMessage");
  head.headers.Add("Authorization", kS3Authorization);
  EXPECT_EQ(Matched(table_, head), "sqs");
}

TEST_F(RouteTableTest, SigV4ScopeSelectsServiceEvenOnServicePaths) {
  RequestHead head = Head("PUT", "/graphql/object.txt");
  head.headers.Add("Authorization", kS3Authorization);
  EXPECT_EQ(Matched(table_, head), "s3");
}

TEST_F(RouteTableTest, PresignedQueryCredentialSelectsService) {
  const RequestHead head = Head(
      "GET",
      "/images/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261125%2Fus-east-1"
      "%2Fs3%2Faws4_request&X-Amz-Signature=00");
  EXPECT_EQ(Matched(table_, head), "s3");
}

TEST_F(RouteTableTest, SystemPathsWinOverEverything) {
  RequestHead head = Head("GET", "/_gloss/health");
  head.headers.Add("X-Amz-Target", "AmazonSQS.ListQueues");
  EXPECT_EQ(Matched(table_, head), "health");
}

TEST_F(RouteTableTest, ExactPathsCheckTheMethod) {
  EXPECT_EQ(Matched(table_, Head("POST", "/graphql")), "graphql");
  EXPECT_EQ(Matched(table_, Head("DELETE", "/graphql")), "405");
  EXPECT_EQ(Matched(table_, Head("POST", "/_gloss/health")), "405");
}

TEST_F(RouteTableTest, PrefixSuffixAndFallback) {
  EXPECT_EQ(Matched(table_, Head("POST", "/2015-03-31/functions/hello/invocations")), "lambda");
  EXPECT_EQ(Matched(table_, Head("GET", "/us-east-1_abc/.well-known/jwks.json")), "jwks");
  EXPECT_EQ(Matched(table_, Head("GET", "/index.html")), "gallery");
}

TEST_F(RouteTableTest, UnknownSigV4ServiceFallsThroughToPaths) {
  RequestHead head = Head("POST", "/graphql");
  head.headers.Add("Authorization",
                   "AWS4-HMAC-SHA256 Credential=AK/20261125/us-east-1/appsync/aws4_request, "
                   "SignedHeaders=host, Signature=0");
  EXPECT_EQ(Matched(table_, head), "graphql");
}

TEST(RouteTableEmptyTest, NoFallbackMeansNotFound) {
  const RouteTable table;
  EXPECT_EQ(Matched(table, Head("GET", "/")), "404");
}

TEST(SigV4ServiceTest, RejectsMalformedScopes) {
  auto service_of = [](std::string authorization) {
    RequestHead head;
    head.headers.Add("authorization", authorization);
    return SigV4Service(head);
  };
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Credential=AK/2026/us-east-1/s3/aws4_request, X"), "s3");
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Credential=AK/2026/us-east-1/s3/aws4_request"), "s3");
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Credential=AK/2026/us-east-1/s3"), std::nullopt);
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Credential=AK/2026/r//aws4_request"), std::nullopt);
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Credential=A/B/C/D/aws4_request/extra"), std::nullopt);
  EXPECT_EQ(service_of("Bearer eyJhbGciOi"), std::nullopt);
  EXPECT_EQ(service_of("AWS4-HMAC-SHA256 Signature=abc"), std::nullopt);
}

TEST(AmzTargetPrefixTest, NeedsAPrefixAndAnOperation) {
  auto prefix_of = [](std::string target) {
    RequestHead head;
    head.headers.Add("x-amz-target", target);
    const std::optional<std::string_view> prefix = AmzTargetPrefix(head);
    return prefix ? std::optional<std::string>(*prefix) : std::nullopt;
  };
  EXPECT_EQ(prefix_of("AmazonSQS.SendMessage"), "AmazonSQS");
  EXPECT_EQ(prefix_of("AmazonSQS"), std::nullopt);
  EXPECT_EQ(prefix_of(".SendMessage"), std::nullopt);
}

}  // namespace
}  // namespace gloss::http
