// Logger writes structured log events: a component ("http", "sandbox"), a
// message and key/value fields. Two renderings of the same event:
//   human  09:41:02.123 INFO  http     request method=GET path=/ status=200
//   json   {"time":"2026-11-25T09:41:02.123Z","level":"info","component":"http",
//           "msg":"request","method":"GET","path":"/","status":200}
// Human is for a terminal, JSON for log collectors (`--log-format json`).
//
// The logger is passed by reference to whoever logs; there is no global one.
//
// Thread safety: all methods may be called concurrently; each event is
// written whole (spdlog's mutex-protected sinks).

#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace spdlog {
class logger;
}

namespace gloss {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kHuman, kJson };

struct LogField {
  std::string_view key;
  nlohmann::json value;
};

class Logger {
 public:
  // Logs to stderr; `color` adds ANSI colours to human output.
  static std::unique_ptr<Logger> ToStderr(LogFormat format, LogLevel min_level, bool color);
  // Logs to `path` (appending, created if needed); for tests and log files.
  static std::unique_ptr<Logger> ToFile(LogFormat format, LogLevel min_level,
                                        const std::string& path);
  ~Logger();

  void Log(LogLevel level, std::string_view component, std::string_view message,
           std::initializer_list<LogField> fields = {});
  void Debug(std::string_view component, std::string_view message,
             std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kDebug, component, message, fields);
  }
  void Info(std::string_view component, std::string_view message,
            std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kInfo, component, message, fields);
  }
  void Warn(std::string_view component, std::string_view message,
            std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kWarn, component, message, fields);
  }
  void Error(std::string_view component, std::string_view message,
             std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kError, component, message, fields);
  }

  bool Enabled(LogLevel level) const { return level >= min_level_; }

  // Renders one event without writing it; exposed for tests.
  std::string Render(LogLevel level, std::string_view component, std::string_view message,
                     std::initializer_list<LogField> fields) const;

 private:
  Logger(LogFormat format, LogLevel min_level, bool color, std::shared_ptr<spdlog::logger> sink);

  const LogFormat format_;
  const LogLevel min_level_;
  const bool color_;
  // spdlog loggers are shared_ptr by API; this one is owned by us alone.
  std::shared_ptr<spdlog::logger> sink_;
};

}  // namespace gloss
