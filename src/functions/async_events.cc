#include "functions/async_events.h"

#include <array>

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/unique_fd.h"
#include "db/migrations.h"

namespace gloss::functions {
namespace {

constexpr std::array<db::Migration, 1> kMigrations = {{
    {1, "create function_events",
     "CREATE TABLE function_events ("
     "  id {{id}},"
     "  function_name TEXT NOT NULL,"
     "  payload TEXT NOT NULL,"
     "  attempts {{int64}} NOT NULL,"
     "  claimed {{int64}} NOT NULL,"
     "  due_at {{int64}} NOT NULL,"
     "  created_at {{int64}} NOT NULL,"
     "  last_error TEXT NOT NULL) {{strict}};"
     "CREATE INDEX function_events_due ON function_events (claimed, due_at);"},
}};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The payload as JSON when it is JSON, else as a string (destination records
// embed it).
nlohmann::json AsJson(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

}  // namespace

Result<std::unique_ptr<AsyncEvents>> AsyncEvents::Open(db::Database& database, AsyncOptions options,
                                                       Invoke invoke, Lookup lookup,
                                                       Logger& logger) {
  RETURN_IF_ERROR(db::Migrate(database, "functions", kMigrations));
  std::error_code error;
  std::filesystem::create_directories(options.failures_dir, error);
  if (error) {
    return Status::Unavailable("cannot create " + options.failures_dir.string() + ": " +
                               error.message());
  }
  return std::unique_ptr<AsyncEvents>(
      new AsyncEvents(database, std::move(options), std::move(invoke), std::move(lookup), logger));
}

AsyncEvents::AsyncEvents(db::Database& database, AsyncOptions options, Invoke invoke, Lookup lookup,
                         Logger& logger)
    : database_(database),
      options_(std::move(options)),
      invoke_(std::move(invoke)),
      lookup_(std::move(lookup)),
      logger_(logger) {}

AsyncEvents::~AsyncEvents() { Stop(); }

Status AsyncEvents::Enqueue(std::string_view function, std::string payload) {
  const int64_t now = NowMs();
  RETURN_IF_ERROR(database_
                      .Execute("INSERT INTO function_events (function_name, payload, attempts,"
                               " claimed, due_at, created_at, last_error)"
                               " VALUES (?, ?, 0, 0, ?, ?, '')",
                               {std::string(function), std::move(payload), now, now})
                      .status());
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
  return Status::Ok();
}

Status AsyncEvents::Start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty()) {
    return Status::Ok();
  }
  // Claims of a run that died are void: those events run again.
  RETURN_IF_ERROR(
      database_.Execute("UPDATE function_events SET claimed = 0 WHERE claimed = 1").status());
  stopping_ = false;
  for (size_t i = 0; i < std::max<size_t>(1, options_.threads); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
  return Status::Ok();
}

void AsyncEvents::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (std::thread& thread : threads) {
    thread.join();
  }
}

void AsyncEvents::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
    }
    Result<std::optional<Event>> claimed = ClaimDue();
    if (claimed.ok() && claimed->has_value()) {
      Run(**claimed);
      continue;
    }
    if (!claimed.ok()) {
      logger_.Error("functions", "cannot read asynchronous events",
                    {{"error", claimed.status().ToString()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void AsyncEvents::DrainDue() {
  for (;;) {
    Result<std::optional<Event>> claimed = ClaimDue();
    if (!claimed.ok() || !claimed->has_value()) {
      return;
    }
    Run(**claimed);
  }
}

Result<std::optional<AsyncEvents::Event>> AsyncEvents::ClaimDue() {
  const int64_t now = NowMs();
  return database_.WithTransaction(
      db::TransactionKind::kWrite, [now](db::Transaction& tx) -> Result<std::optional<Event>> {
        ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                         tx.QueryOne("SELECT id, function_name, payload, attempts"
                                     " FROM function_events WHERE claimed = 0 AND due_at <= ?"
                                     " ORDER BY due_at, id LIMIT 1",
                                     {now}));
        if (!row) {
          return std::optional<Event>();
        }
        Event event;
        ASSIGN_OR_RETURN(event.id, row->Get<int64_t>(0));
        ASSIGN_OR_RETURN(event.function, row->Get<std::string>(1));
        ASSIGN_OR_RETURN(event.payload, row->Get<std::string>(2));
        ASSIGN_OR_RETURN(event.attempts, row->Get<int64_t>(3));
        RETURN_IF_ERROR(
            tx.Execute("UPDATE function_events SET claimed = 1 WHERE id = ?", {event.id}).status());
        return std::optional<Event>(std::move(event));
      });
}

void AsyncEvents::Run(const Event& event) {
  const std::optional<AsyncTarget> target = lookup_(event.function);
  Status recorded = Status::Ok();
  if (!target) {
    logger_.Warn("functions", "dropping an event for a function that no longer exists",
                 {{"function", event.function}});
    recorded = database_.Execute("DELETE FROM function_events WHERE id = ?", {event.id}).status();
  } else {
    InvocationRequest request;
    request.payload = event.payload;
    const Result<InvocationResult> outcome = invoke_(event.function, std::move(request));
    const bool shutting_down = !outcome.ok() && outcome.status().code() == StatusCode::kUnavailable;
    const int64_t attempts = event.attempts + 1;
    if (outcome.ok() && !outcome->function_error) {
      recorded = database_.Execute("DELETE FROM function_events WHERE id = ?", {event.id}).status();
    } else if (shutting_down) {
      // Not an attempt: it runs again after the restart.
      recorded =
          database_.Execute("UPDATE function_events SET claimed = 0 WHERE id = ?", {event.id})
              .status();
    } else if (attempts > static_cast<int64_t>(target->retry_attempts)) {
      recorded = RecordFailure(event, *target, outcome);
      if (recorded.ok()) {
        recorded =
            database_.Execute("DELETE FROM function_events WHERE id = ?", {event.id}).status();
      }
    } else {
      const auto delay = options_.retry_delay * (int64_t{1} << (attempts - 1));
      const std::string error =
          outcome.ok() ? outcome->payload : std::string(outcome.status().message());
      recorded = database_
                     .Execute(
                         "UPDATE function_events SET claimed = 0, attempts = ?, due_at = ?,"
                         " last_error = ? WHERE id = ?",
                         {attempts, NowMs() + delay.count(), error, event.id})
                     .status();
    }
  }
  if (!recorded.ok()) {
    logger_.Error("functions", "cannot record an asynchronous invocation",
                  {{"function", event.function}, {"error", recorded.ToString()}});
  }
}

Status AsyncEvents::RecordFailure(const Event& event, const AsyncTarget& target,
                                  const Result<InvocationResult>& outcome) {
  nlohmann::json record = {
      {"version", "1.0"},
      {"timestamp",
       fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::time_point_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now()))},
      {"requestContext",
       {{"requestId", outcome.ok() ? outcome->request_id : ""},
        {"functionArn", target.function_arn + ":$LATEST"},
        {"condition", "RetriesExhausted"},
        {"approximateInvokeCount", event.attempts + 1}}},
      {"requestPayload", AsJson(event.payload)},
  };
  if (outcome.ok()) {
    record["responseContext"] = {
        {"statusCode", 200}, {"executedVersion", "$LATEST"}, {"functionError", "Unhandled"}};
    record["responsePayload"] = AsJson(outcome->payload);
  } else {
    record["responseContext"] = {{"statusCode", 429}, {"executedVersion", "$LATEST"}};
    record["responsePayload"] = {{"errorMessage", outcome.status().message()}};
  }
  const std::string line = record.dump() + "\n";
  const std::filesystem::path file = options_.failures_dir / (event.function + ".jsonl");
  std::lock_guard lock(failures_mutex_);
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!fd.valid() ||
      ::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
      ::fsync(fd.get()) != 0) {
    return Status::Unavailable("cannot write " + file.string());
  }
  logger_.Warn("functions", "asynchronous invocation failed every attempt",
               {{"function", event.function}, {"record", file.string()}});
  return Status::Ok();
}

}  // namespace gloss::functions
