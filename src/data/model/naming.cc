#include "data/model/naming.h"

#include <array>
#include <cctype>
#include <utility>

namespace gloss::data {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Gives `plural` the case pattern of `word`: all upper stays all upper, a
// capital first letter stays capital.
std::string MatchCase(std::string_view word, std::string plural) {
  bool all_upper = word.size() > 1;
  for (const char c : word) {
    all_upper = all_upper && !std::islower(static_cast<unsigned char>(c));
  }
  if (all_upper) {
    for (char& c : plural) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  } else if (!word.empty() && std::isupper(static_cast<unsigned char>(word[0])) != 0 &&
             !plural.empty()) {
    plural[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(plural[0])));
  }
  return plural;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 28> kIrregular = {{
    {"hero", "heroes"},     {"potato", "potatoes"},    {"tomato", "tomatoes"},
    {"echo", "echoes"},     {"person", "people"},      {"man", "men"},
    {"woman", "women"},     {"child", "children"},     {"tooth", "teeth"},
    {"foot", "feet"},       {"mouse", "mice"},         {"goose", "geese"},
    {"ox", "oxen"},         {"leaf", "leaves"},        {"knife", "knives"},
    {"life", "lives"},      {"wife", "wives"},         {"half", "halves"},
    {"wolf", "wolves"},     {"shelf", "shelves"},      {"thief", "thieves"},
    {"quiz", "quizzes"},    {"index", "indices"},      {"matrix", "matrices"},
    {"vertex", "vertices"}, {"criterion", "criteria"}, {"analysis", "analyses"},
    {"datum", "data"},
}};

constexpr std::array<std::string_view, 16> kUncountable = {
    "data", "information", "equipment", "metadata", "news",  "series",   "species",  "sheep",
    "fish", "deer",        "money",     "rice",     "media", "feedback", "software", "music"};

bool EndsWith(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

std::string Pluralize(std::string_view word) {
  if (word.empty()) {
    return "";
  }
  // Only the last word of a CamelCase name changes: "ImageLabel" -> "ImageLabels".
  size_t start = word.size() - 1;
  while (start > 0 && !std::isupper(static_cast<unsigned char>(word[start]))) {
    --start;
  }
  const std::string_view head = word.substr(0, start);
  const std::string_view last = word.substr(start);
  const std::string lower = Lower(last);
  auto finish = [&](std::string plural) { return std::string(head) + MatchCase(last, plural); };

  for (const std::string_view uncountable : kUncountable) {
    if (lower == uncountable) {
      return std::string(word);
    }
  }
  for (const auto& [singular, plural] : kIrregular) {
    if (lower == singular) {
      return finish(std::string(plural));
    }
  }
  if (EndsWith(lower, "s") || EndsWith(lower, "x") || EndsWith(lower, "z") ||
      EndsWith(lower, "ch") || EndsWith(lower, "sh")) {
    return finish(lower + "es");  // class -> classes, status -> statuses, box -> boxes.
  }
  if (lower.size() > 1 && lower.back() == 'y' && !IsVowel(lower[lower.size() - 2])) {
    return finish(lower.substr(0, lower.size() - 1) + "ies");
  }
  return finish(lower + "s");
}

std::string Capitalize(std::string_view text) {
  std::string out(text);
  if (!out.empty()) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

std::string LowerFirst(std::string_view text) {
  std::string out(text);
  if (!out.empty()) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  }
  return out;
}

std::string SortKeyArgumentName(const std::vector<std::string>& sort_keys) {
  std::string name;
  for (const std::string& key : sort_keys) {
    name += name.empty() ? key : Capitalize(key);
  }
  return name;
}

}  // namespace gloss::data
