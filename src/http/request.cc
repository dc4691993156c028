#include "http/request.h"

#include <algorithm>
#include <cctype>

#include <boost/asio/use_awaitable.hpp>

#include "core/hex.h"

namespace gloss::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

void Headers::Add(std::string_view name, std::string_view value) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  fields_.emplace_back(std::move(lower), std::string(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [field_name, value] : fields_) {
    if (EqualsIgnoreCase(field_name, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> RequestHead::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    Result<std::string> key = PercentDecode(pair.substr(0, eq));
    if (!key.ok() || *key != name) {
      continue;
    }
    if (eq == std::string_view::npos) {
      return std::string();
    }
    Result<std::string> value = PercentDecode(pair.substr(eq + 1));
    if (value.ok()) {
      return std::move(value).value();
    }
  }
  return std::nullopt;
}

boost::asio::awaitable<Result<std::string>> BodyReader::ReadAll(size_t limit) {
  std::string body;
  char chunk[16 * 1024];
  for (;;) {
    Result<size_t> read = co_await ReadSome(chunk);
    if (!read.ok()) {
      co_return read.status();
    }
    if (*read == 0) {
      co_return body;
    }
    if (body.size() + *read > limit) {
      co_return Status::PayloadTooLarge("request body exceeds " + std::to_string(limit) + " bytes");
    }
    body.append(chunk, *read);
  }
}

Response& Response::SetHeader(std::string_view name, std::string_view value) {
  for (auto& [field_name, field_value] : headers) {
    if (EqualsIgnoreCase(field_name, name)) {
      field_value = value;
      return *this;
    }
  }
  headers.emplace_back(name, value);
  return *this;
}

Response Response::Text(unsigned status, std::string body, std::string_view content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", content_type);
  return response;
}

Response Response::Json(unsigned status, std::string body) {
  return Text(status, std::move(body), "application/json");
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t idx = 0; idx < text.size(); ++idx) {
    if (text[idx] != '%') {
      out += text[idx];
      continue;
    }
    if (idx + 2 >= text.size()) {
      return Status::InvalidArgument("truncated percent escape");
    }
    const int high = HexDigitValue(text[idx + 1]);
    const int low = HexDigitValue(text[idx + 2]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument("invalid percent escape");
    }
    out += static_cast<char>(high * 16 + low);
    idx += 2;
  }
  return out;
}

}  // namespace gloss::http
