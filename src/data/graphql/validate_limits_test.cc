// Request-cost limits (depth, fields, aliases after fragment expansion) and
// robustness of validation on hostile documents: fragment cycles, exponential
// fragment fan-out, deep nesting.

#include <string>

#include <gtest/gtest.h>

#include "data/graphql/validate.h"
#include "data/graphql/validate_test_fixture.h"

namespace gloss::graphql {
namespace {

using testing::Check;

// `{ dog { owner { pets { ... on Dog { owner { ... } } } } } }` with `levels`
// fields in depth.
std::string DeepQuery(int levels) {
  std::string open = "{ dog { ";
  std::string close = "} }";
  int depth = 1;
  while (depth + 3 <= levels) {
    open += "owner { pets { ... on Dog { ";
    close += " } } }";
    depth += 2;  // owner, pets (Dog is an inline fragment).
  }
  return open + "name " + close;
}

TEST(GraphqlValidateLimitsTest, DepthLimit) {
  ValidationOptions options;
  options.max_depth = 4;
  EXPECT_EQ(Check("{ dog { owner { pets { name } } } }", options), "OK");
  EXPECT_EQ(Check("{ dog { owner { pets { ... on Dog { owner { name } } } } } }", options),
            "1:1 Query depth limit of 4 exceeded, found 5.");
  // Through fragments.
  EXPECT_EQ(Check("query Q { dog { ...A } } fragment A on Dog { owner { pets { ...B } } } "
                  "fragment B on Dog { owner { name } }",
                  options),
            "1:1 Query depth limit of 4 exceeded, found 5.");
  options.max_depth = 0;
  EXPECT_EQ(Check(DeepQuery(40), options), "OK");
  EXPECT_EQ(Check(DeepQuery(40)), "1:1 Query depth limit of 15 exceeded, found 40.");
}

TEST(GraphqlValidateLimitsTest, FieldAndAliasLimits) {
  ValidationOptions options;
  options.max_fields = 3;
  options.max_aliases = 1;
  EXPECT_EQ(Check("{ dog { a: name } }", options), "OK");
  EXPECT_EQ(Check("{ dog { name nickname barkVolume } }", options),
            "1:1 Query field limit of 3 exceeded, found 4.");
  EXPECT_EQ(Check("{ dog { a: name b: name } }", options),
            "1:1 Query alias limit of 1 exceeded, found 2.");
}

// Each fragment spreads the next one twice: 2^40 fields after expansion.
std::string ExponentialFragments(int count) {
  std::string query = "{ dog { ...F0 } }";
  for (int i = 0; i < count; ++i) {
    query += " fragment F" + std::to_string(i) + " on Dog { name ";
    if (i + 1 < count) {
      query +=
          "...F" + std::to_string(i + 1) + " ... on Dog { ...F" + std::to_string(i + 1) + " } ";
    }
    query += "}";
  }
  return query;
}

TEST(GraphqlValidateLimitsTest, ExponentialFragmentExpansionIsCountedNotExpanded) {
  const std::string result = Check(ExponentialFragments(40));
  EXPECT_EQ(result, "1:1 Query field limit of 1000 exceeded, found 1099511627776.");
}

TEST(GraphqlValidateLimitsTest, FragmentCyclesTerminate) {
  EXPECT_EQ(Check("{ dog { ...A } } fragment A on Dog { name owner { pets { ...B } } } "
                  "fragment B on Dog { ...A x: name }"),
            "1:58,1:89 Cannot spread fragment \"A\" within itself via \"B\".");
  EXPECT_EQ(
      Check("{ dog { ...A } } fragment A on Dog { name: nickname ...A owner { pets { ...A } } }"),
      "1:53 Cannot spread fragment \"A\" within itself.\n"
      "1:73 Cannot spread fragment \"A\" within itself.");
}

TEST(GraphqlValidateLimitsTest, LongFragmentChainIsIterative) {
  // 10000 fragments spreading each other in a chain, then back to the first.
  std::string query = "{ dog { ...F0 } }";
  constexpr int kCount = 10000;
  for (int i = 0; i < kCount; ++i) {
    query += " fragment F" + std::to_string(i) + " on Dog { ...F" +
             std::to_string((i + 1) % kCount) + " }";
  }
  const std::string result = Check(query);
  EXPECT_EQ(result.rfind("1:", 0), 0u) << result.substr(0, 200);
  EXPECT_NE(result.find("Cannot spread fragment \"F0\" within itself via \"F1\", \"F2\""),
            std::string::npos);
}

TEST(GraphqlValidateLimitsTest, ManyConflictingFieldsStayWithinBudget) {
  // 2000 same-key fields with different arguments: 2M pairs unless bounded.
  std::string query = "{ dog { ";
  for (int i = 0; i < 2000; ++i) {
    query += "isHouseTrained(atOtherHomes: " + std::string(i % 2 == 0 ? "true" : "false") + ") ";
  }
  query += "} }";
  ValidationOptions options;
  options.max_fields = 0;
  options.max_errors = 5;
  const std::string result = Check(query, options);
  EXPECT_NE(result.find("Too many validation errors"), std::string::npos) << result;
}

TEST(GraphqlValidateLimitsTest, ManyArgumentsAndSpreadsAreNotQuadratic) {
  // 15000 arguments on one field (each a duplicate), compared by overlap.
  std::string args;
  for (int i = 0; i < 15000; ++i) {
    args += "intArg: " + std::to_string(i % 2) + " ";
  }
  const std::string query = "{ arguments { intArgField(" + args + ") intArgField(" + args + ") } }";
  ValidationOptions options;
  options.max_errors = 3;
  const std::string result = Check(query, options);
  EXPECT_NE(result.find("There can be only one argument named \"intArg\"."), std::string::npos);

  // One selection set spreading 8000 distinct fragments.
  std::string spreads;
  std::string fragments;
  for (int i = 0; i < 8000; ++i) {
    spreads += "...F" + std::to_string(i) + " ";
    fragments += " fragment F" + std::to_string(i) + " on Dog { name }";
  }
  options.max_fields = 0;
  EXPECT_EQ(Check("{ dog { " + spreads + "} }" + fragments, options), "OK");
}

}  // namespace
}  // namespace gloss::graphql
