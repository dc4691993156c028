#include "http/cors.h"

#include <gtest/gtest.h>

namespace gloss::http {
namespace {

RequestHead Head(std::string method,
                 std::initializer_list<std::pair<const char*, const char*>> headers) {
  RequestHead head;
  head.method = std::move(method);
  head.target = head.path = "/images/photo.jpg";
  for (const auto& [name, value] : headers) {
    head.headers.Add(name, value);
  }
  return head;
}

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [field, value] : response.headers) {
    if (field == name) {
      return value;
    }
  }
  return "<absent>";
}

TEST(CorsTest, PreflightAllowsTheOriginAndEchoesTheRequestedHeaders) {
  const std::optional<Response> preflight = PreflightResponse(Head(
      "OPTIONS", {{"Origin", "http://localhost:5173"},
                  {"Access-Control-Request-Method", "PUT"},
                  {"Access-Control-Request-Headers", "authorization,x-amz-date,content-type"}}));
  ASSERT_TRUE(preflight.has_value());
  EXPECT_EQ(preflight->status, 204u);
  EXPECT_EQ(HeaderOf(*preflight, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(*preflight, "Access-Control-Allow-Headers"),
            "authorization,x-amz-date,content-type");
  EXPECT_NE(HeaderOf(*preflight, "Access-Control-Allow-Methods").find("PUT"), std::string::npos);
  EXPECT_EQ(HeaderOf(*preflight, "Access-Control-Max-Age"), "7200");
}

TEST(CorsTest, OnlyACorsOptionsRequestIsAPreflight) {
  EXPECT_FALSE(PreflightResponse(Head("OPTIONS", {{"Origin", "http://a"}})).has_value());
  EXPECT_FALSE(PreflightResponse(Head("OPTIONS", {{"Access-Control-Request-Method", "GET"}})));
  EXPECT_FALSE(PreflightResponse(
      Head("GET", {{"Origin", "http://a"}, {"Access-Control-Request-Method", "GET"}})));
}

TEST(CorsTest, CrossOriginAnswersCanBeReadWithAllTheirHeaders) {
  Response response = Response::Text(200, "ok");
  AddCorsHeaders(Head("GET", {{"Origin", "http://localhost:5173"}}), response);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Expose-Headers"), "*");

  Response same_origin = Response::Text(200, "ok");
  AddCorsHeaders(Head("GET", {}), same_origin);
  EXPECT_EQ(HeaderOf(same_origin, "Access-Control-Allow-Origin"), "<absent>");
}

}  // namespace
}  // namespace gloss::http
