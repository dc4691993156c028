#include "aws/iam_policy.h"

#include <algorithm>
#include <utility>

namespace gloss::aws {
namespace {

char Fold(char c, bool ignore_case) {
  return ignore_case && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool AnyMatches(const std::vector<std::string>& patterns, std::string_view text, bool ignore_case) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
    return WildcardMatch(pattern, text, ignore_case);
  });
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  size_t p = 0;
  size_t t = 0;
  // Where to resume after the last `*`: the pattern just past it, and the
  // text position it currently absorbs up to.
  size_t star = std::string_view::npos;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || Fold(pattern[p], ignore_case) == Fold(text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

IamPolicy::IamPolicy(std::vector<IamStatement> statements) : statements_(std::move(statements)) {}

IamDecision IamPolicy::Evaluate(std::string_view action, std::string_view resource) const {
  bool allowed = false;
  for (const IamStatement& statement : statements_) {
    if (!AnyMatches(statement.actions, action, /*ignore_case=*/true) ||
        !AnyMatches(statement.resources, resource, /*ignore_case=*/false)) {
      continue;
    }
    if (statement.effect == PolicyEffect::kDeny) return IamDecision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? IamDecision::kAllow : IamDecision::kImplicitDeny;
}

}  // namespace gloss::aws
