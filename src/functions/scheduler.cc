#include "functions/scheduler.h"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/backend_spec.h"
#include "core/random.h"

namespace gloss::functions {

void Scheduler::Apply(const BackendSpec& spec, TimePoint now) {
  std::vector<Entry> next;
  std::lock_guard lock(mutex_);
  for (const auto& [key, function] : spec.functions) {
    for (size_t i = 0; i < function.schedules.size(); ++i) {
      Entry entry{function.name,
                  function.name + "-schedule-" + std::to_string(i),
                  function.schedules[i].expression,
                  config::ParsedSchedule(function.schedules[i]),
                  now,
                  std::nullopt};
      const auto same = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return e.rule == entry.rule && e.expression == entry.expression;
      });
      if (same != entries_.end()) {
        entry.anchor = same->anchor;
      }
      entry.next = entry.schedule.NextAfter(now, entry.anchor);
      next.push_back(std::move(entry));
    }
  }
  entries_ = std::move(next);
  region_ = spec.region;
  changed_.notify_all();
}

std::optional<Scheduler::TimePoint> Scheduler::FireDue(TimePoint now) {
  std::vector<std::pair<std::string, std::string>> due;
  std::optional<TimePoint> earliest;
  {
    std::lock_guard lock(mutex_);
    for (Entry& entry : entries_) {
      if (entry.next && *entry.next <= now) {
        due.emplace_back(entry.function, EventJson(region_, entry.rule, *entry.next));
        entry.next = entry.schedule.NextAfter(now, entry.anchor);
      }
      if (entry.next && (!earliest || *entry.next < *earliest)) {
        earliest = entry.next;
      }
    }
  }
  for (const auto& [function, event] : due) {
    fire_(function, event);
  }
  return earliest;
}

void Scheduler::Start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { Run(); });
  }
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Scheduler::Run() {
  for (;;) {
    const std::optional<TimePoint> next = FireDue(std::chrono::system_clock::now());
    std::unique_lock lock(mutex_);
    if (stopping_) {
      return;
    }
    // Wakes for the next firing, a change (Apply), or Stop. The system clock
    // may jump: re-check at least every minute.
    const TimePoint limit = std::chrono::system_clock::now() + std::chrono::minutes(1);
    changed_.wait_until(lock, next ? std::min(*next, limit) : limit);
    if (stopping_) {
      return;
    }
  }
}

std::string Scheduler::EventJson(const std::string& region, const std::string& rule,
                                 TimePoint time) {
  return nlohmann::json{
      {"version", "0"},
      {"id", RandomUuid()},
      {"detail-type", "Scheduled Event"},
      {"source", "aws.events"},
      {"account", std::string(kAccountId)},
      {"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                           std::chrono::time_point_cast<std::chrono::seconds>(time))},
      {"region", region},
      {"resources", {"arn:aws:events:" + region + ":" + std::string(kAccountId) + ":rule/" + rule}},
      {"detail", nlohmann::json::object()}}
      .dump();
}

}  // namespace gloss::functions
