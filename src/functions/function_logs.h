// FunctionLogs keeps every function's log: the lines its workers print on
// stdout/stderr and the platform lines (INIT_START, START, END, REPORT) the
// pool adds. Each line is appended to STATE/logs/functions/NAME.log (rotated
// to NAME.log.1 past kRotateBytes) and handed to live listeners (the
// terminal's --stream-function-logs, the /_gloss/logs SSE stream), which
// also get a short backlog per function.
//
// Logs are a debugging aid, not a record: files are appended without fsync.
//
// Thread safety: all methods may be called concurrently. Listeners run on
// the appending thread, under no lock of ours; they must be quick.

#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/unique_fd.h"

namespace gloss::functions {

struct LogLine {
  uint64_t sequence = 0;  // Increases by one per line, across functions.
  std::string function;
  std::chrono::system_clock::time_point time;
  std::string text;  // Without the trailing newline.
};

class FunctionLogs {
 public:
  static constexpr uint64_t kRotateBytes = 10 * 1024 * 1024;
  static constexpr size_t kBacklogLines = 200;  // Per function.

  // Creates `dir` (0700) if missing. Errors: kUnavailable.
  static Result<std::unique_ptr<FunctionLogs>> Open(const std::filesystem::path& dir);

  // `function` is a validated function name (config/: [A-Za-z0-9_-]), so it
  // is safe as a file name.
  void Append(std::string_view function, std::string_view text);

  using Listener = std::function<void(const LogLine&)>;
  // Returns an id for Unsubscribe. The listener gets lines appended after
  // this call.
  uint64_t Subscribe(Listener listener);
  void Unsubscribe(uint64_t id);

  // Up to kBacklogLines recent lines of `function` (all functions when
  // empty) with sequence > `after`, oldest first.
  std::vector<LogLine> Recent(std::string_view function, uint64_t after = 0) const;

  std::filesystem::path FileOf(std::string_view function) const;

 private:
  explicit FunctionLogs(std::filesystem::path dir) : dir_(std::move(dir)) {}
  struct File {
    UniqueFd fd;
    uint64_t bytes = 0;
  };
  void WriteLocked(File& file, std::string_view function, const LogLine& line);

  const std::filesystem::path dir_;
  mutable std::mutex mutex_;
  uint64_t next_sequence_ = 1;                                        // Guarded by mutex_.
  std::map<std::string, File, std::less<>> files_;                    // Guarded by mutex_.
  std::map<std::string, std::deque<LogLine>, std::less<>> backlogs_;  // Guarded by mutex_.
  // Copied out before calling, so a listener may unsubscribe itself.
  std::map<uint64_t, std::shared_ptr<const Listener>> listeners_;  // Guarded by mutex_.
  uint64_t next_listener_ = 1;                                     // Guarded by mutex_.
};

// How a line looks in a log file and on the terminal: an ISO-8601 UTC time,
// a tab, the text.
std::string FormatLogFileLine(const LogLine& line);

}  // namespace gloss::functions
