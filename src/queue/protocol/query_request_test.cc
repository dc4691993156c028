#include <string>

#include <gtest/gtest.h>

#include "queue/protocol/json_codec.h"
#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kQueueUrl = "http%3A%2F%2F127.0.0.1%3A4000%2F000000000000%2Fq1";

// One query request and the JSON input it must decode to.
struct Case {
  std::string operation;
  std::string form;  // Without Action; `&QueueUrl=...` is written out where needed.
  std::string json;
};

class QueryRequestTest : public ::testing::TestWithParam<Case> {};

TEST_P(QueryRequestTest, DecodesToTheJsonInput) {
  const Case& test_case = GetParam();
  const std::string form = "Action=" + test_case.operation + "&Version=2012-11-05" +
                           test_case.form +
                           "&AWSAccessKeyId=AKID&SignatureVersion=4&Timestamp=2024-01-01";
  ASSERT_OK_AND_ASSIGN(const SqsCall call, DecodeQueryRequest(form));
  EXPECT_EQ(call.operation, test_case.operation);
  EXPECT_EQ(call.input, Json::parse(test_case.json)) << call.input.dump();
  // What the query codec produces is a valid JSON protocol request as well.
  ASSERT_OK_AND_ASSIGN(const SqsCall as_json,
                       DecodeJsonRequest("AmazonSQS." + test_case.operation, call.input.dump()));
  EXPECT_EQ(as_json.input, call.input);
}

std::string Url() { return "&QueueUrl=" + std::string(kQueueUrl); }

std::string UrlJson() { return R"("QueueUrl":"http://127.0.0.1:4000/000000000000/q1")"; }

INSTANTIATE_TEST_SUITE_P(
    EveryOperation, QueryRequestTest,
    ::testing::Values(
        Case{"CreateQueue",
             "&QueueName=jobs.fifo&Attribute.1.Name=FifoQueue&Attribute.1.Value=true"
             "&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=60"
             "&Tag.1.Key=team&Tag.1.Value=core&Tag.2.Key=empty",
             R"({"QueueName":"jobs.fifo",
                 "Attributes":{"FifoQueue":"true","VisibilityTimeout":"60"},
                 "tags":{"team":"core","empty":""}})"},
        Case{"GetQueueUrl", "&QueueName=q1&QueueOwnerAWSAccountId=000000000000",
             R"({"QueueName":"q1","QueueOwnerAWSAccountId":"000000000000"})"},
        Case{"ListQueues", "&QueueNamePrefix=q&MaxResults=10&NextToken=abc",
             R"({"QueueNamePrefix":"q","MaxResults":10,"NextToken":"abc"})"},
        Case{"ListQueues", "", "{}"}, Case{"DeleteQueue", Url(), "{" + UrlJson() + "}"},
        Case{"GetQueueAttributes", Url() + "&AttributeName.1=All&AttributeName.2=QueueArn",
             "{" + UrlJson() + R"(,"AttributeNames":["All","QueueArn"]})"},
        Case{"SetQueueAttributes",
             Url() + "&Attribute.1.Name=RedrivePolicy&Attribute.1.Value=%7B%22maxReceiveCount%22"
                     "%3A%223%22%7D",
             "{" + UrlJson() + R"(,"Attributes":{"RedrivePolicy":"{\"maxReceiveCount\":\"3\"}"}})"},
        Case{"SendMessage",
             Url() + "&MessageBody=hello+world&DelaySeconds=5"
                     "&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String"
                     "&MessageAttribute.1.Value.StringValue=x"
                     "&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=Binary"
                     "&MessageAttribute.2.Value.BinaryValue=AQID"
                     "&MessageSystemAttribute.1.Name=AWSTraceHeader"
                     "&MessageSystemAttribute.1.Value.DataType=String"
                     "&MessageSystemAttribute.1.Value.StringValue=Root%3D1"
                     "&MessageDeduplicationId=d1&MessageGroupId=g1",
             "{" + UrlJson() + R"(,"MessageBody":"hello world","DelaySeconds":5,
                 "MessageAttributes":{"a":{"DataType":"String","StringValue":"x"},
                                      "b":{"DataType":"Binary","BinaryValue":"AQID"}},
                 "MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"String",
                                                              "StringValue":"Root=1"}},
                 "MessageDeduplicationId":"d1","MessageGroupId":"g1"})"},
        Case{"SendMessageBatch",
             Url() + "&SendMessageBatchRequestEntry.1.Id=m1"
                     "&SendMessageBatchRequestEntry.1.MessageBody=one"
                     "&SendMessageBatchRequestEntry.1.DelaySeconds=0"
                     "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=n"
                     "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Number"
                     "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=7"
                     "&SendMessageBatchRequestEntry.2.Id=m2"
                     "&SendMessageBatchRequestEntry.2.MessageBody=two"
                     "&SendMessageBatchRequestEntry.2.MessageGroupId=g",
             "{" + UrlJson() + R"(,"Entries":[
                 {"Id":"m1","MessageBody":"one","DelaySeconds":0,
                  "MessageAttributes":{"n":{"DataType":"Number","StringValue":"7"}}},
                 {"Id":"m2","MessageBody":"two","MessageGroupId":"g"}]})"},
        Case{"ReceiveMessage",
             Url() + "&AttributeName.1=All&MessageSystemAttributeName.1=SenderId"
                     "&MessageAttributeName.1=a&MessageAttributeName.2=b.*"
                     "&MaxNumberOfMessages=10&VisibilityTimeout=30&WaitTimeSeconds=20"
                     "&ReceiveRequestAttemptId=r1",
             "{" + UrlJson() + R"(,"AttributeNames":["All"],
                 "MessageSystemAttributeNames":["SenderId"],"MessageAttributeNames":["a","b.*"],
                 "MaxNumberOfMessages":10,"VisibilityTimeout":30,"WaitTimeSeconds":20,
                 "ReceiveRequestAttemptId":"r1"})"},
        Case{"DeleteMessage", Url() + "&ReceiptHandle=abc%2Bdef%2F%3D",
             "{" + UrlJson() + R"(,"ReceiptHandle":"abc+def/="})"},
        Case{"DeleteMessageBatch",
             Url() + "&DeleteMessageBatchRequestEntry.1.Id=a"
                     "&DeleteMessageBatchRequestEntry.1.ReceiptHandle=h1"
                     "&DeleteMessageBatchRequestEntry.2.Id=b"
                     "&DeleteMessageBatchRequestEntry.2.ReceiptHandle=h2",
             "{" + UrlJson() + R"(,"Entries":[{"Id":"a","ReceiptHandle":"h1"},
                                            {"Id":"b","ReceiptHandle":"h2"}]})"},
        Case{"ChangeMessageVisibility", Url() + "&ReceiptHandle=h&VisibilityTimeout=0",
             "{" + UrlJson() + R"(,"ReceiptHandle":"h","VisibilityTimeout":0})"},
        Case{"ChangeMessageVisibilityBatch",
             Url() + "&ChangeMessageVisibilityBatchRequestEntry.1.Id=a"
                     "&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=h1"
                     "&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=43200",
             "{" + UrlJson() + R"(,"Entries":[{"Id":"a","ReceiptHandle":"h1",
                                             "VisibilityTimeout":43200}]})"},
        Case{"PurgeQueue", Url(), "{" + UrlJson() + "}"},
        Case{"ListDeadLetterSourceQueues", Url() + "&MaxResults=5&NextToken=t",
             "{" + UrlJson() + R"(,"MaxResults":5,"NextToken":"t"})"},
        Case{"TagQueue", Url() + "&Tag.1.Key=a&Tag.1.Value=1&Tag.2.Key=b&Tag.2.Value=2",
             "{" + UrlJson() + R"(,"Tags":{"a":"1","b":"2"}})"},
        Case{"UntagQueue", Url() + "&TagKey.1=a&TagKey.2=b",
             "{" + UrlJson() + R"(,"TagKeys":["a","b"]})"},
        Case{"ListQueueTags", Url(), "{" + UrlJson() + "}"},
        Case{"StartMessageMoveTask",
             "&SourceArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Adlq"
             "&DestinationArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Aq1"
             "&MaxNumberOfMessagesPerSecond=50",
             R"({"SourceArn":"arn:aws:sqs:us-east-1:000000000000:dlq",
                 "DestinationArn":"arn:aws:sqs:us-east-1:000000000000:q1",
                 "MaxNumberOfMessagesPerSecond":50})"},
        Case{"ListMessageMoveTasks",
             "&SourceArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Adlq&MaxResults=10",
             R"({"SourceArn":"arn:aws:sqs:us-east-1:000000000000:dlq","MaxResults":10})"},
        Case{"CancelMessageMoveTask", "&TaskHandle=th1", R"({"TaskHandle":"th1"})"},
        Case{"AddPermission",
             Url() + "&Label=l&AWSAccountId.1=111111111111&ActionName.1=SendMessage",
             "{" + UrlJson() + R"(,"Label":"l","AWSAccountIds":["111111111111"],
                                 "Actions":["SendMessage"]})"},
        Case{"RemovePermission", Url() + "&Label=l", "{" + UrlJson() + R"(,"Label":"l"})"}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      return param_info.param.operation + std::to_string(param_info.index);
    });

std::optional<SqsErrorCode> ErrorOf(std::string_view form) {
  const Result<SqsCall> call = DecodeQueryRequest(form);
  if (call.ok()) {
    return std::nullopt;
  }
  return SqsErrorCodeOf(call.status());
}

TEST(QueryRequestErrorsTest, ActionMustBeAnSqsOperation) {
  EXPECT_EQ(ErrorOf(""), SqsErrorCode::kMissingParameter);
  EXPECT_EQ(ErrorOf("QueueName=q"), SqsErrorCode::kMissingParameter);
  EXPECT_EQ(ErrorOf("Action="), SqsErrorCode::kMissingParameter);
  EXPECT_EQ(ErrorOf("Action=Frobnicate"), SqsErrorCode::kInvalidAction);
  EXPECT_EQ(ErrorOf("Action=sendmessage"), SqsErrorCode::kInvalidAction);
}

TEST(QueryRequestErrorsTest, IntegersMustBe32BitIntegers) {
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds=abc"), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds="), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds=1.5"), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds=+1"), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds=2147483648"),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&DelaySeconds=99999999999999999999999"),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessageBatch&SendMessageBatchRequestEntry.1.DelaySeconds=x"),
            SqsErrorCode::kInvalidParameterValue);
  ASSERT_OK_AND_ASSIGN(const SqsCall call,
                       DecodeQueryRequest("Action=SendMessage&DelaySeconds=-5"));
  EXPECT_EQ(call.input["DelaySeconds"], -5);  // Ranges are the operation's to check.
}

TEST(QueryRequestErrorsTest, IndexesRunFromOneToTheLimit) {
  for (const char* form :
       {"Action=GetQueueAttributes&AttributeName.0=All",
        "Action=GetQueueAttributes&AttributeName.01=All",
        "Action=GetQueueAttributes&AttributeName.x=All",
        "Action=GetQueueAttributes&AttributeName.=All",
        "Action=GetQueueAttributes&AttributeName.101=All",
        "Action=GetQueueAttributes&AttributeName.99999999999999999999999=All",
        "Action=CreateQueue&Attribute.-1.Name=a&Attribute.-1.Value=b",
        "Action=SendMessageBatch&SendMessageBatchRequestEntry.1.MessageAttribute.x.Name=a"}) {
    EXPECT_EQ(ErrorOf(form), SqsErrorCode::kInvalidParameterValue) << form;
  }
  ASSERT_OK_AND_ASSIGN(const SqsCall call,
                       DecodeQueryRequest("Action=GetQueueAttributes&AttributeName.100=A"));
  EXPECT_EQ(call.input["AttributeNames"], Json::array({"A"}));
}

TEST(QueryRequestErrorsTest, ListsAreInIndexOrderAndMayHaveGaps) {
  ASSERT_OK_AND_ASSIGN(
      const SqsCall call,
      DecodeQueryRequest("Action=UntagQueue&TagKey.10=c&TagKey.2=b&TagKey.1=a&TagKey.7=x"));
  EXPECT_EQ(call.input["TagKeys"], Json::array({"a", "b", "x", "c"}));
}

TEST(QueryRequestErrorsTest, MapEntriesNeedTheirKey) {
  EXPECT_EQ(ErrorOf("Action=CreateQueue&QueueName=q&Attribute.1.Value=60"),
            SqsErrorCode::kMissingParameter);
  EXPECT_EQ(ErrorOf("Action=TagQueue&Tag.1.Value=v"), SqsErrorCode::kMissingParameter);
  EXPECT_EQ(ErrorOf("Action=SendMessage&MessageAttribute.1.Value.DataType=String"),
            SqsErrorCode::kMissingParameter);
}

TEST(QueryRequestErrorsTest, MapKeysAreUnique) {
  EXPECT_EQ(ErrorOf("Action=CreateQueue&Attribute.1.Name=A&Attribute.1.Value=1"
                    "&Attribute.2.Name=A&Attribute.2.Value=2"),
            SqsErrorCode::kInvalidParameterValue);
}

TEST(QueryRequestErrorsTest, MessageAttributeWithoutValueDecodesToAnEmptyValue) {
  ASSERT_OK_AND_ASSIGN(const SqsCall call,
                       DecodeQueryRequest("Action=SendMessage&MessageAttribute.1.Name=a"));
  EXPECT_EQ(call.input["MessageAttributes"], Json::parse(R"({"a":{}})"));
}

TEST(QueryRequestErrorsTest, StringsMustBeUtf8) {
  EXPECT_EQ(ErrorOf("Action=SendMessage&MessageBody=%FF"), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=TagQueue&Tag.1.Key=%C3&Tag.1.Value=v"),
            SqsErrorCode::kInvalidParameterValue);
  ASSERT_OK_AND_ASSIGN(const SqsCall call,
                       DecodeQueryRequest("Action=SendMessage&MessageBody=caf%C3%A9%00"));
  EXPECT_EQ(call.input["MessageBody"], std::string("caf\xc3\xa9\0", 6));  // Checked later.
}

TEST(QueryRequestErrorsTest, MalformedFormsAreInvalidParameterValue) {
  EXPECT_EQ(ErrorOf("Action=SendMessage&MessageBody=%G0"), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf("Action=SendMessage&Action=DeleteQueue"), SqsErrorCode::kInvalidParameterValue);
}

TEST(QueryRequestErrorsTest, UnknownParametersAreIgnored) {
  ASSERT_OK_AND_ASSIGN(
      const SqsCall call,
      DecodeQueryRequest("Action=DeleteQueue&QueueUrl=u&Colour=blue&Attribute.1.Name=x"
                         "&QueueUrl.1=y&X-Amz-Signature=abc"));
  EXPECT_EQ(call.input, Json::parse(R"({"QueueUrl":"u"})"));
}

}  // namespace
}  // namespace gloss::queue::protocol
