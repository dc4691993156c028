// English plurals for generated GraphQL names, as Amplify's transformer makes
// them with the npm `pluralize` package: listImages, listPeople, listCategories.
// Covers pluralize's irregular words, uncountables and suffix rules that occur
// in type names; the first letter's case is kept, the rest follows the rule.
//
// Thread safety: pure function.

#pragma once

#include <string>
#include <string_view>

namespace gloss::data {

std::string Pluralize(std::string_view word);

}  // namespace gloss::data
