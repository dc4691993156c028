#include "storage/outbox_dispatcher.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Records what it is given as "name:bucket/key"; fails while told to, for
// keys in `failing_keys`.
class RecordingConsumer : public EventConsumer {
 public:
  Status Deliver(const StorageEvent& event) override {
    const std::lock_guard lock(mutex_);
    if (failing_keys_.contains(event.key)) {
      ++failures_;
      return Status::Unavailable("consumer down");
    }
    delivered_.push_back(std::string(EventTypeName(event.type)) + ":" + event.bucket + "/" +
                         event.key);
    changed_.notify_all();
    return Status::Ok();
  }

  void FailFor(const std::string& key) {
    const std::lock_guard lock(mutex_);
    failing_keys_.insert(key);
  }
  void Recover() {
    const std::lock_guard lock(mutex_);
    failing_keys_.clear();
  }
  std::vector<std::string> delivered() {
    const std::lock_guard lock(mutex_);
    return delivered_;
  }
  int failures() {
    const std::lock_guard lock(mutex_);
    return failures_;
  }
  // Waits (real time) until `count` deliveries happened.
  bool WaitFor(size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return delivered_.size() >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> failing_keys_;
  std::vector<std::string> delivered_;
  int failures_ = 0;
};

class OutboxDispatcherTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    ASSERT_OK(store_->CreateBucket("photos"));
    ASSERT_OK(store_->CreateBucket("other"));
    ASSERT_OK_AND_ASSIGN(dispatcher_,
                         OutboxDispatcher::Create(*database_, clock_, *logger_, Options()));
  }

  void TearDown() override {
    dispatcher_.reset();
    StorageTest::TearDown();
  }

  static OutboxOptions Options() {
    OutboxOptions options;
    options.max_attempts = 3;
    options.initial_backoff = std::chrono::seconds(1);
    options.max_backoff = std::chrono::seconds(10);
    options.retention = std::chrono::minutes(10);
    options.poll_interval = std::chrono::milliseconds(20);
    return options;
  }

  std::shared_ptr<RecordingConsumer> Subscribe(const std::string& name, EventFilter filter = {}) {
    auto consumer = std::make_shared<RecordingConsumer>();
    EXPECT_OK(dispatcher_->Subscribe(
        Subscription{.name = name, .filter = std::move(filter), .consumer = consumer}));
    return consumer;
  }

  DispatchStats Dispatch() {
    Result<DispatchStats> stats = dispatcher_->DispatchOnce();
    GLOSS_CHECK(stats.ok());  // The database is local and healthy in tests.
    return *stats;
  }

  // Passes until one makes no progress; returns the sum.
  DispatchStats DispatchAll() {
    DispatchStats total;
    while (true) {
      const DispatchStats stats = Dispatch();
      total.delivered += stats.delivered;
      total.retried += stats.retried;
      total.failed += stats.failed;
      if (stats.delivered + stats.failed == 0) {
        return total;
      }
    }
  }

  std::string EventState(const std::string& key) {
    Result<std::optional<db::Row>> row = database_->QueryOne(
        "SELECT state FROM storage_events WHERE object_key = ? ORDER BY sequencer DESC LIMIT 1",
        {db::Blob{key}});
    GLOSS_CHECK(row.ok() && row->has_value());  // Tests ask for existing events.
    return (*row)->Get<std::string>(0).value();
  }

  OutboxDispatcherPtr dispatcher_;
};

TEST_F(OutboxDispatcherTest, DeliversEventsInOrderAndMarksThemDelivered) {
  const auto consumer = Subscribe("all");
  ASSERT_OK(Put("photos", "a", "1").status());
  ASSERT_OK(Put("photos", "b", "2").status());
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));

  const DispatchStats stats = DispatchAll();
  EXPECT_EQ(stats.delivered, 3u);
  EXPECT_THAT(consumer->delivered(),
              ElementsAre("ObjectCreated:Put:photos/a", "ObjectCreated:Put:photos/b",
                          "ObjectRemoved:Delete:photos/a"));
  EXPECT_EQ(EventState("a"), "delivered");
  EXPECT_EQ(Dispatch().delivered, 0u);  // Nothing is delivered twice.
  EXPECT_THAT(consumer->delivered(), SizeIs(3));
}

TEST_F(OutboxDispatcherTest, SubscriptionsSeeOnlyWhatTheirFilterMatches) {
  const auto jpgs = Subscribe("jpgs", EventFilter{.bucket = "photos",
                                                  .event_prefix = "ObjectCreated",
                                                  .key_prefix = "in/",
                                                  .key_suffix = ".jpg"});
  const auto removals = Subscribe("removals", EventFilter{.event_prefix = "ObjectRemoved"});
  ASSERT_OK(Put("photos", "in/x.jpg", "1").status());
  ASSERT_OK(Put("photos", "in/x.png", "1").status());
  ASSERT_OK(Put("photos", "out/x.jpg", "1").status());
  ASSERT_OK(Put("other", "in/x.jpg", "1").status());
  ASSERT_OK(store_->DeleteObject("photos", "in/x.jpg", {}));

  DispatchAll();
  EXPECT_THAT(jpgs->delivered(), ElementsAre("ObjectCreated:Put:photos/in/x.jpg"));
  EXPECT_THAT(removals->delivered(), ElementsAre("ObjectRemoved:Delete:photos/in/x.jpg"));
  EXPECT_EQ(EventState("in/x.png"), "delivered");  // Nobody wanted it: done.
}

TEST_F(OutboxDispatcherTest, FailuresAreRetriedWithBackoff) {
  const auto consumer = Subscribe("all");
  consumer->FailFor("a");
  ASSERT_OK(Put("photos", "a", "1").status());

  DispatchStats stats = Dispatch();
  EXPECT_EQ(stats.retried, 1u);
  EXPECT_EQ(EventState("a"), "pending");
  // Not due before the backoff (1 s after the first failure).
  clock_.Advance(std::chrono::milliseconds(999));
  EXPECT_EQ(Dispatch().retried, 0u);
  EXPECT_EQ(consumer->failures(), 1);

  consumer->Recover();
  clock_.Advance(std::chrono::milliseconds(1));
  stats = Dispatch();
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_THAT(consumer->delivered(), ElementsAre("ObjectCreated:Put:photos/a"));
  EXPECT_EQ(EventState("a"), "delivered");
}

TEST_F(OutboxDispatcherTest, BackoffDoublesAndTheEventFailsAfterMaxAttempts) {
  const auto consumer = Subscribe("all");
  consumer->FailFor("a");
  ASSERT_OK(Put("photos", "a", "1").status());

  EXPECT_EQ(Dispatch().retried, 1u);  // Attempt 1; next in 1 s.
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Dispatch().retried, 1u);  // Attempt 2; next in 2 s.
  clock_.Advance(std::chrono::milliseconds(1999));
  EXPECT_EQ(Dispatch().retried, 0u);
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(Dispatch().failed, 1u);  // Attempt 3 of 3.
  EXPECT_EQ(EventState("a"), "failed");

  ASSERT_OK_AND_ASSIGN(const std::vector<FailedEvent> failed, dispatcher_->ListFailed(10));
  ASSERT_THAT(failed, SizeIs(1));
  EXPECT_EQ(failed[0].event.key, "a");
  EXPECT_EQ(failed[0].attempts, 3);
  EXPECT_THAT(failed[0].last_error, ::testing::HasSubstr("consumer down"));
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(Dispatch().retried, 0u);
  EXPECT_EQ(consumer->failures(), 3);
}

TEST_F(OutboxDispatcherTest, AFailingKeyBlocksOnlyItsOwnLaterEvents) {
  const auto consumer = Subscribe("all");
  consumer->FailFor("a");
  ASSERT_OK(Put("photos", "a", "1").status());
  ASSERT_OK(Put("photos", "b", "1").status());
  ASSERT_OK(Put("photos", "a", "2").status());
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));

  DispatchAll();
  EXPECT_THAT(consumer->delivered(), ElementsAre("ObjectCreated:Put:photos/b"));
  consumer->Recover();
  clock_.Advance(std::chrono::seconds(1));
  DispatchAll();
  // Key a's events arrive in their order once the first gets through.
  EXPECT_THAT(consumer->delivered(),
              ElementsAre("ObjectCreated:Put:photos/b", "ObjectCreated:Put:photos/a",
                          "ObjectCreated:Put:photos/a", "ObjectRemoved:Delete:photos/a"));
}

TEST_F(OutboxDispatcherTest, RetriesGoOnlyToSubscriptionsThatFailed) {
  const auto healthy = Subscribe("healthy");
  const auto flaky = Subscribe("flaky");
  flaky->FailFor("a");
  ASSERT_OK(Put("photos", "a", "1").status());

  EXPECT_EQ(Dispatch().retried, 1u);
  flaky->Recover();
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Dispatch().delivered, 1u);
  EXPECT_THAT(healthy->delivered(), SizeIs(1));
  EXPECT_THAT(flaky->delivered(), SizeIs(1));
}

TEST_F(OutboxDispatcherTest, DeliveredEventsArePrunedAfterRetention) {
  Subscribe("all");
  ASSERT_OK(Put("photos", "a", "1").status());
  DispatchAll();
  clock_.Advance(std::chrono::minutes(10) + std::chrono::milliseconds(1));
  Dispatch();
  ASSERT_OK_AND_ASSIGN(const std::optional<db::Row> row,
                       database_->QueryOne("SELECT count(*) FROM storage_events"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 0);
}

TEST_F(OutboxDispatcherTest, UndeliveredEventsSurviveARestart) {
  ASSERT_OK(Put("photos", "a", "1").status());
  dispatcher_.reset();
  Reopen();
  ASSERT_OK_AND_ASSIGN(dispatcher_,
                       OutboxDispatcher::Create(*database_, clock_, *logger_, Options()));
  const auto consumer = Subscribe("all");
  DispatchAll();
  EXPECT_THAT(consumer->delivered(), ElementsAre("ObjectCreated:Put:photos/a"));
}

TEST_F(OutboxDispatcherTest, SubscribeRejectsDuplicatesAndIncompleteSubscriptions) {
  Subscribe("one");
  EXPECT_THAT(dispatcher_->Subscribe(Subscription{
                  .name = "one", .filter = {}, .consumer = std::make_shared<RecordingConsumer>()}),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(dispatcher_->Subscribe(Subscription{.name = "", .filter = {}, .consumer = nullptr}),
              StatusIs(StatusCode::kInvalidArgument));
  dispatcher_->Unsubscribe("one");
  EXPECT_OK(dispatcher_->Subscribe(Subscription{
      .name = "one", .filter = {}, .consumer = std::make_shared<RecordingConsumer>()}));
}

TEST_F(OutboxDispatcherTest, BackgroundThreadDeliversWhenWoken) {
  // Real time here: the thread waits on a condition variable.
  SystemClock system_clock;
  dispatcher_.reset();
  ASSERT_OK_AND_ASSIGN(dispatcher_,
                       OutboxDispatcher::Create(*database_, system_clock, *logger_, Options()));
  store_.reset();
  ASSERT_OK_AND_ASSIGN(
      store_, ObjectStore::Open(*database_, system_clock, *logger_,
                                ObjectStoreOptions{.root = Root(), .on_events_committed = [this] {
                                                     dispatcher_->Wake();
                                                   }}));
  const auto consumer = Subscribe("all");
  dispatcher_->Start();
  ASSERT_OK(Put("photos", "a", "1").status());
  ASSERT_OK(Put("photos", "b", "1").status());
  EXPECT_TRUE(consumer->WaitFor(2, std::chrono::seconds(5)));
  dispatcher_->Stop();
  EXPECT_THAT(consumer->delivered(),
              ElementsAre("ObjectCreated:Put:photos/a", "ObjectCreated:Put:photos/b"));
  store_.reset();  // Its callback refers to the dispatcher.
}

}  // namespace
}  // namespace gloss::storage
