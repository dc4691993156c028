// graphql-js-compatible suggestions.

#include "data/graphql/suggest.h"

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace gloss::graphql {
namespace {

using Names = std::vector<std::string_view>;

TEST(GraphqlSuggestTest, SuggestionList) {
  EXPECT_EQ(SuggestionList("barkVolum", {"name", "barkVolume", "nickname"}), Names{"barkVolume"});
  EXPECT_EQ(SuggestionList("xyz", {"name", "barkVolume"}), Names{});
  EXPECT_EQ(SuggestionList("NAME", {"name"}), Names{"name"});  // Case only: distance 1.
  EXPECT_EQ(SuggestionList("abc", {"acb", "abd", "abc"}), (Names{"abc", "abd", "acb"}));
  EXPECT_EQ(SuggestionList("", {"a"}), Names{"a"});
}

TEST(GraphqlSuggestTest, DidYouMean) {
  EXPECT_EQ(DidYouMean({}), "");
  EXPECT_EQ(DidYouMean({"a"}), " Did you mean \"a\"?");
  EXPECT_EQ(DidYouMean({"a", "b"}), " Did you mean \"a\" or \"b\"?");
  EXPECT_EQ(DidYouMean({"a", "b", "c"}, "the enum value"),
            " Did you mean the enum value \"a\", \"b\", or \"c\"?");
  EXPECT_EQ(DidYouMean({"a", "b", "c", "d", "e", "f"}),
            " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?");
}

}  // namespace
}  // namespace gloss::graphql
