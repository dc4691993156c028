// Validation rules against the spec's section 5 example schema, positive and
// negative, with graphql-js 16's messages and locations.

#include "data/graphql/validate.h"

#include <string>

#include <gtest/gtest.h>

#include "data/graphql/parser.h"
#include "data/graphql/validate_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

using testing::Check;
using testing::SpecSchema;

TEST(GraphqlValidateTest, ValidQueriesPass) {
  EXPECT_EQ(Check("{ dog { name nickname barkVolume owner { name } } }"), "OK");
  EXPECT_EQ(Check("query Q($c: DogCommand!) { dog { doesKnowCommand(dogCommand: $c) } }"), "OK");
  EXPECT_EQ(Check("{ pet { name ... on Dog { barkVolume } ... on Cat { meowVolume } } }"), "OK");
  EXPECT_EQ(Check("{ catOrDog { __typename ... on Pet { name } } }"), "OK");
  EXPECT_EQ(Check("{ __schema { types { name kind } } __type(name: \"Dog\") { name } }"), "OK");
  EXPECT_EQ(Check("mutation { renameDog(name: \"x\") { name } }"), "OK");
  EXPECT_EQ(Check("subscription S { newMessage { body } }"), "OK");
  EXPECT_EQ(Check("query A { dog { ...F } } fragment F on Dog { name }"), "OK");
}

TEST(GraphqlValidateTest, StatusFormHasLineColumnPrefixes) {
  auto document = ParseExecutable("{ dog { nope } }");
  ASSERT_TRUE(document.ok());
  Status status = Validate(SpecSchema(), *document);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "1:9: Cannot query field \"nope\" on type \"Dog\". Did you mean \"name\"?");
  auto valid = ParseExecutable("{ dog { name } }");
  ASSERT_TRUE(valid.ok());
  EXPECT_OK(Validate(SpecSchema(), *valid));
}

TEST(GraphqlValidateTest, ExecutableDefinitions) {
  Document document;
  TypeDefinition type;
  type.name = "Dog";
  type.loc = {1, 1};
  document.definitions().push_back({type});
  const auto errors = ValidateDocument(SpecSchema(), document);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "The \"Dog\" definition is not executable.");
}

TEST(GraphqlValidateTest, UniqueOperationNames) {
  EXPECT_EQ(Check("query A { dog { name } } query B { dog { name } }"), "OK");
  EXPECT_EQ(Check("query A { dog { name } } query A { dog { nickname } }"),
            "1:7,1:32 There can be only one operation named \"A\".");
  EXPECT_EQ(Check("query A { dog { name } } mutation A { renameDog(name: \"x\") { name } }"),
            "1:7,1:35 There can be only one operation named \"A\".");
}

TEST(GraphqlValidateTest, LoneAnonymousOperation) {
  EXPECT_EQ(Check("{ dog { name } } query B { dog { name } }"),
            "1:1 This anonymous operation must be the only defined operation.");
}

TEST(GraphqlValidateTest, SingleFieldSubscriptions) {
  EXPECT_EQ(Check("subscription S { newMessage { body } }"), "OK");
  EXPECT_EQ(Check("subscription S { newMessage { body } disallowedSecondRootField }"),
            "1:38 Subscription \"S\" must select only one top level field.");
  EXPECT_EQ(Check("subscription { ...F } fragment F on Subscription { newMessage { body } "
                  "disallowedSecondRootField }"),
            "1:72 Anonymous Subscription must select only one top level field.");
  EXPECT_EQ(
      Check("subscription S { newMessage { body } disallowedSecondRootField @skip(if: true) }"),
      "OK");
  EXPECT_EQ(Check("subscription S { __typename }"),
            "1:18 Subscription \"S\" must not select an introspection top level field.");
}

TEST(GraphqlValidateTest, KnownTypeNames) {
  EXPECT_EQ(Check("query Q($d: DogCommand) { dog { doesKnowCommand(dogCommand: $d) } }"),
            "1:9,1:61 Variable \"$d\" of type \"DogCommand\" used in position expecting type "
            "\"DogCommand!\".");
  EXPECT_EQ(Check("query Q($x: Dgo) { dog { name } }"),
            "1:13 Unknown type \"Dgo\". Did you mean \"Dog\"?\n"
            "1:9 Variable \"$x\" is never used in operation \"Q\".");
  EXPECT_EQ(Check("{ dog { ... on Catt { name } } }"),
            "1:16 Unknown type \"Catt\". Did you mean \"Cat\"?");
  EXPECT_EQ(Check("{ dog { ...F } } fragment F on Nope { name }"), "1:32 Unknown type \"Nope\".");
}

TEST(GraphqlValidateTest, FragmentsOnCompositeTypes) {
  EXPECT_EQ(Check("{ dog { ...F } } fragment F on Dog { name }"), "OK");
  EXPECT_EQ(Check("{ dog { ...F } } fragment F on Boolean { x }"),
            "1:32 Fragment \"F\" cannot condition on non composite type \"Boolean\".");
  EXPECT_EQ(Check("{ dog { ... on Boolean { x } } }"),
            "1:16 Fragment cannot condition on non composite type \"Boolean\".");
}

TEST(GraphqlValidateTest, VariablesAreInputTypes) {
  EXPECT_EQ(Check("query Q($a: Boolean, $b: [String!], $c: FindDogInput) { dog { "
                  "isHouseTrained(atOtherHomes: $a) } findDog(searchBy: $c) { name } "
                  "json(value: $b) }"),
            "1:22,1:141 Variable \"$b\" of type \"[String!]\" used in position expecting type "
            "\"JSON\".");
  EXPECT_EQ(Check("query Q($dog: Dog) { json(value: $dog) }"),
            "1:15 Variable \"$dog\" cannot be non-input type \"Dog\".\n"
            "1:9,1:34 Variable \"$dog\" of type \"Dog\" used in position expecting type "
            "\"JSON\".");
  EXPECT_EQ(Check("query Q($pets: [Pet!]!) { dog { name } }"),
            "1:16 Variable \"$pets\" cannot be non-input type \"[Pet!]!\".\n"
            "1:9 Variable \"$pets\" is never used in operation \"Q\".");
}

TEST(GraphqlValidateTest, ScalarLeafs) {
  EXPECT_EQ(Check("{ dog { barkVolume { sinceWhen } } }"),
            "1:20 Field \"barkVolume\" must not have a selection since type \"Int\" has no "
            "subfields.");
  EXPECT_EQ(Check("{ human }"),
            "1:3 Field \"human\" of type \"Human\" must have a selection of subfields. Did you "
            "mean \"human { ... }\"?");
  EXPECT_EQ(Check("{ human { pets } }"),
            "1:11 Field \"pets\" of type \"[Pet!]\" must have a selection of subfields. Did you "
            "mean \"pets { ... }\"?");
}

TEST(GraphqlValidateTest, FieldsOnCorrectType) {
  EXPECT_EQ(Check("{ dog { meowVolume } }"),
            "1:9 Cannot query field \"meowVolume\" on type \"Dog\". Did you mean "
            "\"barkVolume\"?");
  EXPECT_EQ(Check("{ dog { xyz } }"), "1:9 Cannot query field \"xyz\" on type \"Dog\".");
  EXPECT_EQ(Check("{ dog { barkVolum } }"),
            "1:9 Cannot query field \"barkVolum\" on type \"Dog\". Did you mean \"barkVolume\"?");
  EXPECT_EQ(Check("{ dog { kawVolume: barkVolum } }"),
            "1:9 Cannot query field \"barkVolum\" on type \"Dog\". Did you mean \"barkVolume\"?");
  EXPECT_EQ(Check("{ pet { nickname } }"),
            "1:9 Cannot query field \"nickname\" on type \"Pet\". Did you mean to use an inline "
            "fragment on \"Cat\" or \"Dog\"?");
  EXPECT_EQ(Check("{ catOrDog { name } }"),
            "1:14 Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline "
            "fragment on \"Pet\", \"Cat\", or \"Dog\"?");
  EXPECT_EQ(Check("{ catOrDog { __typename } pet { __typename name } }"), "OK");
  EXPECT_EQ(Check("{ dog { __schema { types { name } } } }"),
            "1:9 Cannot query field \"__schema\" on type \"Dog\".");
}

TEST(GraphqlValidateTest, UniqueFragmentNames) {
  EXPECT_EQ(Check("{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { nickname }"),
            "1:27,1:54 There can be only one fragment named \"F\".");
}

TEST(GraphqlValidateTest, KnownFragmentNames) {
  EXPECT_EQ(Check("{ dog { ...Missing } }"), "1:12 Unknown fragment \"Missing\".");
}

TEST(GraphqlValidateTest, NoUnusedFragments) {
  EXPECT_EQ(Check("{ dog { name } } fragment Unused on Dog { name }"),
            "1:18 Fragment \"Unused\" is never used.");
  EXPECT_EQ(Check("{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { name }"), "OK");
}

TEST(GraphqlValidateTest, PossibleFragmentSpreads) {
  EXPECT_EQ(Check("{ dog { ... on Pet { name } ... on CatOrDog { __typename } } }"), "OK");
  EXPECT_EQ(Check("{ dog { ... on Cat { meowVolume } } }"),
            "1:9 Fragment cannot be spread here as objects of type \"Dog\" can never be of type "
            "\"Cat\".");
  EXPECT_EQ(Check("{ dog { ...C } } fragment C on Cat { meowVolume }"),
            "1:9 Fragment \"C\" cannot be spread here as objects of type \"Dog\" can never be of "
            "type \"Cat\".");
  EXPECT_EQ(Check("{ pet { ... on HumanOrAlien { __typename } } }"),
            "1:9 Fragment cannot be spread here as objects of type \"Pet\" can never be of type "
            "\"HumanOrAlien\".");
  EXPECT_EQ(Check("{ humanOrAlien { ... on Sentient { name } } }"), "OK");
}

TEST(GraphqlValidateTest, NoFragmentCycles) {
  EXPECT_EQ(Check("{ dog { ...A } } fragment A on Dog { ...A }"),
            "1:38 Cannot spread fragment \"A\" within itself.");
  EXPECT_EQ(Check("{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...C } "
                  "fragment C on Dog { ...A }"),
            "1:38,1:65,1:92 Cannot spread fragment \"A\" within itself via \"B\", \"C\".");
  EXPECT_EQ(Check("{ dog { ...A } } fragment A on Dog { owner { pets { ... on Dog { ...A } } } }"),
            "1:66 Cannot spread fragment \"A\" within itself.");
}

TEST(GraphqlValidateTest, UniqueVariableNames) {
  EXPECT_EQ(Check("query Q($a: Int, $a: Int) { arguments { intArgField(intArg: $a) } }"),
            "1:10,1:19 There can be only one variable named \"$a\".");
}

TEST(GraphqlValidateTest, NoUndefinedVariables) {
  EXPECT_EQ(Check("query Q { arguments { intArgField(intArg: $x) } }"),
            "1:43,1:1 Variable \"$x\" is not defined by operation \"Q\".");
  EXPECT_EQ(Check("{ arguments { ...F } } fragment F on Arguments { intArgField(intArg: $x) }"),
            "1:70,1:1 Variable \"$x\" is not defined.");
}

TEST(GraphqlValidateTest, NoUnusedVariables) {
  EXPECT_EQ(Check("query Q($a: Int) { dog { name } }"),
            "1:9 Variable \"$a\" is never used in operation \"Q\".");
  EXPECT_EQ(Check("query Q($a: Int) { arguments { ...F } } fragment F on Arguments { "
                  "intArgField(intArg: $a) }"),
            "OK");
}

TEST(GraphqlValidateTest, KnownDirectives) {
  EXPECT_EQ(Check("{ dog @include(if: true) { name @skip(if: false) @onField } }"), "OK");
  EXPECT_EQ(Check("{ dog @unknown { name } }"), "1:7 Unknown directive \"@unknown\".");
  EXPECT_EQ(Check("query Q @onField { dog { name } }"),
            "1:9 Directive \"@onField\" may not be used on QUERY.");
  EXPECT_EQ(Check("query Q @deprecated { dog { name } }"),
            "1:9 Directive \"@deprecated\" may not be used on QUERY.");
}

TEST(GraphqlValidateTest, UniqueDirectivesPerLocation) {
  EXPECT_EQ(Check("{ dog @onField @onField { name } }"),
            "1:7,1:16 The directive \"@onField\" can only be used once at this location.");
  EXPECT_EQ(Check("{ dog @repeat @repeat { name } }"), "OK");
}

TEST(GraphqlValidateTest, KnownArgumentNames) {
  EXPECT_EQ(Check("{ dog { doesKnowCommand(dogCommand: SIT) } }"), "OK");
  EXPECT_EQ(Check("{ dog { doesKnowCommand(command: SIT, dogCommand: SIT) } }"),
            "1:25 Unknown argument \"command\" on field \"Dog.doesKnowCommand\". Did you mean "
            "\"dogCommand\"?");
  EXPECT_EQ(Check("{ dog @include(iff: true, if: true) { name } }"),
            "1:16 Unknown argument \"iff\" on directive \"@include\". Did you mean \"if\"?");
}

TEST(GraphqlValidateTest, UniqueArgumentNames) {
  EXPECT_EQ(Check("{ arguments { intArgField(intArg: 1, intArg: 2) } }"),
            "1:27,1:38 There can be only one argument named \"intArg\".");
}

TEST(GraphqlValidateTest, ProvidedRequiredArguments) {
  EXPECT_EQ(Check("{ arguments { optionalNonNullBooleanArgField } }"), "OK");
  EXPECT_EQ(Check("{ arguments { multipleRequirements(x: 1) } }"),
            "1:15 Field \"multipleRequirements\" argument \"y\" of type \"Int!\" is required, but "
            "it was not provided.");
  EXPECT_EQ(Check("{ dog @include { name } }"),
            "1:7 Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it "
            "was not provided.");
}

TEST(GraphqlValidateTest, ValuesOfCorrectTypeScalars) {
  EXPECT_EQ(Check("{ arguments { intArgField(intArg: 2147483647) floatArgField(floatArg: 1) "
                  "idArgField(idArg: 1) stringArgField(stringArg: \"s\") "
                  "booleanArgField(booleanArg: null) } }"),
            "OK");
  EXPECT_EQ(Check("{ arguments { intArgField(intArg: \"3\") } }"),
            "1:35 Int cannot represent non-integer value: \"3\"");
  EXPECT_EQ(Check("{ arguments { intArgField(intArg: 2147483648) } }"),
            "1:35 Int cannot represent non 32-bit signed integer value: 2147483648");
  EXPECT_EQ(Check("{ arguments { floatArgField(floatArg: true) } }"),
            "1:39 Float cannot represent non numeric value: true");
  EXPECT_EQ(Check("{ arguments { stringArgField(stringArg: 1) } }"),
            "1:41 String cannot represent a non string value: 1");
  EXPECT_EQ(Check("{ arguments { booleanArgField(booleanArg: \"true\") } }"),
            "1:43 Boolean cannot represent a non boolean value: \"true\"");
  EXPECT_EQ(Check("{ arguments { idArgField(idArg: 1.5) } }"),
            "1:33 ID cannot represent a non-string and non-integer value: 1.5");
  EXPECT_EQ(Check("{ arguments { nonNullBooleanArgField(nonNullBooleanArg: null) } }"),
            "1:57 Expected value of type \"Boolean!\", found null.");
  EXPECT_EQ(Check("{ json(value: {a: [1, \"x\", {b: null}]}) }"), "OK");
}

TEST(GraphqlValidateTest, ValuesOfCorrectTypeEnumsListsObjects) {
  EXPECT_EQ(Check("{ dog { doesKnowCommand(dogCommand: \"SIT\") } }"),
            "1:37 Enum \"DogCommand\" cannot represent non-enum value: \"SIT\". Did you mean the "
            "enum value \"SIT\"?");
  EXPECT_EQ(Check("{ dog { doesKnowCommand(dogCommand: JUMP) } }"),
            "1:37 Value \"JUMP\" does not exist in \"DogCommand\" enum.");
  EXPECT_EQ(Check("{ dog { doesKnowCommand(dogCommand: sit) } }"),
            "1:37 Value \"sit\" does not exist in \"DogCommand\" enum. Did you mean the enum value "
            "\"SIT\"?");
  EXPECT_EQ(Check("{ arguments { booleanListArgField(booleanListArg: [true, null, false]) } }"),
            "OK");
  EXPECT_EQ(Check("{ arguments { booleanListArgField(booleanListArg: true) } }"), "OK");
  EXPECT_EQ(Check("{ arguments { booleanListArgField(booleanListArg: [true, 1]) } }"),
            "1:58 Boolean cannot represent a non boolean value: 1");
  EXPECT_EQ(Check("{ strict(input: {name: \"x\", tags: [\"a\"]}) }"), "OK");
  EXPECT_EQ(Check("{ strict(input: {age: 3}) }"),
            "1:17 Field \"StrictInput.name\" of required type \"String!\" was not provided.");
  EXPECT_EQ(Check("{ strict(input: {name: \"x\", nam: \"y\"}) }"),
            "1:29 Field \"nam\" is not defined by type \"StrictInput\". Did you mean \"name\"?");
  EXPECT_EQ(Check("{ strict(input: 1) }"),
            "1:17 Expected value of type \"StrictInput!\", found 1.");
  EXPECT_EQ(Check("{ strict(input: {name: \"x\", tags: [null]}) }"),
            "1:36 Expected value of type \"String!\", found null.");
}

TEST(GraphqlValidateTest, UniqueInputFieldNames) {
  EXPECT_EQ(Check("{ strict(input: {name: \"x\", name: \"y\"}) }"),
            "1:18,1:29 There can be only one input field named \"name\".");
  EXPECT_EQ(Check("{ json(value: {a: 1, a: 2}) }"),
            "1:16,1:22 There can be only one input field named \"a\".");
}

TEST(GraphqlValidateTest, VariablesInAllowedPosition) {
  EXPECT_EQ(Check("query Q($b: Boolean = true) { arguments { nonNullBooleanArgField("
                  "nonNullBooleanArg: $b) } }"),
            "OK");
  EXPECT_EQ(Check("query Q($b: Boolean) { arguments { optionalNonNullBooleanArgField("
                  "optionalBooleanArg: $b) } }"),
            "OK");
  EXPECT_EQ(Check("query Q($b: Boolean) { arguments { nonNullBooleanArgField("
                  "nonNullBooleanArg: $b) } }"),
            "1:9,1:78 Variable \"$b\" of type \"Boolean\" used in position expecting type "
            "\"Boolean!\".");
  EXPECT_EQ(Check("query Q($i: Int) { arguments { booleanArgField(booleanArg: $i) } }"),
            "1:9,1:60 Variable \"$i\" of type \"Int\" used in position expecting type "
            "\"Boolean\".");
  EXPECT_EQ(Check("query Q($l: [Boolean]) { arguments { booleanArgField(booleanArg: $l) } }"),
            "1:9,1:66 Variable \"$l\" of type \"[Boolean]\" used in position expecting type "
            "\"Boolean\".");
  EXPECT_EQ(Check("query Q($b: Boolean!) { arguments { booleanListArgField(booleanListArg: "
                  "[$b]) } }"),
            "OK");
  EXPECT_EQ(Check("query Q($s: String) { strict(input: {name: $s}) }"),
            "1:9,1:44 Variable \"$s\" of type \"String\" used in position expecting type "
            "\"String!\".");
}

TEST(GraphqlValidateTest, OverlappingFieldsCanBeMerged) {
  EXPECT_EQ(Check("{ dog { name name otherName: name } }"), "OK");
  EXPECT_EQ(Check("{ dog { name: nickname name } }"),
            "1:9,1:24 Fields \"name\" conflict because \"nickname\" and \"name\" are different "
            "fields. Use different aliases on the fields to fetch both if this was intentional.");
  EXPECT_EQ(Check("{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }"),
            "1:9,1:42 Fields \"doesKnowCommand\" conflict because they have differing arguments. "
            "Use different aliases on the fields to fetch both if this was intentional.");
  EXPECT_EQ(Check("{ pet { ... on Dog { v: barkVolume } ... on Cat { v: meowVolume } } }"), "OK");
  EXPECT_EQ(Check("{ pet { ... on Dog { name: nickname } ... on Cat { name } } }"),
            "1:22,1:52 Fields \"name\" conflict because they return conflicting types "
            "\"String\" and \"String!\". Use different aliases on the fields to fetch both if "
            "this was intentional.");
  EXPECT_EQ(Check("{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: nickname } } }"),
            "1:27,1:56 Fields \"x\" conflict because they return conflicting types \"Int\" and "
            "\"String\". Use different aliases on the fields to fetch both if this was "
            "intentional.");
  EXPECT_EQ(Check("{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: "
                  "nickname }"),
            "1:43,1:73 Fields \"x\" conflict because \"name\" and \"nickname\" are different "
            "fields. Use different aliases on the fields to fetch both if this was intentional.");
  EXPECT_EQ(Check("{ dog { owner { name } owner { n: name } } }"), "OK");
  EXPECT_EQ(Check("{ dog { owner { x: name } owner { x: pets { name } } } }"),
            "1:9,1:27,1:17,1:35 Fields \"owner\" conflict because subfields \"x\" conflict "
            "because \"name\" and \"pets\" are different fields. Use different aliases on the "
            "fields to fetch both if this was intentional.");
}

// graphql-js 16's getIntrospectionQuery() (default options), as GraphiQL and
// Amplify codegen send it: valid, and within the default cost limits.
constexpr const char* kIntrospectionQuery = R"(
    query IntrospectionQuery {
      __schema {
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives { name description locations args { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description
      fields(includeDeprecated: true) {
        name description args { ...InputValue } type { ...TypeRef }
        isDeprecated deprecationReason
      }
      inputFields { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue {
      name description type { ...TypeRef } defaultValue
    }
    fragment TypeRef on __Type {
      kind name
      ofType { kind name ofType { kind name ofType { kind name ofType { kind name
        ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
    })";

TEST(GraphqlValidateTest, IntrospectionQueryIsValidWithinDefaultLimits) {
  EXPECT_EQ(Check(kIntrospectionQuery), "OK");
}

TEST(GraphqlValidateTest, ErrorCapAbortsValidation) {
  ValidationOptions options;
  options.max_errors = 2;
  EXPECT_EQ(Check("{ dog { a b c d } }", options),
            "1:9 Cannot query field \"a\" on type \"Dog\".\n"
            "1:11 Cannot query field \"b\" on type \"Dog\".\n"
            " Too many validation errors, error limit reached. Validation aborted.");
}

}  // namespace
}  // namespace gloss::graphql
