#include "core/logger.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace gloss {
namespace {

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

std::string_view LevelTag(LogLevel level, bool color) {
  switch (level) {
    case LogLevel::kDebug: return color ? "\x1b[2mDEBUG\x1b[0m" : "DEBUG";
    case LogLevel::kInfo: return color ? "\x1b[32mINFO \x1b[0m" : "INFO ";
    case LogLevel::kWarn: return color ? "\x1b[33mWARN \x1b[0m" : "WARN ";
    case LogLevel::kError: return color ? "\x1b[31mERROR\x1b[0m" : "ERROR";
  }
  return "INFO ";
}

struct WallTime {
  std::tm utc;
  int millis;
};

WallTime Now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  WallTime out{};
  gmtime_r(&seconds, &out.utc);
  out.millis = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  return out;
}

// Human output shows plain strings unquoted unless they hold spaces.
std::string HumanValue(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.find_first_of(" \t\n\"=") == std::string::npos) {
      return text;
    }
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Logger::Logger(LogFormat format, LogLevel min_level, bool color,
               std::shared_ptr<spdlog::logger> sink)
    : format_(format), min_level_(min_level), color_(color), sink_(std::move(sink)) {
  sink_->set_pattern("%v");
  sink_->set_level(spdlog::level::trace);
  sink_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

std::unique_ptr<Logger> Logger::ToStderr(LogFormat format, LogLevel min_level, bool color) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return std::unique_ptr<Logger>(new Logger(
      format, min_level, color, std::make_shared<spdlog::logger>("gloss", std::move(sink))));
}

std::unique_ptr<Logger> Logger::ToFile(LogFormat format, LogLevel min_level,
                                       const std::string& path) {
  auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path);
  return std::unique_ptr<Logger>(new Logger(
      format, min_level, false, std::make_shared<spdlog::logger>("gloss", std::move(sink))));
}

void Logger::Log(LogLevel level, std::string_view component, std::string_view message,
                 std::initializer_list<LogField> fields) {
  if (!Enabled(level)) {
    return;
  }
  sink_->info(Render(level, component, message, fields));
}

std::string Logger::Render(LogLevel level, std::string_view component, std::string_view message,
                           std::initializer_list<LogField> fields) const {
  const WallTime now = Now();
  if (format_ == LogFormat::kJson) {
    nlohmann::json event = nlohmann::json::object();
    event["time"] = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                                now.utc.tm_year + 1900, now.utc.tm_mon + 1, now.utc.tm_mday,
                                now.utc.tm_hour, now.utc.tm_min, now.utc.tm_sec, now.millis);
    event["level"] = LevelName(level);
    event["component"] = component;
    event["msg"] = message;
    for (const LogField& field : fields) {
      event[std::string(field.key)] = field.value;
    }
    return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string line =
      fmt::format("{:02}:{:02}:{:02}.{:03} {} {:<8} {}", now.utc.tm_hour, now.utc.tm_min,
                  now.utc.tm_sec, now.millis, LevelTag(level, color_), component, message);
  for (const LogField& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    line += HumanValue(field.value);
  }
  return line;
}

}  // namespace gloss
