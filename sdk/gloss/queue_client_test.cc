#include "gloss/queue_client.h"

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "core/hex.h"
#include "gloss/testing/client_test_support.h"
#include "gloss/testing/loopback_server.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using nlohmann::json;
using sdk::testing::CapturedRequest;
using sdk::testing::LoopbackServer;
using sdk::testing::ScriptedResponse;
using sdk::testing::TestConfig;
using sdk::testing::VerifySigned;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr std::string_view kQueueUrl = "http://127.0.0.1:4000/000000000000/evaluation-queue";

std::string Md5Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

ScriptedResponse SqsError(std::string type, std::string query_code, std::string message) {
  return {.status = 400,
          .headers = {{"Content-Type", "application/x-amz-json-1.0"},
                      {"x-amzn-query-error", query_code + ";Sender"}},
          .body = json({{"__type", "com.amazonaws.sqs#" + type}, {"message", message}}).dump()};
}

// An in-memory SQS that checks each request the way SQS's JSON protocol
// front end does and answers in its shape. One queue: kQueueUrl.
class FakeSqs {
 public:
  ScriptedResponse Handle(const CapturedRequest& request) {
    std::lock_guard lock(mutex_);
    if (request.method != "POST" || request.target != "/") {
      return SqsError("InvalidAction", "InvalidAction", "POST / only");
    }
    if (request.Header("content-type") != "application/x-amz-json-1.0") {
      return SqsError("InvalidParameterValue", "InvalidParameterValue", "content-type");
    }
    const Result<aws::SigV4Identity> identity = VerifySigned(request, /*raw_path=*/false);
    if (!identity.ok() || identity->service != "sqs") {
      return {.status = 403,
              .body = json({{"__type", "com.amazon.coral.service#AccessDeniedException"},
                            {"message", std::string(identity.status().message())}})
                          .dump()};
    }
    const json input = json::parse(request.body, nullptr, false);
    if (!input.is_object() || !input.contains("QueueUrl")) {
      return SqsError("MissingParameter", "MissingParameter", "QueueUrl");
    }
    if (input["QueueUrl"] != kQueueUrl) {
      return SqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                      "The specified queue does not exist.");
    }
    const std::string target = request.Header("x-amz-target");
    if (target == "AmazonSQS.SendMessage") {
      const std::string body = input.at("MessageBody");
      const std::string id = "m" + std::to_string(++next_id_);
      queue_.push_back({id, body, input.value("MessageAttributes", json::object())});
      return Ok({{"MessageId", id},
                 {"MD5OfMessageBody", corrupt_md5_ ? std::string(32, '0') : Md5Hex(body)}});
    }
    if (target == "AmazonSQS.ReceiveMessage") {
      json messages = json::array();
      const size_t max = input.value("MaxNumberOfMessages", 1);
      for (size_t idx = 0; idx < queue_.size() && idx < max; ++idx) {
        const Stored& stored = queue_[idx];
        messages.push_back({{"MessageId", stored.id},
                            {"ReceiptHandle", "rh-" + stored.id},
                            {"MD5OfBody", Md5Hex(stored.body)},
                            {"Body", stored.body},
                            {"Attributes", {{"ApproximateReceiveCount", "1"}}},
                            {"MessageAttributes", stored.attributes}});
      }
      return Ok(messages.empty() ? json::object() : json({{"Messages", messages}}));
    }
    if (target == "AmazonSQS.DeleteMessage") {
      for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if ("rh-" + it->id == input.value("ReceiptHandle", "")) {
          queue_.erase(it);
          return Ok(json::object());
        }
      }
      return SqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", "unknown handle");
    }
    return SqsError("InvalidAction", "InvalidAction", target);
  }

  void CorruptMd5() {
    std::lock_guard lock(mutex_);
    corrupt_md5_ = true;
  }

 private:
  struct Stored {
    std::string id;
    std::string body;
    json attributes;
  };

  static ScriptedResponse Ok(const json& output) {
    return {.headers = {{"Content-Type", "application/x-amz-json-1.0"}}, .body = output.dump()};
  }

  std::mutex mutex_;
  std::deque<Stored> queue_;  // Guarded by mutex_.
  int next_id_ = 0;           // Guarded by mutex_.
  bool corrupt_md5_ = false;  // Guarded by mutex_.
};

class QueueClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = LoopbackServer::Start(
        [this](const CapturedRequest& request) { return sqs_.Handle(request); });
    ASSERT_OK(server);
    server_ = std::move(server).value();
    Outcome<QueueClient> client = QueueClient::Create(TestConfig(*server_));
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_.emplace(std::move(client).value());
  }

  FakeSqs sqs_;
  std::unique_ptr<LoopbackServer> server_;
  std::optional<QueueClient> client_;
};

TEST_F(QueueClientTest, SendReceiveDeleteRoundTrip) {
  const Outcome<SendMessageResult> sent =
      client_->SendMessage(kQueueUrl, "{\"annotation\":1}",
                           {.delay_seconds = 0, .string_attributes = {{"kind", "evaluate"}}});
  ASSERT_TRUE(sent.ok()) << sent.error().ToString();
  EXPECT_EQ(sent->message_id, "m1");

  const Outcome<std::vector<QueueMessage>> received =
      client_->ReceiveMessage(kQueueUrl, {.max_number_of_messages = 10});
  ASSERT_TRUE(received.ok()) << received.error().ToString();
  ASSERT_EQ(received->size(), 1u);
  const QueueMessage& message = received->front();
  EXPECT_EQ(message.body, "{\"annotation\":1}");
  EXPECT_EQ(message.receipt_handle, "rh-m1");
  EXPECT_THAT(message.attributes, ElementsAre(Pair("ApproximateReceiveCount", "1")));
  EXPECT_THAT(message.message_attributes, ElementsAre(Pair("kind", "evaluate")));

  ASSERT_TRUE(client_->DeleteMessage(kQueueUrl, message.receipt_handle).ok());
  const Outcome<std::vector<QueueMessage>> empty = client_->ReceiveMessage(kQueueUrl);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST_F(QueueClientTest, RequestsHaveTheJson10Shape) {
  ASSERT_TRUE(client_->SendMessage(kQueueUrl, "hi", {.delay_seconds = 5}).ok());
  ASSERT_TRUE(
      client_->ReceiveMessage(kQueueUrl, {.max_number_of_messages = 3, .visibility_timeout = 30})
          .ok());
  const std::vector<CapturedRequest> requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("x-amz-target"), "AmazonSQS.SendMessage");
  EXPECT_EQ(requests[0].Header("x-amzn-query-mode"), "true");
  EXPECT_EQ(requests[0].Header("x-amz-content-sha256"), aws::Sha256Hex(requests[0].body));
  EXPECT_EQ(json::parse(requests[0].body),
            json({{"QueueUrl", kQueueUrl}, {"MessageBody", "hi"}, {"DelaySeconds", 5}}));
  EXPECT_EQ(requests[1].Header("x-amz-target"), "AmazonSQS.ReceiveMessage");
  EXPECT_EQ(json::parse(requests[1].body),
            json({{"QueueUrl", kQueueUrl},
                  {"MaxNumberOfMessages", 3},
                  {"VisibilityTimeout", 30},
                  {"MessageSystemAttributeNames", json::array({"All"})},
                  {"MessageAttributeNames", json::array({"All"})}}));
  EXPECT_EQ(VerifySigned(requests[1], false)->service, "sqs");
}

TEST_F(QueueClientTest, SqsErrorsKeepTheirNames) {
  const Outcome<SendMessageResult> missing =
      client_->SendMessage("http://127.0.0.1:4000/000000000000/nope", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "QueueDoesNotExist");
  EXPECT_EQ(missing.error().message, "The specified queue does not exist.");
  EXPECT_EQ(missing.error().http_status, 400u);

  const Outcome<void> bad_handle = client_->DeleteMessage(kQueueUrl, "rh-unknown");
  ASSERT_FALSE(bad_handle.ok());
  EXPECT_EQ(bad_handle.error().code, "ReceiptHandleIsInvalid");
}

TEST_F(QueueClientTest, WrongBodyMd5IsInvalidChecksum) {
  sqs_.CorruptMd5();
  const Outcome<SendMessageResult> sent = client_->SendMessage(kQueueUrl, "x");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, "InvalidChecksum");
}

TEST(QueueClientWaitTest, LongPollExtendsTheRequestTimeout) {
  auto server = LoopbackServer::Start([](const CapturedRequest&) {
    return ScriptedResponse{.body = "{}", .delay = std::chrono::milliseconds(600)};
  });
  ASSERT_OK(server);
  ClientConfig config = TestConfig(**server);
  config.timeout = std::chrono::milliseconds(300);
  Outcome<QueueClient> client = QueueClient::Create(config);
  ASSERT_TRUE(client.ok());
  const Outcome<std::vector<QueueMessage>> polled =
      client->ReceiveMessage(kQueueUrl, {.wait_time_seconds = 1});
  ASSERT_TRUE(polled.ok()) << polled.error().ToString();
  EXPECT_TRUE(polled->empty());
}

}  // namespace
}  // namespace gloss
