#include "queue/protocol/json_codec.h"

#include <string>

#include <gtest/gtest.h>

#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

std::optional<SqsErrorCode> ErrorOf(std::string_view target, std::string_view body) {
  const Result<SqsCall> call = DecodeJsonRequest(target, body);
  if (call.ok()) {
    return std::nullopt;
  }
  return SqsErrorCodeOf(call.status());
}

std::string Header(const SqsJsonError& error, std::string_view name) {
  for (const auto& [header, value] : error.headers) {
    if (header == name) {
      return value;
    }
  }
  return "<absent>";
}

TEST(JsonCodecTest, DecodesWhatTheSdkSends) {
  const std::string body =
      R"({"QueueUrl":"http://127.0.0.1:4000/000000000000/q1","MessageBody":"hello",)"
      R"("DelaySeconds":0,"MessageAttributes":{"a":{"DataType":"String","StringValue":"x"},)"
      R"("b":{"DataType":"Binary","BinaryValue":"AQID"},)"
      R"("n":{"DataType":"Number","StringValue":"42"}}})";
  ASSERT_OK_AND_ASSIGN(const SqsCall call, DecodeJsonRequest("AmazonSQS.SendMessage", body));
  EXPECT_EQ(call.operation, "SendMessage");
  EXPECT_EQ(call.input, Json::parse(body));
}

TEST(JsonCodecTest, EmptyBodyIsAnEmptyInput) {
  ASSERT_OK_AND_ASSIGN(const SqsCall call, DecodeJsonRequest("AmazonSQS.ListQueues", ""));
  EXPECT_EQ(call.operation, "ListQueues");
  EXPECT_EQ(call.input, Json::object());
}

TEST(JsonCodecTest, TargetMustNameAnSqsOperation) {
  EXPECT_EQ(ErrorOf("", "{}"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("SendMessage", "{}"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("AmazonSQS.", "{}"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("AmazonSQS.Frobnicate", "{}"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("AmazonSNS.Publish", "{}"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("AmazonSQS.sendMessage", "{}"), SqsErrorCode::kInvalidAction);
  const SqsError error = SqsErrorOf(DecodeJsonRequest("AmazonSQS.Frobnicate", "{}").status());
  EXPECT_EQ(error.http_status, 400u);
}

TEST(JsonCodecTest, BodyMustBeAJsonObject) {
  for (const char* body : {"{", "[]", "\"x\"", "42", "null", "{\"a\":1}x", "\xff", "{'a':1}"}) {
    EXPECT_EQ(ErrorOf("AmazonSQS.ListQueues", body), SqsErrorCode::kInvalidParameterValue) << body;
  }
}

TEST(JsonCodecTest, RefusesDeepNestingBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(ErrorOf("AmazonSQS.ListQueues", "{\"x\":" + deep + "}"),
            SqsErrorCode::kInvalidParameterValue);
  std::string nested = "1";
  for (size_t depth = 1; depth < kMaxJsonDepth; ++depth) {
    nested = "[" + nested + "]";
  }
  EXPECT_EQ(ErrorOf("AmazonSQS.ListQueues", "{\"x\":" + nested + "}"), std::nullopt);
  // Brackets inside strings do not count.
  EXPECT_EQ(
      ErrorOf("AmazonSQS.SendMessage", "{\"MessageBody\":\"" + std::string(1000, '[') + "\\\"{\"}"),
      std::nullopt);
}

TEST(JsonCodecTest, MembersMustHaveTheModelsTypes) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"SendMessage", R"({"QueueUrl":7})"},
      {"SendMessage", R"({"MessageBody":{"a":1}})"},
      {"SendMessage", R"({"DelaySeconds":"5"})"},
      {"SendMessage", R"({"DelaySeconds":1.5})"},
      {"SendMessage", R"({"DelaySeconds":2147483648})"},
      {"SendMessage", R"({"DelaySeconds":-2147483649})"},
      {"SendMessage", R"({"DelaySeconds":true})"},
      {"SendMessage", R"({"DelaySeconds":1e300})"},
      {"SendMessage", R"({"MessageAttributes":[]})"},
      {"SendMessage", R"({"MessageAttributes":{"a":"x"}})"},
      {"SendMessage", R"({"MessageAttributes":{"a":{"DataType":1}}})"},
      {"SendMessage", R"({"MessageAttributes":{"a":{"StringListValues":"x"}}})"},
      {"SendMessageBatch", R"({"Entries":{}})"},
      {"SendMessageBatch", R"({"Entries":["x"]})"},
      {"SendMessageBatch", R"({"Entries":[{"Id":"a","DelaySeconds":"x"}]})"},
      {"SendMessageBatch", R"({"Entries":[null]})"},
      {"ReceiveMessage", R"({"AttributeNames":"All"})"},
      {"ReceiveMessage", R"({"MessageAttributeNames":[1]})"},
      {"CreateQueue", R"({"Attributes":{"VisibilityTimeout":30}})"},
      {"CreateQueue", R"({"tags":{"a":null}})"},
      {"TagQueue", R"({"Tags":["a"]})"},
      {"CancelMessageMoveTask", R"({"TaskHandle":["x"]})"},
  };
  for (const auto& [operation, body] : bad) {
    EXPECT_EQ(ErrorOf("AmazonSQS." + operation, body), SqsErrorCode::kInvalidParameterValue)
        << operation << " " << body;
  }
}

TEST(JsonCodecTest, NullMembersAreAbsentAndUnknownMembersStay) {
  ASSERT_OK_AND_ASSIGN(
      const SqsCall call,
      DecodeJsonRequest("AmazonSQS.ReceiveMessage",
                        R"({"QueueUrl":"u","WaitTimeSeconds":null,"Colour":["blue"],)"
                        R"("MessageSystemAttributeNames":["All"],"MaxNumberOfMessages":10.0})"));
  EXPECT_EQ(call.input, Json::parse(R"({"QueueUrl":"u","Colour":["blue"],
                                        "MessageSystemAttributeNames":["All"],
                                        "MaxNumberOfMessages":10})"));
  EXPECT_TRUE(call.input["MaxNumberOfMessages"].is_number_integer());
}

TEST(JsonCodecTest, IntegerBoundsAreInclusive) {
  EXPECT_EQ(ErrorOf("AmazonSQS.SendMessage", R"({"DelaySeconds":2147483647})"), std::nullopt);
  EXPECT_EQ(ErrorOf("AmazonSQS.SendMessage", R"({"DelaySeconds":-2147483648})"), std::nullopt);
  EXPECT_EQ(ErrorOf("AmazonSQS.SendMessage", R"({"DelaySeconds":-2147483648.0})"), std::nullopt);
  EXPECT_EQ(ErrorOf("AmazonSQS.SendMessage", R"({"DelaySeconds":2147483648.0})"),
            SqsErrorCode::kInvalidParameterValue);
}

TEST(JsonCodecTest, EncodesResponsesWithoutThrowing) {
  EXPECT_EQ(EncodeJsonResponse(Json::object()), "{}");
  EXPECT_EQ(EncodeJsonResponse(Json{{"QueueUrl", "http://h/0/q"}}),
            R"({"QueueUrl":"http://h/0/q"})");
  EXPECT_EQ(EncodeJsonResponse(Json{{"Body", "caf\xc3\xa9"}}), "{\"Body\":\"caf\xc3\xa9\"}");
  EXPECT_EQ(EncodeJsonResponse(Json{{"Body", "bad\xff"}}), "{\"Body\":\"bad\xef\xbf\xbd\"}");
}

TEST(JsonCodecTest, ErrorCarriesTypeAndQueryCode) {
  const SqsJsonError error = EncodeJsonError(
      SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist, "The specified queue does not exist."),
      "req-1");
  EXPECT_EQ(error.http_status, 400u);
  EXPECT_EQ(Header(error, "content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(Header(error, "x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender");
  EXPECT_EQ(Header(error, "x-amzn-RequestId"), "req-1");
  EXPECT_EQ(Json::parse(error.body), Json::parse(R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist",
                            "message":"The specified queue does not exist."})"));
}

TEST(JsonCodecTest, EveryCodeRendersItsNamesAndStatus) {
  for (const SqsErrorInfo& info : AllSqsErrors()) {
    const SqsJsonError error = EncodeJsonError(SqsErrorStatus(info.code), "r");
    EXPECT_EQ(error.http_status, info.http_status) << info.name;
    EXPECT_EQ(
        Header(error, "x-amzn-query-error"),
        std::string(info.query_code) + (info.fault == SqsFault::kSender ? ";Sender" : ";Receiver"));
    const Json body = Json::parse(error.body);
    EXPECT_EQ(body["__type"], "com.amazonaws.sqs#" + std::string(info.name));
    EXPECT_EQ(body["message"], info.default_message);
  }
}

TEST(JsonCodecTest, ServerErrorsAreReceiverFaultsWithoutDetails) {
  const SqsJsonError error = EncodeJsonError(Status::Unavailable("database is locked"), "r");
  EXPECT_EQ(error.http_status, 503u);
  EXPECT_EQ(Header(error, "x-amzn-query-error"), "ServiceUnavailable;Receiver");
  EXPECT_EQ(Json::parse(error.body)["message"],
            "The request has failed due to a temporary failure of the server.");
}

TEST(JsonCodecTest, ErrorMessagesThatAreNotUtf8StillEncode) {
  const SqsJsonError error =
      EncodeJsonError(SqsErrorStatus(SqsErrorCode::kInvalidParameterValue, "bad \xff"), "r");
  EXPECT_EQ(Json::parse(error.body)["message"], "bad \xef\xbf\xbd");
}

}  // namespace
}  // namespace gloss::queue::protocol
