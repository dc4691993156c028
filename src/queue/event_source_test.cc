#include "queue/event_source.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::queue {
namespace {

using nlohmann::json;
using ::testing::SizeIs;

// Records every batch and answers with what the test scripts.
class RecordingConsumer {
 public:
  using Answer = std::function<Result<std::string>(const json& event)>;

  explicit RecordingConsumer(Answer answer) : answer_(std::move(answer)) {}

  DeliverBatch Deliver() {
    return [this](const std::string& event) {
      const json parsed = json::parse(event);
      Result<std::string> answer = answer_(parsed);
      std::lock_guard lock(mutex_);
      events_.push_back(parsed);
      changed_.notify_all();
      return answer;
    };
  }

  // Waits (up to 20 s) until `count` batches arrived; returns them.
  std::vector<json> WaitForBatches(size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(20), [&] { return events_.size() >= count; });
    return events_;
  }

 private:
  Answer answer_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<json> events_;
};

class EventSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(database_,
                         db::OpenDatabase({.url = "sqlite://" + (dir_.path() / "q.db").string()}));
    ASSERT_OK_AND_ASSIGN(store_, QueueStore::Open(*database_, clock_, {}));
    logger_ = Logger::ToFile(LogFormat::kJson, LogLevel::kWarn, (dir_.path() / "log").string());
    ASSERT_OK(store_->CreateQueue("dlq", {}, {}));
    ASSERT_OK(store_->CreateQueue(
        "jobs",
        {{"VisibilityTimeout", "1"},
         {"RedrivePolicy", R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq",)"
                           R"("maxReceiveCount":2})"}},
        {}));
  }

  void TearDown() override {
    mappings_.reset();
    store_.reset();
  }

  void Send(const std::string& body) {
    std::vector<OutgoingMessage> batch(1);
    batch[0].body = body;
    batch[0].attributes["kind"] = {"String", "test", ""};
    ASSERT_OK_AND_ASSIGN(auto sent, store_->Send("jobs", std::move(batch)));
    ASSERT_OK(sent[0]);
  }

  void Map(RecordingConsumer& consumer, uint32_t batch_size = 10) {
    mappings_ = std::make_unique<EventSourceMappings>(*store_, *logger_);
    EventSourceMapping mapping;
    mapping.function = "evaluate";
    mapping.queue = "jobs";
    mapping.batch_size = batch_size;
    mapping.deliver = consumer.Deliver();
    std::vector<EventSourceMapping> mappings;
    mappings.push_back(std::move(mapping));
    mappings_->Apply(std::move(mappings));
  }

  int64_t Count(const std::string& queue, const std::string& attribute) {
    Result<AttributeMap> attributes = store_->GetAttributes(queue);
    return attributes.ok() ? std::stoll(attributes->at(attribute)) : -1;
  }

  // Polls the store until `predicate` holds (up to 20 s).
  bool Eventually(const std::function<bool()>& predicate) {
    for (int i = 0; i < 400; ++i) {
      if (predicate()) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  db::TempDir dir_;
  SystemClock clock_;
  db::DatabasePtr database_;
  std::unique_ptr<QueueStore> store_;
  std::unique_ptr<Logger> logger_;
  std::unique_ptr<EventSourceMappings> mappings_;
};

TEST_F(EventSourceTest, DeliversLambdaShapedBatchesAndDeletesOnSuccess) {
  RecordingConsumer consumer([](const json&) { return std::string("null"); });
  for (int i = 0; i < 3; ++i) {
    Send("m" + std::to_string(i));
  }
  Map(consumer);
  const std::vector<json> batches = consumer.WaitForBatches(1);
  ASSERT_THAT(batches, SizeIs(1));
  const json& record = batches[0]["Records"][0];
  EXPECT_EQ(record["eventSource"], "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"], "arn:aws:sqs:us-east-1:000000000000:jobs");
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_EQ(record["messageAttributes"]["kind"]["stringValue"], "test");
  EXPECT_EQ(record["messageAttributes"]["kind"]["dataType"], "String");
  EXPECT_TRUE(record.contains("md5OfBody"));
  EXPECT_TRUE(record.contains("receiptHandle"));
  EXPECT_TRUE(Eventually([&] {
    return Count("jobs", "ApproximateNumberOfMessages") +
               Count("jobs", "ApproximateNumberOfMessagesNotVisible") ==
           0;
  }));
  // A message sent now wakes the idle poller.
  Send("late");
  EXPECT_THAT(consumer.WaitForBatches(2), SizeIs(2));
}

TEST_F(EventSourceTest, PartialBatchResponsesKeepOnlyTheFailedMessages) {
  std::mutex mutex;
  std::string failing_id;
  RecordingConsumer consumer([&](const json& event) -> Result<std::string> {
    std::lock_guard lock(mutex);
    for (const json& record : event["Records"]) {
      if (record["body"] == "bad") {
        failing_id = record["messageId"];
        return json{{"batchItemFailures", {{{"itemIdentifier", failing_id}}}}}.dump();
      }
    }
    return std::string("{}");
  });
  Send("good");
  Send("bad");
  Map(consumer);
  consumer.WaitForBatches(1);
  // The good one is deleted; the bad one comes back, and after two receives
  // goes to the DLQ.
  EXPECT_TRUE(Eventually([&] { return Count("dlq", "ApproximateNumberOfMessages") == 1; }));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessages") +
                Count("jobs", "ApproximateNumberOfMessagesNotVisible"),
            0);
}

TEST_F(EventSourceTest, AFailedBatchReturnsAndIsDeadLettered) {
  RecordingConsumer consumer(
      [](const json&) -> Result<std::string> { return Status::FailedPrecondition("boom"); });
  Send("poison");
  Map(consumer);
  EXPECT_THAT(consumer.WaitForBatches(2), SizeIs(2));  // Redelivered after the timeout.
  EXPECT_TRUE(Eventually([&] { return Count("dlq", "ApproximateNumberOfMessages") == 1; }));
}

TEST(FailedItemsTest, ParsesPartialBatchResponses) {
  std::vector<ReceivedMessage> batch(2);
  batch[0].message_id = "a";
  batch[1].message_id = "b";
  EXPECT_EQ(FailedItems("", batch), std::vector<std::string>());
  EXPECT_EQ(FailedItems("null", batch), std::vector<std::string>());
  EXPECT_EQ(FailedItems(R"({"batchItemFailures":[]})", batch), std::vector<std::string>());
  EXPECT_EQ(FailedItems(R"({"batchItemFailures":[{"itemIdentifier":"b"}]})", batch),
            std::vector<std::string>{"b"});
  EXPECT_EQ(FailedItems(R"({"batchItemFailures":[{"itemIdentifier":"zzz"}]})", batch),
            std::nullopt);
  EXPECT_EQ(FailedItems(R"({"batchItemFailures":[{}]})", batch), std::nullopt);
  EXPECT_EQ(FailedItems(R"({"batchItemFailures":"b"})", batch), std::nullopt);
}

}  // namespace
}  // namespace gloss::queue
