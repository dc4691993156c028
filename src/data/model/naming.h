// The pieces of the names Amplify's transformer generates: plurals as the npm
// `pluralize` package makes them (listImages, listPeople, listCategories;
// pluralize's irregular words, uncountables and suffix rules that occur in
// type names), capitalisation, and sort-key argument names.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gloss::data {

std::string Pluralize(std::string_view word);

// "image" -> "Image"; "Image" -> "image".
std::string Capitalize(std::string_view text);
std::string LowerFirst(std::string_view text);

// The argument of a query that takes sort-key conditions: the key itself
// ("createdAt"), or for several keys their names joined camel-case
// ("nameJoinedAt", the Model...CompositeKeyConditionInput argument).
std::string SortKeyArgumentName(const std::vector<std::string>& sort_keys);

}  // namespace gloss::data
