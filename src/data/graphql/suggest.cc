#include "data/graphql/suggest.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

namespace gloss::graphql {
namespace {

constexpr size_t kMaxSuggestions = 5;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// graphql-js LexicalDistance.measure: nullopt if above `threshold`.
std::optional<size_t> Distance(std::string_view input, std::string_view option, size_t threshold) {
  if (input == option) {
    return 0;
  }
  std::string a = Lower(option);
  std::string b = Lower(input);
  if (a == b) {
    return 1;
  }
  if (a.size() < b.size()) {
    std::swap(a, b);
  }
  if (a.size() - b.size() > threshold) {
    return std::nullopt;
  }
  const size_t a_len = a.size();
  const size_t b_len = b.size();
  std::vector<std::vector<size_t>> rows(3, std::vector<size_t>(b_len + 1));
  for (size_t j = 0; j <= b_len; ++j) {
    rows[0][j] = j;
  }
  for (size_t i = 1; i <= a_len; ++i) {
    std::vector<size_t>& up = rows[(i - 1) % 3];
    std::vector<size_t>& current = rows[i % 3];
    size_t smallest = current[0] = i;
    for (size_t j = 1; j <= b_len; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = std::min({up[j] + 1, current[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, rows[(i - 2) % 3][j - 2] + 1);
      }
      current[j] = best;
      smallest = std::min(smallest, best);
    }
    if (smallest > threshold) {
      return std::nullopt;
    }
  }
  const size_t distance = rows[a_len % 3][b_len];
  if (distance > threshold) {
    return std::nullopt;
  }
  return distance;
}

}  // namespace

std::vector<std::string_view> SuggestionList(std::string_view input,
                                             const std::vector<std::string_view>& options) {
  std::vector<std::pair<size_t, std::string_view>> found;
  const size_t threshold = input.size() * 2 / 5 + 1;  // floor(0.4 * length) + 1
  for (std::string_view option : options) {
    if (auto distance = Distance(input, option, threshold)) {
      found.emplace_back(*distance, option);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<std::string_view> out;
  out.reserve(found.size());
  for (const auto& entry : found) {
    out.push_back(entry.second);
  }
  return out;
}

std::string DidYouMean(const std::vector<std::string_view>& suggestions,
                       std::string_view sub_message) {
  if (suggestions.empty()) {
    return "";
  }
  std::string message = " Did you mean ";
  if (!sub_message.empty()) {
    message += sub_message;
    message += ' ';
  }
  const size_t count = std::min(suggestions.size(), kMaxSuggestions);
  auto quoted = [&](size_t index) { return "\"" + std::string(suggestions[index]) + "\""; };
  if (count == 1) {
    return message + quoted(0) + "?";
  }
  if (count == 2) {
    return message + quoted(0) + " or " + quoted(1) + "?";
  }
  for (size_t i = 0; i + 1 < count; ++i) {
    message += quoted(i) + ", ";
  }
  return message + "or " + quoted(count - 1) + "?";
}

}  // namespace gloss::graphql
