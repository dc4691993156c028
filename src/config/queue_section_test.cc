#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using std::chrono::seconds;
using testing::ErrorCount;
using testing::HasError;
using testing::TempApp;

class QueueTest : public ::testing::Test {
 protected:
  TempApp app_;
};

TEST_F(QueueTest, Defaults) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse("[queues.jobs]\n"));
  const QueueSpec& queue = spec.queues.at("jobs");
  EXPECT_EQ(queue.key, "jobs");
  EXPECT_EQ(queue.name, "jobs");
  EXPECT_FALSE(queue.fifo);
  EXPECT_EQ(queue.visibility_timeout, seconds(30));
  EXPECT_EQ(queue.retention_period, seconds(4 * 86400));
  EXPECT_EQ(queue.delay, seconds(0));
  EXPECT_EQ(queue.receive_wait_time, seconds(0));
  EXPECT_EQ(queue.max_message_size, 262144u);
  EXPECT_FALSE(queue.dead_letter.has_value());
}

TEST_F(QueueTest, ReadsEveryField) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([queues.jobs]
queueName = "jobs.fifo"
contentBasedDeduplication = true
visibilityTimeout = "1h30m"
retentionPeriod = 120
delaySeconds = "5m"
receiveWaitTime = "20s"
maxMessageSize = 1024
deadLetterQueue = { queue = "dlq", maxReceiveCount = 5 }
[queues.dlq]
queueName = "dlq.fifo"
)"));
  const QueueSpec& queue = spec.queues.at("jobs");
  EXPECT_EQ(queue.name, "jobs.fifo");
  EXPECT_TRUE(queue.fifo);
  EXPECT_TRUE(queue.content_based_deduplication);
  EXPECT_EQ(queue.visibility_timeout, seconds(5400));
  EXPECT_EQ(queue.retention_period, seconds(120));
  EXPECT_EQ(queue.delay, seconds(300));
  EXPECT_EQ(queue.receive_wait_time, seconds(20));
  EXPECT_EQ(queue.max_message_size, 1024u);
  ASSERT_TRUE(queue.dead_letter.has_value());
  EXPECT_EQ(queue.dead_letter->queue_key, "dlq");
  EXPECT_EQ(queue.dead_letter->max_receive_count, 5u);
}

TEST_F(QueueTest, DurationRanges) {
  EXPECT_THAT(
      app_.Parse("[queues.q]\nvisibilityTimeout = 43201\n"),
      HasError("2:21", "queues.q.visibilityTimeout: must be between 0s and 12h, got 12h1s"));
  EXPECT_THAT(app_.Parse("[queues.q]\nvisibilityTimeout = -1\n"), HasError("2:21", "got -1s"));
  EXPECT_THAT(app_.Parse("[queues.q]\nretentionPeriod = '59s'\n"),
              HasError("2:19", "must be between 1m and 14d, got 59s"));
  EXPECT_THAT(app_.Parse("[queues.q]\nretentionPeriod = '15d'\n"), HasError("2:19", "got 15d"));
  EXPECT_THAT(app_.Parse("[queues.q]\ndelaySeconds = '16m'\n"),
              HasError("2:16", "must be between 0s and 15m, got 16m"));
  EXPECT_THAT(app_.Parse("[queues.q]\nreceiveWaitTime = 21\n"),
              HasError("2:19", "must be between 0s and 20s, got 21s"));
}

TEST_F(QueueTest, MalformedDurationsAreReported) {
  EXPECT_THAT(app_.Parse("[queues.q]\nvisibilityTimeout = '15 minutes'\n"),
              HasError("2:21", "queues.q.visibilityTimeout: invalid duration '15 minutes'"));
  EXPECT_THAT(app_.Parse("[queues.q]\nvisibilityTimeout = '15'\n"),
              HasError("2:21", "has no unit"));
  EXPECT_THAT(
      app_.Parse("[queues.q]\nvisibilityTimeout = 1.5\n"),
      HasError("2:21", "expected a duration (seconds, or a string like \"15m\"), got a float"));
}

TEST_F(QueueTest, MaxMessageSizeRange) {
  EXPECT_THAT(app_.Parse("[queues.q]\nmaxMessageSize = 262145\n"),
              HasError("2:18", "must be between 1024 and 262144 bytes, got 262145"));
}

TEST_F(QueueTest, QueueNameRules) {
  EXPECT_THAT(app_.Parse("[queues.q]\nqueueName = 'has space'\n"),
              HasError("2:13", "queues.q.queueName: queue name 'has space' may contain only"));
  EXPECT_THAT(app_.Parse("[queues.q]\nqueueName = '" + std::string(81, 'q') + "'\n"),
              HasError("2:13", "1 to 80 characters"));
  EXPECT_THAT(app_.Parse("[queues.q]\nqueueName = '.fifo'\n"),
              HasError("2:13", "needs a name before '.fifo'"));
  EXPECT_THAT(app_.Parse("[queues.q]\nqueueName = 'a.b'\n"), HasError("2:13", "may contain only"));
  EXPECT_OK(app_.Parse("[queues.q]\nqueueName = '" + std::string(75, 'q') + ".fifo'\n"));
}

TEST_F(QueueTest, DuplicateQueueNamesAreErrors) {
  EXPECT_THAT(app_.Parse("[queues.a]\n[queues.b]\nqueueName = 'a'\n"),
              HasError("3:13", "queue name 'a' is already used by queues.a"));
}

TEST_F(QueueTest, ContentBasedDeduplicationOnlyOnFifo) {
  EXPECT_THAT(app_.Parse("[queues.q]\ncontentBasedDeduplication = true\n"),
              HasError("2:29", "only FIFO queues"));
  EXPECT_OK(app_.Parse("[queues.q]\ncontentBasedDeduplication = false\n"));
}

TEST_F(QueueTest, DeadLetterQueueMustExist) {
  EXPECT_THAT(app_.Parse("[queues.q]\ndeadLetterQueue = { queue = 'nope', maxReceiveCount = 3 }\n"),
              HasError("2:29", "queues.q.deadLetterQueue.queue: 'nope' is not a queue"));
}

TEST_F(QueueTest, DeadLetterQueueIsAnotherQueue) {
  EXPECT_THAT(app_.Parse("[queues.q]\ndeadLetterQueue = { queue = 'q', maxReceiveCount = 3 }\n"),
              HasError("2:29", "cannot be its own dead-letter queue"));
}

TEST_F(QueueTest, DeadLetterQueueNeedsBothKeys) {
  const Result<BackendSpec> spec =
      app_.Parse("[queues.d]\n[queues.q]\ndeadLetterQueue = { queue = 'd' }\n");
  EXPECT_THAT(spec,
              HasError("3:19", "queues.q.deadLetterQueue.maxReceiveCount: missing required key"));
  EXPECT_EQ(ErrorCount(spec), 1u);
}

TEST_F(QueueTest, MaxReceiveCountRange) {
  EXPECT_THAT(app_.Parse("[queues.d]\n[queues.evaluation]\n"
                         "deadLetterQueue = { queue = 'd', maxReceiveCount = 0 }\n"),
              HasError("3:52",
                       "queues.evaluation.deadLetterQueue.maxReceiveCount: must be between "
                       "1 and 1000, got 0"));
  EXPECT_THAT(app_.Parse("[queues.d]\n[queues.q]\n"
                         "deadLetterQueue = { queue = 'd', maxReceiveCount = 1001 }\n"),
              HasError("3:52", "got 1001"));
}

TEST_F(QueueTest, FifoQueueAndItsDeadLetterQueueMustMatch) {
  EXPECT_THAT(app_.Parse("[queues.d]\n[queues.q]\nqueueName = 'q.fifo'\n"
                         "deadLetterQueue = { queue = 'd', maxReceiveCount = 3 }\n"),
              HasError("4:29", "a FIFO queue needs a FIFO dead-letter queue"));
  EXPECT_THAT(app_.Parse("[queues.d]\nqueueName = 'd.fifo'\n[queues.q]\n"
                         "deadLetterQueue = { queue = 'd', maxReceiveCount = 3 }\n"),
              HasError("4:29", "a standard queue needs a standard dead-letter queue"));
}

TEST_F(QueueTest, DeadLetterCycleIsReportedWithItsPath) {
  const Result<BackendSpec> spec = app_.Parse(
      "[queues.a]\ndeadLetterQueue = { queue = 'b', maxReceiveCount = 3 }\n"
      "[queues.b]\ndeadLetterQueue = { queue = 'a', maxReceiveCount = 3 }\n");
  EXPECT_THAT(spec, HasError("2:29",
                             "queues.a.deadLetterQueue.queue: dead-letter queues form a "
                             "cycle: queues.a -> queues.b -> queues.a"));
  EXPECT_EQ(ErrorCount(spec), 1u);
}

TEST_F(QueueTest, LongerDeadLetterCycleStartsAtItsFirstKey) {
  const Result<BackendSpec> spec = app_.Parse(
      "[queues.start]\ndeadLetterQueue = { queue = 'y', maxReceiveCount = 3 }\n"
      "[queues.y]\ndeadLetterQueue = { queue = 'z', maxReceiveCount = 3 }\n"
      "[queues.z]\ndeadLetterQueue = { queue = 'x', maxReceiveCount = 3 }\n"
      "[queues.x]\ndeadLetterQueue = { queue = 'y', maxReceiveCount = 3 }\n");
  EXPECT_THAT(spec, HasError("8:29", "cycle: queues.x -> queues.y -> queues.z -> queues.x"));
  EXPECT_EQ(ErrorCount(spec), 1u);
}

TEST_F(QueueTest, DeadLetterChainWithoutCycleIsFine) {
  EXPECT_OK(
      app_.Parse("[queues.a]\ndeadLetterQueue = { queue = 'b', maxReceiveCount = 3 }\n"
                 "[queues.b]\ndeadLetterQueue = { queue = 'c', maxReceiveCount = 3 }\n"
                 "[queues.c]\n"));
}

}  // namespace
}  // namespace gloss::config
