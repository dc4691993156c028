#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

class QueryResponseTest : public ::testing::Test {
 protected:
  // Encodes `output` of `operation` and parses the document back into doc_;
  // returns its <OperationResult> element (empty when absent).
  pugi::xml_node Encode(const std::string& operation, std::string_view output_json) {
    xml_ = EncodeQueryResponse(operation, Json::parse(output_json), "req-1");
    const pugi::xml_parse_result parsed = doc_.load_string(xml_.c_str());
    EXPECT_TRUE(parsed) << parsed.description() << "\n" << xml_;
    const pugi::xml_node root = doc_.document_element();
    EXPECT_STREQ(root.name(), (operation + "Response").c_str());
    EXPECT_STREQ(root.attribute("xmlns").value(), "http://queue.amazonaws.com/doc/2012-11-05/");
    EXPECT_STREQ(root.child("ResponseMetadata").child_value("RequestId"), "req-1");
    return root.child((operation + "Result").c_str());
  }

  static std::vector<std::string> Texts(pugi::xml_node parent, const char* name) {
    std::vector<std::string> texts;
    for (pugi::xml_node child : parent.children(name)) {
      texts.emplace_back(child.child_value());
    }
    return texts;
  }

  static size_t CountChildren(pugi::xml_node node) {
    size_t count = 0;
    for ([[maybe_unused]] pugi::xml_node child : node.children()) {
      ++count;
    }
    return count;
  }

  std::string xml_;
  pugi::xml_document doc_;
};

TEST_F(QueryResponseTest, StartsWithTheXmlDeclaration) {
  Encode("SendMessage", "{}");
  EXPECT_TRUE(xml_.starts_with(R"(<?xml version="1.0"?><SendMessageResponse )")) << xml_;
}

TEST_F(QueryResponseTest, CarriageReturnsSurviveAsCharacterReferences) {
  const pugi::xml_node result = Encode(
      "ReceiveMessage",
      R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"h","MD5OfBody":"x","Body":"a\r\nb\r"}]})");
  EXPECT_NE(xml_.find("a&#xD;\nb&#xD;"), std::string::npos) << xml_;
  EXPECT_EQ(xml_.find('\r'), std::string::npos);
  // pugixml, like any XML parser, reads the reference back as CR.
  EXPECT_STREQ(result.child("Message").child_value("Body"), "a\r\nb\r");
}

TEST_F(QueryResponseTest, SendMessage) {
  const pugi::xml_node result = Encode("SendMessage", R"({
      "MessageId":"5fea7756-0ea4-451a-a703-a558b933e274",
      "MD5OfMessageBody":"fafb00f5732ab283681e124bf8747ed1",
      "MD5OfMessageAttributes":"3ae8f24a165a8cedc005670c81a27295",
      "SequenceNumber":"00000000000000000001"})");
  ASSERT_TRUE(result);
  EXPECT_STREQ(result.child_value("MessageId"), "5fea7756-0ea4-451a-a703-a558b933e274");
  EXPECT_STREQ(result.child_value("MD5OfMessageBody"), "fafb00f5732ab283681e124bf8747ed1");
  EXPECT_STREQ(result.child_value("MD5OfMessageAttributes"), "3ae8f24a165a8cedc005670c81a27295");
  EXPECT_STREQ(result.child_value("SequenceNumber"), "00000000000000000001");
  EXPECT_FALSE(result.child("MD5OfMessageSystemAttributes"));
  EXPECT_EQ(CountChildren(result), 4u);
}

TEST_F(QueryResponseTest, ReceiveMessage) {
  const pugi::xml_node result = Encode("ReceiveMessage", R"({"Messages":[
      {"MessageId":"m1","ReceiptHandle":"rh1","MD5OfBody":"5d41402abc4b2a76b9719d911017c592",
       "Body":"<hello & bye>",
       "Attributes":{"SenderId":"AIDA","SentTimestamp":"1700000000000",
                     "ApproximateReceiveCount":"1"},
       "MD5OfMessageAttributes":"abc",
       "MessageAttributes":{"a":{"DataType":"String","StringValue":"x"},
                            "b":{"DataType":"Binary","BinaryValue":"AQID"}}},
      {"MessageId":"m2","ReceiptHandle":"rh2","MD5OfBody":"d41d","Body":"second"}]})");
  ASSERT_TRUE(result);
  const std::vector<pugi::xml_node> messages(result.children("Message").begin(),
                                             result.children("Message").end());
  ASSERT_EQ(messages.size(), 2u);
  const pugi::xml_node first = messages[0];
  EXPECT_STREQ(first.child_value("MessageId"), "m1");
  EXPECT_STREQ(first.child_value("ReceiptHandle"), "rh1");
  EXPECT_STREQ(first.child_value("MD5OfBody"), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_STREQ(first.child_value("Body"), "<hello & bye>");
  EXPECT_STREQ(first.child_value("MD5OfMessageAttributes"), "abc");
  std::vector<std::pair<std::string, std::string>> attributes;
  for (pugi::xml_node attribute : first.children("Attribute")) {
    attributes.emplace_back(attribute.child_value("Name"), attribute.child_value("Value"));
  }
  EXPECT_EQ(attributes,
            (std::vector<std::pair<std::string, std::string>>{{"ApproximateReceiveCount", "1"},
                                                              {"SenderId", "AIDA"},
                                                              {"SentTimestamp", "1700000000000"}}));
  const std::vector<pugi::xml_node> message_attributes(first.children("MessageAttribute").begin(),
                                                       first.children("MessageAttribute").end());
  ASSERT_EQ(message_attributes.size(), 2u);
  EXPECT_STREQ(message_attributes[0].child_value("Name"), "a");
  EXPECT_STREQ(message_attributes[0].child("Value").child_value("StringValue"), "x");
  EXPECT_STREQ(message_attributes[0].child("Value").child_value("DataType"), "String");
  EXPECT_FALSE(message_attributes[0].child("Value").child("BinaryValue"));
  EXPECT_STREQ(message_attributes[1].child_value("Name"), "b");
  EXPECT_STREQ(message_attributes[1].child("Value").child_value("BinaryValue"), "AQID");
  EXPECT_STREQ(message_attributes[1].child("Value").child_value("DataType"), "Binary");
  EXPECT_STREQ(messages[1].child_value("Body"), "second");
  EXPECT_FALSE(messages[1].child("Attribute"));
}

TEST_F(QueryResponseTest, ReceiveMessageWithoutMessagesHasAnEmptyResult) {
  for (const char* output : {"{}", R"({"Messages":[]})"}) {
    const pugi::xml_node result = Encode("ReceiveMessage", output);
    ASSERT_TRUE(result) << output;
    EXPECT_EQ(CountChildren(result), 0u) << output;
  }
}

TEST_F(QueryResponseTest, GetQueueAttributes) {
  const pugi::xml_node result = Encode("GetQueueAttributes", R"({"Attributes":{
      "VisibilityTimeout":"30","QueueArn":"arn:aws:sqs:us-east-1:000000000000:q1",
      "RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:x\",\"maxReceiveCount\":3}"}})");
  ASSERT_TRUE(result);
  std::map<std::string, std::string> attributes;
  for (pugi::xml_node attribute : result.children("Attribute")) {
    attributes[attribute.child_value("Name")] = attribute.child_value("Value");
  }
  EXPECT_EQ(attributes,
            (std::map<std::string, std::string>{
                {"VisibilityTimeout", "30"},
                {"QueueArn", "arn:aws:sqs:us-east-1:000000000000:q1"},
                {"RedrivePolicy", R"({"deadLetterTargetArn":"arn:x","maxReceiveCount":3})"}}));
}

TEST_F(QueryResponseTest, SendMessageBatch) {
  const pugi::xml_node result = Encode("SendMessageBatch", R"({
      "Successful":[{"Id":"a","MessageId":"m1","MD5OfMessageBody":"x1"},
                    {"Id":"b","MessageId":"m2","MD5OfMessageBody":"x2",
                     "MD5OfMessageAttributes":"y2"}],
      "Failed":[{"Id":"c","SenderFault":true,"Code":"InvalidParameterValue",
                 "Message":"too long"}]})");
  ASSERT_TRUE(result);
  const std::vector<pugi::xml_node> successful(
      result.children("SendMessageBatchResultEntry").begin(),
      result.children("SendMessageBatchResultEntry").end());
  ASSERT_EQ(successful.size(), 2u);
  EXPECT_STREQ(successful[0].child_value("Id"), "a");
  EXPECT_STREQ(successful[0].child_value("MessageId"), "m1");
  EXPECT_STREQ(successful[0].child_value("MD5OfMessageBody"), "x1");
  EXPECT_FALSE(successful[0].child("MD5OfMessageAttributes"));
  EXPECT_STREQ(successful[1].child_value("MD5OfMessageAttributes"), "y2");
  const pugi::xml_node failed = result.child("BatchResultErrorEntry");
  ASSERT_TRUE(failed);
  EXPECT_STREQ(failed.child_value("Id"), "c");
  EXPECT_STREQ(failed.child_value("SenderFault"), "true");
  EXPECT_STREQ(failed.child_value("Code"), "InvalidParameterValue");
  EXPECT_STREQ(failed.child_value("Message"), "too long");
}

TEST_F(QueryResponseTest, DeleteAndChangeVisibilityBatches) {
  pugi::xml_node result =
      Encode("DeleteMessageBatch", R"({"Successful":[{"Id":"a"},{"Id":"b"}],"Failed":[]})");
  EXPECT_EQ(Texts(result, "DeleteMessageBatchResultEntry").size(), 2u);
  EXPECT_STREQ(result.child("DeleteMessageBatchResultEntry").child_value("Id"), "a");
  EXPECT_FALSE(result.child("BatchResultErrorEntry"));
  result = Encode("ChangeMessageVisibilityBatch",
                  R"({"Successful":[{"Id":"a"}],"Failed":[{"Id":"b","SenderFault":false,
                      "Code":"ReceiptHandleIsInvalid","Message":"bad"}]})");
  EXPECT_STREQ(result.child("ChangeMessageVisibilityBatchResultEntry").child_value("Id"), "a");
  EXPECT_STREQ(result.child("BatchResultErrorEntry").child_value("SenderFault"), "false");
}

TEST_F(QueryResponseTest, QueueUrlLists) {
  pugi::xml_node result =
      Encode("ListQueues", R"({"QueueUrls":["http://h/0/a","http://h/0/b"],"NextToken":"n"})");
  EXPECT_EQ(Texts(result, "QueueUrl"), (std::vector<std::string>{"http://h/0/a", "http://h/0/b"}));
  EXPECT_STREQ(result.child_value("NextToken"), "n");
  result = Encode("ListDeadLetterSourceQueues", R"({"queueUrls":["http://h/0/src"]})");
  EXPECT_EQ(Texts(result, "QueueUrl"), (std::vector<std::string>{"http://h/0/src"}));
  result = Encode("CreateQueue", R"({"QueueUrl":"http://h/0/q"})");
  EXPECT_STREQ(result.child_value("QueueUrl"), "http://h/0/q");
  result = Encode("GetQueueUrl", R"({"QueueUrl":"http://h/0/q"})");
  EXPECT_STREQ(result.child_value("QueueUrl"), "http://h/0/q");
}

TEST_F(QueryResponseTest, ListQueueTags) {
  const pugi::xml_node result = Encode("ListQueueTags", R"({"Tags":{"team":"core","env":"dev"}})");
  std::map<std::string, std::string> tags;
  for (pugi::xml_node tag : result.children("Tag")) {
    tags[tag.child_value("Key")] = tag.child_value("Value");
  }
  EXPECT_EQ(tags, (std::map<std::string, std::string>{{"team", "core"}, {"env", "dev"}}));
}

TEST_F(QueryResponseTest, MoveTasks) {
  pugi::xml_node result = Encode("StartMessageMoveTask", R"({"TaskHandle":"th"})");
  EXPECT_STREQ(result.child_value("TaskHandle"), "th");
  result = Encode("CancelMessageMoveTask", R"({"ApproximateNumberOfMessagesMoved":12})");
  EXPECT_STREQ(result.child_value("ApproximateNumberOfMessagesMoved"), "12");
  result = Encode("ListMessageMoveTasks", R"({"Results":[{"TaskHandle":"th","Status":"RUNNING",
      "SourceArn":"arn:s","MaxNumberOfMessagesPerSecond":5,"ApproximateNumberOfMessagesMoved":1,
      "ApproximateNumberOfMessagesToMove":9,"StartedTimestamp":1700000000000}]})");
  const pugi::xml_node entry = result.child("ListMessageMoveTasksResultEntry");
  ASSERT_TRUE(entry);
  EXPECT_STREQ(entry.child_value("Status"), "RUNNING");
  EXPECT_STREQ(entry.child_value("MaxNumberOfMessagesPerSecond"), "5");
  EXPECT_STREQ(entry.child_value("StartedTimestamp"), "1700000000000");
  EXPECT_FALSE(entry.child("FailureReason"));
}

TEST_F(QueryResponseTest, OperationsWithoutOutputHaveOnlyMetadata) {
  for (const char* operation : {"DeleteMessage", "DeleteQueue", "PurgeQueue", "TagQueue",
                                "UntagQueue", "SetQueueAttributes", "ChangeMessageVisibility"}) {
    const pugi::xml_node result = Encode(operation, "{}");
    EXPECT_FALSE(result) << operation;
    EXPECT_EQ(CountChildren(doc_.document_element()), 1u) << operation;
  }
}

TEST_F(QueryResponseTest, UnknownMembersNullsAndWrongTypesAreLeftOut) {
  const pugi::xml_node result =
      Encode("SendMessage",
             R"({"MessageId":"m","Colour":"blue","MD5OfMessageBody":null,"SequenceNumber":7,
          "MD5OfMessageAttributes":["x"]})");
  EXPECT_STREQ(result.child_value("MessageId"), "m");
  EXPECT_STREQ(result.child_value("SequenceNumber"), "7");  // Our own number: written as text.
  EXPECT_FALSE(result.child("Colour"));
  EXPECT_FALSE(result.child("MD5OfMessageBody"));
  EXPECT_FALSE(result.child("MD5OfMessageAttributes"));
  const pugi::xml_node not_an_object = Encode("SendMessage", R"(["x"])");
  EXPECT_TRUE(not_an_object);
  EXPECT_EQ(CountChildren(not_an_object), 0u);
}

class QueryErrorTest : public ::testing::Test {
 protected:
  pugi::xml_node Encode(const Status& status) {
    xml_ = EncodeQueryError(status, "req-9");
    EXPECT_TRUE(doc_.load_string(xml_.c_str())) << xml_;
    const pugi::xml_node root = doc_.document_element();
    EXPECT_STREQ(root.name(), "ErrorResponse");
    EXPECT_STREQ(root.child_value("RequestId"), "req-9");
    EXPECT_TRUE(root.child("Error").child("Detail"));
    return root.child("Error");
  }

  std::string xml_;
  pugi::xml_document doc_;
};

TEST_F(QueryErrorTest, SenderErrorWithQueryCode) {
  const pugi::xml_node error = Encode(
      SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist, "The specified queue does not exist."));
  EXPECT_STREQ(error.child_value("Type"), "Sender");
  EXPECT_STREQ(error.child_value("Code"), "AWS.SimpleQueueService.NonExistentQueue");
  EXPECT_STREQ(error.child_value("Message"), "The specified queue does not exist.");
}

TEST_F(QueryErrorTest, EveryCodeUsesItsQueryCode) {
  for (const SqsErrorInfo& info : AllSqsErrors()) {
    const pugi::xml_node error = Encode(SqsErrorStatus(info.code, "m <&>"));
    EXPECT_EQ(error.child_value("Code"), info.query_code);
    EXPECT_STREQ(error.child_value("Type"),
                 info.fault == SqsFault::kSender ? "Sender" : "Receiver");
    EXPECT_EQ(error.child_value("Message"),
              info.http_status >= 500 ? std::string(info.default_message) : "m <&>");
  }
}

TEST_F(QueryErrorTest, ReceiverErrorHidesTheCause) {
  const pugi::xml_node error = Encode(Status::Internal("sqlite: disk image is malformed"));
  EXPECT_STREQ(error.child_value("Type"), "Receiver");
  EXPECT_STREQ(error.child_value("Code"), "InternalError");
  EXPECT_EQ(std::string(error.child_value("Message")).find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace gloss::queue::protocol
