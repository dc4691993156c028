#include "queue/queue_store.h"

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/sqlite_test_fixture.h"
#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorCodeOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr std::chrono::seconds kSecond(1);

class QueueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(database_, db::OpenDatabase({.url = "sqlite://" + Path().string()}));
    OpenStore();
  }

  std::filesystem::path Path() const { return dir_.path() / "queues.db"; }

  void OpenStore() {
    QueueStoreOptions options;
    options.maintenance_interval = std::chrono::milliseconds(20);
    ASSERT_OK_AND_ASSIGN(store_, QueueStore::Open(*database_, clock_, options));
  }

  void Reopen() {
    store_.reset();
    database_.reset();
    ASSERT_OK_AND_ASSIGN(database_, db::OpenDatabase({.url = "sqlite://" + Path().string()}));
    OpenStore();
  }

  SentMessage SendOne(std::string_view queue, std::string body, OutgoingMessage message = {}) {
    message.body = std::move(body);
    message.sender_id = "tester";
    std::vector<OutgoingMessage> batch;
    batch.push_back(std::move(message));
    Result<std::vector<Result<SentMessage>>> sent = store_->Send(queue, std::move(batch));
    EXPECT_OK(sent);
    if (!sent.ok() || sent->size() != 1 || !(*sent)[0].ok()) {
      ADD_FAILURE() << "send failed";
      return {};
    }
    return *(*sent)[0];
  }

  std::vector<ReceivedMessage> ReceiveAll(std::string_view queue, int max = 10,
                                          std::optional<std::chrono::seconds> visibility = {}) {
    Result<ReceiveResult> received = store_->Receive(queue, {max, visibility});
    EXPECT_OK(received);
    return received.ok() ? received->messages : std::vector<ReceivedMessage>();
  }

  std::vector<std::string> Bodies(const std::vector<ReceivedMessage>& messages) {
    std::vector<std::string> bodies;
    for (const ReceivedMessage& message : messages) {
      bodies.push_back(message.body);
    }
    return bodies;
  }

  Status DeleteOne(std::string_view queue, const std::string& handle) {
    Result<std::vector<Status>> deleted = store_->Delete(queue, {handle});
    if (!deleted.ok()) {
      return deleted.status();
    }
    return deleted->at(0);
  }

  int64_t Count(std::string_view queue, const std::string& attribute) {
    Result<AttributeMap> attributes = store_->GetAttributes(queue);
    EXPECT_OK(attributes);
    return attributes.ok() ? std::stoll(attributes->at(attribute)) : -1;
  }

  void Advance(std::chrono::milliseconds by) { clock_.Advance(by); }

  db::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'700'000'000'000)};
  db::DatabasePtr database_;
  std::unique_ptr<QueueStore> store_;
};

TEST_F(QueueStoreTest, CreateIsIdempotentForTheSameAttributes) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"VisibilityTimeout", "60"}}, {}));
  EXPECT_OK(store_->CreateQueue("jobs", {{"VisibilityTimeout", "60"}}, {}));
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("jobs", {{"VisibilityTimeout", "61"}}, {})),
            SqsErrorCode::kQueueNameExists);
  EXPECT_THAT(store_->ListQueues(""), ElementsAre("jobs"));
  EXPECT_THAT(store_->ListQueues("x"), IsEmpty());
}

TEST_F(QueueStoreTest, RejectsBadNamesAndAttributes) {
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("bad name", {}, {})),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue(std::string(81, 'a'), {}, {})),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("q", {{"VisibilityTimeout", "43201"}}, {})),
            SqsErrorCode::kInvalidAttributeValue);
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("q", {{"Colour", "blue"}}, {})),
            SqsErrorCode::kInvalidAttributeName);
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("q.fifo", {}, {})),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(SqsErrorCodeOf(store_->Receive("missing", {}).status()),
            SqsErrorCode::kQueueDoesNotExist);
}

TEST_F(QueueStoreTest, SendReceiveDelete) {
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  MessageAttributes attributes;
  attributes["timestamp"] = {"Number", "1493147359900", ""};
  OutgoingMessage message;
  message.attributes = attributes;
  const SentMessage sent = SendOne("jobs", "hello", message);
  EXPECT_EQ(sent.md5_of_body, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(sent.md5_of_attributes, "235c5c510d26fb653d073faed50ae77c");

  const std::vector<ReceivedMessage> received = ReceiveAll("jobs");
  ASSERT_THAT(received, SizeIs(1));
  EXPECT_EQ(received[0].message_id, sent.message_id);
  EXPECT_EQ(received[0].body, "hello");
  EXPECT_EQ(received[0].attributes, attributes);
  EXPECT_EQ(received[0].system_attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(received[0].system_attributes.at("SenderId"), "tester");
  EXPECT_EQ(received[0].system_attributes.at("SentTimestamp"), "1700000000000");
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessagesNotVisible"), 1);
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());

  ASSERT_OK(DeleteOne("jobs", received[0].receipt_handle));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessagesNotVisible"), 0);
  Advance(std::chrono::hours(1));
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());
}

TEST_F(QueueStoreTest, UnDeletedMessagesReturnAfterTheirVisibilityTimeout) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"VisibilityTimeout", "30"}}, {}));
  SendOne("jobs", "a");
  const std::vector<ReceivedMessage> first = ReceiveAll("jobs");
  ASSERT_THAT(first, SizeIs(1));
  Advance(29 * kSecond);
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());
  Advance(kSecond);
  const std::vector<ReceivedMessage> second = ReceiveAll("jobs");
  ASSERT_THAT(second, SizeIs(1));
  EXPECT_EQ(second[0].system_attributes.at("ApproximateReceiveCount"), "2");
  EXPECT_EQ(second[0].system_attributes.at("ApproximateFirstReceiveTimestamp"),
            first[0].system_attributes.at("ApproximateFirstReceiveTimestamp"));
  EXPECT_NE(second[0].receipt_handle, first[0].receipt_handle);

  // The first receive's handle is stale: it succeeds and deletes nothing.
  ASSERT_OK(DeleteOne("jobs", first[0].receipt_handle));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessagesNotVisible"), 1);
  ASSERT_OK(DeleteOne("jobs", second[0].receipt_handle));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessagesNotVisible"), 0);
}

TEST_F(QueueStoreTest, PerReceiveAndPerMessageVisibility) {
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  SendOne("jobs", "a");
  const std::vector<ReceivedMessage> received = ReceiveAll("jobs", 1, 5 * kSecond);
  ASSERT_THAT(received, SizeIs(1));
  Advance(5 * kSecond);
  const std::vector<ReceivedMessage> again = ReceiveAll("jobs");
  ASSERT_THAT(again, SizeIs(1));

  ASSERT_OK_AND_ASSIGN(std::vector<Status> changed,
                       store_->ChangeVisibility("jobs", {{again[0].receipt_handle, 0 * kSecond}}));
  ASSERT_OK(changed[0]);
  const std::vector<ReceivedMessage> visible_now = ReceiveAll("jobs");
  ASSERT_THAT(visible_now, SizeIs(1));

  ASSERT_OK_AND_ASSIGN(changed, store_->ChangeVisibility(
                                    "jobs", {{visible_now[0].receipt_handle, 0 * kSecond},
                                             {visible_now[0].receipt_handle, 43201 * kSecond}}));
  ASSERT_OK(changed[0]);
  EXPECT_EQ(SqsErrorCodeOf(changed[1]), SqsErrorCode::kInvalidParameterValue);
  // Visible again, so not in flight.
  ASSERT_OK_AND_ASSIGN(
      changed, store_->ChangeVisibility("jobs", {{visible_now[0].receipt_handle, kSecond}}));
  EXPECT_EQ(SqsErrorCodeOf(changed[0]), SqsErrorCode::kMessageNotInflight);
}

TEST_F(QueueStoreTest, MalformedOrForeignReceiptHandlesAreInvalid) {
  ASSERT_OK(store_->CreateQueue("a", {}, {}));
  ASSERT_OK(store_->CreateQueue("b", {}, {}));
  SendOne("a", "x");
  const std::vector<ReceivedMessage> received = ReceiveAll("a");
  ASSERT_THAT(received, SizeIs(1));
  EXPECT_EQ(SqsErrorCodeOf(DeleteOne("a", "garbage")), SqsErrorCode::kReceiptHandleIsInvalid);
  EXPECT_EQ(SqsErrorCodeOf(DeleteOne("b", received[0].receipt_handle)),
            SqsErrorCode::kReceiptHandleIsInvalid);
  EXPECT_OK(DeleteOne("a", received[0].receipt_handle));
}

TEST_F(QueueStoreTest, DelaysHideMessagesUntilDue) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"DelaySeconds", "10"}}, {}));
  SendOne("jobs", "queue-delay");
  OutgoingMessage quick;
  quick.delay = 2 * kSecond;
  SendOne("jobs", "message-delay", quick);
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessagesDelayed"), 2);
  ASSERT_OK_AND_ASSIGN(ReceiveResult empty, store_->Receive("jobs", {}));
  EXPECT_THAT(empty.messages, IsEmpty());
  ASSERT_TRUE(empty.next_visible.has_value());
  EXPECT_EQ(*empty.next_visible, clock_.Now() + 2 * kSecond);
  Advance(2 * kSecond);
  EXPECT_THAT(Bodies(ReceiveAll("jobs")), ElementsAre("message-delay"));
  Advance(8 * kSecond);
  EXPECT_THAT(Bodies(ReceiveAll("jobs")), ElementsAre("queue-delay"));
}

TEST_F(QueueStoreTest, MessagesExpireAfterTheRetentionPeriod) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"MessageRetentionPeriod", "60"}}, {}));
  SendOne("jobs", "old");
  Advance(61 * kSecond);
  SendOne("jobs", "new");
  EXPECT_THAT(Bodies(ReceiveAll("jobs")), ElementsAre("new"));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessages"), 0);
}

TEST_F(QueueStoreTest, RejectsMessagesOverTheSizeLimit) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"MaximumMessageSize", "1024"}}, {}));
  std::vector<OutgoingMessage> batch(2);
  batch[0].body = std::string(1024, 'x');
  batch[1].body = std::string(1025, 'x');
  ASSERT_OK_AND_ASSIGN(auto sent, store_->Send("jobs", std::move(batch)));
  EXPECT_OK(sent[0]);
  EXPECT_EQ(SqsErrorCodeOf(sent[1].status()), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessages"), 1);
}

TEST_F(QueueStoreTest, RedrivesToTheDeadLetterQueueAfterMaxReceiveCount) {
  ASSERT_OK(store_->CreateQueue("dlq", {}, {}));
  const std::string policy =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2})";
  ASSERT_OK(
      store_->CreateQueue("jobs", {{"RedrivePolicy", policy}, {"VisibilityTimeout", "1"}}, {}));
  const SentMessage sent = SendOne("jobs", "poison");
  for (int receive = 1; receive <= 2; ++receive) {
    ASSERT_THAT(ReceiveAll("jobs"), SizeIs(1)) << receive;
    Advance(kSecond);
  }
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());  // The third receive moves it.
  const std::vector<ReceivedMessage> dead = ReceiveAll("dlq");
  ASSERT_THAT(dead, SizeIs(1));
  EXPECT_EQ(dead[0].message_id, sent.message_id);
  EXPECT_EQ(dead[0].system_attributes.at("DeadLetterQueueSourceArn"),
            "arn:aws:sqs:us-east-1:000000000000:jobs");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> sources, store_->DeadLetterSourceQueues("dlq"));
  EXPECT_THAT(sources, ElementsAre("jobs"));
}

TEST_F(QueueStoreTest, RedrivePoliciesMustNameAnExistingQueueOfTheSameKind) {
  const std::string policy =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2})";
  EXPECT_EQ(SqsErrorCodeOf(store_->CreateQueue("jobs", {{"RedrivePolicy", policy}}, {})),
            SqsErrorCode::kInvalidParameterValue);
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  EXPECT_EQ(SqsErrorCodeOf(store_->SetAttributes("jobs", {{"RedrivePolicy", policy}})),
            SqsErrorCode::kInvalidParameterValue);
  ASSERT_OK(store_->CreateQueue("dlq.fifo", {{"FifoQueue", "true"}}, {}));
  EXPECT_EQ(SqsErrorCodeOf(store_->SetAttributes(
                "jobs", {{"RedrivePolicy",
                          R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq.fifo",)"
                          R"("maxReceiveCount":2})"}})),
            SqsErrorCode::kInvalidParameterValue);
  ASSERT_OK(store_->CreateQueue("dlq", {}, {}));
  EXPECT_OK(store_->SetAttributes("jobs", {{"RedrivePolicy", policy}}));
}

TEST_F(QueueStoreTest, MoveTaskRedrivesTheDeadLetterQueueBackToItsSource) {
  ASSERT_OK(store_->CreateQueue("dlq", {}, {}));
  const std::string policy =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1})";
  ASSERT_OK(
      store_->CreateQueue("jobs", {{"RedrivePolicy", policy}, {"VisibilityTimeout", "1"}}, {}));
  for (int i = 0; i < 3; ++i) {
    SendOne("jobs", "m" + std::to_string(i));
  }
  ASSERT_THAT(ReceiveAll("jobs"), SizeIs(3));
  Advance(kSecond);
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());
  EXPECT_EQ(Count("dlq", "ApproximateNumberOfMessages"), 3);

  const std::string dlq_arn = "arn:aws:sqs:us-east-1:000000000000:dlq";
  ASSERT_OK_AND_ASSIGN(MoveTask task, store_->StartMoveTask(dlq_arn, "", 0));
  EXPECT_EQ(task.to_move, 3);
  for (int attempt = 0; attempt < 500; ++attempt) {
    ASSERT_OK_AND_ASSIGN(std::vector<MoveTask> tasks, store_->ListMoveTasks(dlq_arn, 10));
    ASSERT_THAT(tasks, SizeIs(1));
    if (tasks[0].status == "COMPLETED") {
      EXPECT_EQ(tasks[0].moved, 3);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::vector<ReceivedMessage> back = ReceiveAll("jobs");
  ASSERT_THAT(back, SizeIs(3));
  EXPECT_EQ(back[0].system_attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(back[0].system_attributes.count("DeadLetterQueueSourceArn"), 0);
  EXPECT_EQ(SqsErrorCodeOf(
                store_->StartMoveTask("arn:aws:sqs:us-east-1:000000000000:jobs", "", 0).status()),
            SqsErrorCode::kInvalidParameterValue);
}

TEST_F(QueueStoreTest, FifoKeepsGroupOrderAndBlocksAGroupInFlight) {
  ASSERT_OK(store_->CreateQueue(
      "jobs.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}}, {}));
  OutgoingMessage a;
  a.group_id = "a";
  OutgoingMessage b;
  b.group_id = "b";
  const SentMessage a1 = SendOne("jobs.fifo", "a1", a);
  SendOne("jobs.fifo", "b1", b);
  const SentMessage a2 = SendOne("jobs.fifo", "a2", a);
  EXPECT_LT(a1.sequence_number, a2.sequence_number);
  EXPECT_EQ(a1.sequence_number.size(), 20u);

  const std::vector<ReceivedMessage> first = ReceiveAll("jobs.fifo", 1);
  EXPECT_THAT(Bodies(first), ElementsAre("a1"));
  // Group a is blocked while a1 is in flight; b is not.
  EXPECT_THAT(Bodies(ReceiveAll("jobs.fifo")), ElementsAre("b1"));
  EXPECT_THAT(ReceiveAll("jobs.fifo"), IsEmpty());
  ASSERT_OK(DeleteOne("jobs.fifo", first[0].receipt_handle));
  const std::vector<ReceivedMessage> next = ReceiveAll("jobs.fifo");
  EXPECT_THAT(Bodies(next), ElementsAre("a2"));
  EXPECT_EQ(next[0].system_attributes.at("MessageGroupId"), "a");
  EXPECT_EQ(next[0].system_attributes.at("SequenceNumber"), a2.sequence_number);
}

TEST_F(QueueStoreTest, FifoDeduplicatesForFiveMinutes) {
  ASSERT_OK(store_->CreateQueue("jobs.fifo", {{"FifoQueue", "true"}}, {}));
  OutgoingMessage message;
  message.group_id = "g";
  message.deduplication_id = "d1";
  const SentMessage first = SendOne("jobs.fifo", "one", message);
  const SentMessage duplicate = SendOne("jobs.fifo", "one again", message);
  EXPECT_EQ(duplicate.message_id, first.message_id);
  EXPECT_EQ(duplicate.sequence_number, first.sequence_number);
  EXPECT_EQ(Count("jobs.fifo", "ApproximateNumberOfMessages"), 1);
  Advance(std::chrono::minutes(5));
  const SentMessage later = SendOne("jobs.fifo", "one later", message);
  EXPECT_NE(later.message_id, first.message_id);
  EXPECT_EQ(Count("jobs.fifo", "ApproximateNumberOfMessages"), 2);

  OutgoingMessage without_id;
  without_id.group_id = "g";
  without_id.body = "x";
  std::vector<OutgoingMessage> batch;
  batch.push_back(without_id);
  ASSERT_OK_AND_ASSIGN(auto sent, store_->Send("jobs.fifo", std::move(batch)));
  EXPECT_EQ(SqsErrorCodeOf(sent[0].status()), SqsErrorCode::kInvalidParameterValue);
}

TEST_F(QueueStoreTest, PurgeDeletesEverythingOncePerMinute) {
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  SendOne("jobs", "a");
  SendOne("jobs", "b");
  ASSERT_OK(store_->Purge("jobs"));
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessages"), 0);
  EXPECT_EQ(SqsErrorCodeOf(store_->Purge("jobs")), SqsErrorCode::kPurgeQueueInProgress);
  Advance(std::chrono::seconds(60));
  EXPECT_OK(store_->Purge("jobs"));
}

TEST_F(QueueStoreTest, StateSurvivesReopening) {
  ASSERT_OK(store_->CreateQueue("jobs", {{"VisibilityTimeout", "30"}}, {{"team", "ai"}}));
  SendOne("jobs", "received");
  SendOne("jobs", "waiting");
  ASSERT_THAT(Bodies(ReceiveAll("jobs", 1)), ElementsAre("received"));
  Reopen();
  ASSERT_OK_AND_ASSIGN(auto config, store_->Config("jobs"));
  EXPECT_EQ(config->visibility_timeout, 30 * kSecond);
  EXPECT_EQ(config->tags.at("team"), "ai");
  EXPECT_THAT(Bodies(ReceiveAll("jobs")), ElementsAre("waiting"));  // "received" stays hidden.
  Advance(30 * kSecond);
  EXPECT_THAT(ReceiveAll("jobs"), SizeIs(2));
}

TEST_F(QueueStoreTest, EnsureQueueAppliesTheDeclaredAttributes) {
  ASSERT_OK(store_->EnsureQueue("jobs", {{"VisibilityTimeout", "60"}}));
  ASSERT_OK(store_->EnsureQueue("jobs", {{"VisibilityTimeout", "90"}}));
  ASSERT_OK_AND_ASSIGN(auto config, store_->Config("jobs"));
  EXPECT_EQ(config->visibility_timeout, 90 * kSecond);
}

TEST_F(QueueStoreTest, TagsAndDeletion) {
  ASSERT_OK(store_->CreateQueue("jobs", {}, {{"a", "1"}}));
  ASSERT_OK(store_->TagQueue("jobs", {{"b", "2"}}));
  ASSERT_OK(store_->UntagQueue("jobs", {"a"}));
  ASSERT_OK_AND_ASSIGN(auto config, store_->Config("jobs"));
  EXPECT_EQ(config->tags, (AttributeMap{{"b", "2"}}));
  SendOne("jobs", "x");
  ASSERT_OK(store_->DeleteQueue("jobs"));
  EXPECT_EQ(SqsErrorCodeOf(store_->Config("jobs").status()), SqsErrorCode::kQueueDoesNotExist);
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  EXPECT_THAT(ReceiveAll("jobs"), IsEmpty());
}

TEST_F(QueueStoreTest, ConcurrentSendsShareCommits) {
  ASSERT_OK(store_->CreateQueue("jobs", {}, {}));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::vector<OutgoingMessage> batch(1);
        batch[0].body = std::to_string(t) + ":" + std::to_string(i);
        Result<std::vector<Result<SentMessage>>> sent = store_->Send("jobs", std::move(batch));
        if (!sent.ok() || !(*sent)[0].ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("jobs", "ApproximateNumberOfMessages"), kThreads * kPerThread);
}

}  // namespace
}  // namespace gloss::queue
