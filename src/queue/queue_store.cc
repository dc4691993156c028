#include "queue/queue_store.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/random.h"
#include "db/migrations.h"
#include "queue/internal/message_rows.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

constexpr std::array<db::Migration, 1> kMigrations = {{
    {1, "create queues, queue_messages, queue_dedup, queue_move_tasks",
     "CREATE TABLE queues ("
     "  name TEXT PRIMARY KEY,"
     "  fifo {{int64}} NOT NULL,"
     "  attributes TEXT NOT NULL,"
     "  tags TEXT NOT NULL,"
     "  created_ms {{int64}} NOT NULL,"
     "  modified_ms {{int64}} NOT NULL,"
     "  purged_ms {{int64}} NOT NULL,"
     "  next_sequence {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE queue_messages ("
     "  id {{id}},"
     "  queue TEXT NOT NULL,"
     "  message_id TEXT NOT NULL,"
     "  body TEXT NOT NULL,"
     "  message_attributes TEXT NOT NULL,"
     "  md5_body TEXT NOT NULL,"
     "  md5_attributes TEXT NOT NULL,"
     "  sender_id TEXT NOT NULL,"
     "  sent_ms {{int64}} NOT NULL,"
     "  visible_at_ms {{int64}} NOT NULL,"
     "  expires_at_ms {{int64}} NOT NULL,"
     "  receive_count {{int64}} NOT NULL,"
     "  first_receive_ms {{int64}} NOT NULL,"
     "  group_id TEXT NOT NULL,"
     "  dedup_id TEXT NOT NULL,"
     "  sequence_number TEXT NOT NULL,"
     "  dead_letter_source_arn TEXT NOT NULL) {{strict}};"
     "CREATE INDEX queue_messages_ready ON queue_messages (queue, visible_at_ms, id);"
     "CREATE INDEX queue_messages_expiry ON queue_messages (expires_at_ms);"
     "CREATE TABLE queue_dedup ("
     "  queue TEXT NOT NULL,"
     "  dedup_id TEXT NOT NULL,"
     "  message_id TEXT NOT NULL,"
     "  sequence_number TEXT NOT NULL,"
     "  expires_ms {{int64}} NOT NULL,"
     "  PRIMARY KEY (queue, dedup_id)) {{strict}};"
     "CREATE TABLE queue_move_tasks ("
     "  task_handle TEXT PRIMARY KEY,"
     "  source_arn TEXT NOT NULL,"
     "  destination_arn TEXT NOT NULL,"
     "  max_per_second {{int64}} NOT NULL,"
     "  status TEXT NOT NULL,"
     "  moved {{int64}} NOT NULL,"
     "  to_move {{int64}} NOT NULL,"
     "  started_ms {{int64}} NOT NULL,"
     "  failure_reason TEXT NOT NULL) {{strict}};"},
}};

Status NoSuchQueue(std::string_view name) {
  return SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist,
                        "The specified queue " + std::string(name) + " does not exist.");
}

std::string ToJson(const AttributeMap& map) { return nlohmann::json(map).dump(); }

Result<AttributeMap> FromJson(const std::string& text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::Corruption("queue attributes are not a JSON object");
  }
  AttributeMap map;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      return Status::Corruption("queue attribute " + key + " is not a string");
    }
    map[key] = value.get<std::string>();
  }
  return map;
}

// The settable attributes two configurations differ in (CreateQueue's
// idempotency check compares only what the caller set).
bool SameRequestedAttributes(const QueueConfig& existing, const QueueConfig& requested,
                             const AttributeMap& attributes) {
  for (const auto& [name, value] : attributes) {
    const auto have = existing.attributes.find(name);
    const auto want = requested.attributes.find(name);
    const std::string have_value = have == existing.attributes.end() ? "" : have->second;
    const std::string want_value = want == requested.attributes.end() ? "" : want->second;
    if (have_value != want_value) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status QueueStore::CheckDeadLetterTarget(const QueueConfig& config) const {
  if (!config.redrive) {
    return Status::Ok();
  }
  Result<std::shared_ptr<const QueueConfig>> target = Config(config.redrive->dead_letter_queue);
  if (!target.ok()) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "Value " + config.attributes.at("RedrivePolicy") +
                              " for parameter RedrivePolicy is invalid. Reason: Dead-letter target "
                              "does not exist.");
  }
  if ((*target)->fifo != config.fifo) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "Value " + config.attributes.at("RedrivePolicy") +
                              " for parameter RedrivePolicy is invalid. Reason: Dead-letter queue "
                              "must be the same type of queue as the source.");
  }
  return Status::Ok();
}

Result<std::unique_ptr<QueueStore>> QueueStore::Open(db::Database& database, const Clock& clock,
                                                     QueueStoreOptions options) {
  RETURN_IF_ERROR(db::Migrate(database, "queue", kMigrations));
  std::unique_ptr<QueueStore> store(new QueueStore(database, clock, std::move(options)));
  RETURN_IF_ERROR(store->LoadConfigs());
  store->maintenance_ = std::thread([raw = store.get()] { raw->MaintenanceLoop(); });
  return store;
}

QueueStore::QueueStore(db::Database& database, const Clock& clock, QueueStoreOptions options)
    : database_(database), clock_(clock), options_(std::move(options)), pipeline_(database) {}

QueueStore::~QueueStore() { Stop(); }

void QueueStore::Stop() {
  {
    std::lock_guard lock(maintenance_mutex_);
    stopping_ = true;
  }
  maintenance_wake_.notify_all();
  if (maintenance_.joinable()) {
    maintenance_.join();
  }
  pipeline_.Stop();
}

void QueueStore::EndLongPolls() {
  ending_long_polls_ = true;
  notifier_.NotifyAll();
}

Status QueueStore::LoadConfigs() {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   database_.Query("SELECT name, attributes, tags, created_ms, modified_ms"
                                   " FROM queues"));
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(const std::string name, row.Get<std::string>(0));
    ASSIGN_OR_RETURN(const std::string attributes_json, row.Get<std::string>(1));
    ASSIGN_OR_RETURN(const std::string tags_json, row.Get<std::string>(2));
    ASSIGN_OR_RETURN(AttributeMap attributes, FromJson(attributes_json));
    Result<QueueConfig> config = NewQueueConfig(options_.region, name, attributes);
    if (!config.ok()) {
      return Status::Corruption("stored queue " + name + ": " +
                                std::string(config.status().message()));
    }
    ASSIGN_OR_RETURN(config->tags, FromJson(tags_json));
    ASSIGN_OR_RETURN(config->created_ms, row.Get<int64_t>(3));
    ASSIGN_OR_RETURN(config->modified_ms, row.Get<int64_t>(4));
    PublishConfig(std::make_shared<const QueueConfig>(*std::move(config)));
  }
  return Status::Ok();
}

void QueueStore::PublishConfig(std::shared_ptr<const QueueConfig> config) {
  std::lock_guard lock(configs_mutex_);
  const std::string name = config->name;
  configs_[name] = std::move(config);
}

void QueueStore::ForgetConfig(std::string_view name) {
  std::lock_guard lock(configs_mutex_);
  if (const auto found = configs_.find(name); found != configs_.end()) {
    configs_.erase(found);
  }
}

Result<std::shared_ptr<const QueueConfig>> QueueStore::Config(std::string_view name) const {
  std::lock_guard lock(configs_mutex_);
  const auto found = configs_.find(name);
  if (found == configs_.end()) {
    return NoSuchQueue(name);
  }
  return found->second;
}

std::vector<std::string> QueueStore::ListQueues(std::string_view prefix) const {
  std::lock_guard lock(configs_mutex_);
  std::vector<std::string> names;
  for (const auto& [name, config] : configs_) {
    if (name.starts_with(prefix)) {
      names.push_back(name);
    }
  }
  return names;
}

Status QueueStore::WriteConfig(db::Connection& connection, const QueueConfig& config, bool create) {
  if (create) {
    return connection
        .Execute(
            "INSERT INTO queues (name, fifo, attributes, tags, created_ms, modified_ms,"
            " purged_ms, next_sequence) VALUES (?, ?, ?, ?, ?, ?, 0, 1)"
            " ON CONFLICT (name) DO UPDATE SET attributes = excluded.attributes,"
            " tags = excluded.tags, modified_ms = excluded.modified_ms",
            {config.name, config.fifo ? 1 : 0, ToJson(config.attributes), ToJson(config.tags),
             config.created_ms, config.modified_ms})
        .status();
  }
  return connection
      .Execute("UPDATE queues SET attributes = ?, tags = ?, modified_ms = ? WHERE name = ?",
               {ToJson(config.attributes), ToJson(config.tags), config.modified_ms, config.name})
      .status();
}

Status QueueStore::CreateQueue(std::string_view name, const AttributeMap& attributes,
                               const AttributeMap& tags) {
  ASSIGN_OR_RETURN(QueueConfig config, NewQueueConfig(options_.region, name, attributes));
  if (Result<std::shared_ptr<const QueueConfig>> existing = Config(name); existing.ok()) {
    if (!SameRequestedAttributes(**existing, config, attributes)) {
      return SqsErrorStatus(SqsErrorCode::kQueueNameExists,
                            "A queue already exists with the same name and a different value "
                            "for attribute(s).");
    }
    return Status::Ok();
  }
  RETURN_IF_ERROR(CheckDeadLetterTarget(config));
  config.tags = tags;
  config.created_ms = config.modified_ms = ToUnixMillis(clock_.Now());
  RETURN_IF_ERROR(pipeline_.Run(
      [&](db::Transaction& transaction) { return WriteConfig(transaction, config, true); }));
  PublishConfig(std::make_shared<const QueueConfig>(std::move(config)));
  return Status::Ok();
}

Status QueueStore::EnsureQueue(std::string_view name, const AttributeMap& attributes) {
  ASSIGN_OR_RETURN(QueueConfig config, NewQueueConfig(options_.region, name, attributes));
  const int64_t now = ToUnixMillis(clock_.Now());
  if (Result<std::shared_ptr<const QueueConfig>> existing = Config(name); existing.ok()) {
    if ((*existing)->attributes == config.attributes) {
      return Status::Ok();
    }
    config.tags = (*existing)->tags;
    config.created_ms = (*existing)->created_ms;
  } else {
    config.created_ms = now;
  }
  config.modified_ms = now;
  RETURN_IF_ERROR(pipeline_.Run(
      [&](db::Transaction& transaction) { return WriteConfig(transaction, config, true); }));
  PublishConfig(std::make_shared<const QueueConfig>(std::move(config)));
  return Status::Ok();
}

Status QueueStore::DeleteQueue(std::string_view name) {
  RETURN_IF_ERROR(Config(name).status());
  const std::string queue(name);
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    RETURN_IF_ERROR(
        transaction.Execute("DELETE FROM queue_messages WHERE queue = ?", {queue}).status());
    RETURN_IF_ERROR(
        transaction.Execute("DELETE FROM queue_dedup WHERE queue = ?", {queue}).status());
    return transaction.Execute("DELETE FROM queues WHERE name = ?", {queue}).status();
  });
  RETURN_IF_ERROR(committed);
  ForgetConfig(name);
  notifier_.Notify(name);  // Long polls on it end (and find it gone).
  return Status::Ok();
}

Status QueueStore::SetAttributes(std::string_view name, const AttributeMap& changes) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> current, Config(name));
  ASSIGN_OR_RETURN(QueueConfig config, ApplyAttributes(*current, changes));
  if (changes.contains("RedrivePolicy")) {
    RETURN_IF_ERROR(CheckDeadLetterTarget(config));
  }
  config.modified_ms = ToUnixMillis(clock_.Now());
  RETURN_IF_ERROR(pipeline_.Run(
      [&](db::Transaction& transaction) { return WriteConfig(transaction, config, false); }));
  PublishConfig(std::make_shared<const QueueConfig>(std::move(config)));
  notifier_.Notify(name);  // A shorter delay may have made messages visible.
  return Status::Ok();
}

Status QueueStore::TagQueue(std::string_view name, const AttributeMap& tags) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> current, Config(name));
  QueueConfig config = *current;
  for (const auto& [key, value] : tags) {
    config.tags[key] = value;
  }
  if (config.tags.size() > 50) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "Too many tags added for queue " + std::string(name) + ".");
  }
  RETURN_IF_ERROR(pipeline_.Run(
      [&](db::Transaction& transaction) { return WriteConfig(transaction, config, false); }));
  PublishConfig(std::make_shared<const QueueConfig>(std::move(config)));
  return Status::Ok();
}

Status QueueStore::UntagQueue(std::string_view name, const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> current, Config(name));
  QueueConfig config = *current;
  for (const std::string& key : keys) {
    config.tags.erase(key);
  }
  RETURN_IF_ERROR(pipeline_.Run(
      [&](db::Transaction& transaction) { return WriteConfig(transaction, config, false); }));
  PublishConfig(std::make_shared<const QueueConfig>(std::move(config)));
  return Status::Ok();
}

Result<AttributeMap> QueueStore::GetAttributes(std::string_view name) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> config, Config(name));
  const int64_t now = ToUnixMillis(clock_.Now());
  ASSIGN_OR_RETURN(const internal::MessageCounts counts,
                   internal::CountMessages(database_, config->name, now));
  AttributeMap attributes = config->attributes;
  attributes["QueueArn"] = config->arn;
  attributes["CreatedTimestamp"] = std::to_string(config->created_ms / 1000);
  attributes["LastModifiedTimestamp"] = std::to_string(config->modified_ms / 1000);
  attributes["ApproximateNumberOfMessages"] = std::to_string(counts.visible);
  attributes["ApproximateNumberOfMessagesNotVisible"] = std::to_string(counts.in_flight);
  attributes["ApproximateNumberOfMessagesDelayed"] = std::to_string(counts.delayed);
  return attributes;
}

Result<std::vector<std::string>> QueueStore::DeadLetterSourceQueues(std::string_view name) const {
  RETURN_IF_ERROR(Config(name).status());
  std::lock_guard lock(configs_mutex_);
  std::vector<std::string> sources;
  for (const auto& [source, config] : configs_) {
    if (config->redrive && config->redrive->dead_letter_queue == name) {
      sources.push_back(source);
    }
  }
  return sources;
}

void QueueStore::MaintenanceLoop() {
  std::unique_lock lock(maintenance_mutex_);
  while (!stopping_) {
    maintenance_wake_.wait_for(lock, options_.maintenance_interval);
    if (stopping_) {
      return;
    }
    lock.unlock();
    const int64_t now = ToUnixMillis(clock_.Now());
    std::set<std::string> touched;
    // Failures are retried on the next tick; nothing here is acknowledged.
    const Status maintained = pipeline_.Run([&](db::Transaction& transaction) {
      touched.clear();
      return Maintain(transaction, now, touched);
    });
    if (maintained.ok()) {
      for (const std::string& queue : touched) {
        notifier_.Notify(queue);
      }
    }
    lock.lock();
  }
}

Status QueueStore::Maintain(db::Transaction& transaction, int64_t now_ms,
                            std::set<std::string>& touched) {
  RETURN_IF_ERROR(internal::DeleteExpired(transaction, now_ms));
  return AdvanceMoveTasks(transaction, now_ms, touched);
}

}  // namespace gloss::queue
