// "Did you mean ...?" suggestions as graphql-js 16 words them
// (suggestionList + didYouMean), for validation and execution errors.
//
// Not a general fuzzy matcher: the distance is graphql-js's (case-insensitive
// Damerau-Levenshtein with threshold floor(0.4 * length) + 1), ties sorted by
// name in byte order (graphql-js uses a natural sort; the two differ only for
// names with digit runs).
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gloss::graphql {

// The options close to `input`, best first.
std::vector<std::string_view> SuggestionList(std::string_view input,
                                             const std::vector<std::string_view>& options);

// "" if `suggestions` is empty, else " Did you mean \"a\", \"b\", or \"c\"?"
// (at most 5); with `sub_message`: " Did you mean <sub_message> \"a\"?".
std::string DidYouMean(const std::vector<std::string_view>& suggestions,
                       std::string_view sub_message = {});

}  // namespace gloss::graphql
