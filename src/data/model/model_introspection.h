// ModelIntrospection builds the `model_introspection` document of the outputs
// file (gloss_outputs.json `data.model_introspection`, amplify_outputs.json in
// Amplify): the description of the data model from which amplify-js's
// generateClient() makes client.models.<Model>.create/get/list/..., the index
// query functions, lazy-loaded relationships, owner arguments on
// subscriptions and client.queries/mutations.<operation>.
//
// It produces what Amplify Gen2 produces for the same schema: Gen2 runs
// @aws-amplify/graphql-generator's generateModels(target: 'introspection') on
// the schema SDL; tests/oracle/introspect.mjs runs it on
// src/data/testdata/transformer/*.graphql, and model_introspection_test.cc
// compares against those files.
//
// What it is not: the AppSync schema (schema_generator.h). Like Amplify's
// generator it describes the SDL, not the transformer's output: owner fields
// the transformer adds are not listed, createdAt/updatedAt are optional and
// read-only, auth rules carry the generator's defaults (identityClaim
// "cognito:username") rather than the transformer's.
//
// Where DataModel no longer knows how the SDL spelled something, the output
// follows what @aws-amplify/data-schema (Gen2's a.schema()) writes:
//  - an auth rule's provider is listed for owner, groups and public rules,
//    and for private/custom rules only when it is not userPools/function;
//  - identityClaim "sub::username" (DataModel's default) is "cognito:username";
//  - an @index's queryField is its DataModel query_field (the transformer's
//    automatic name when the SDL had none; Amplify would leave it out);
//  - a key attribute for the primary key appears only when it is not plain
//    `id` (an explicit `id: ID! @primaryKey` is not told apart).
//
// Thread safety: pure function.

#pragma once

#include <nlohmann/json.hpp>

#include "data/model/data_model.h"

namespace gloss::data {

// Returns {version: 1, models, enums, nonModels} and, when there are custom
// operations, `queries` and/or `mutations`. `data` must come from
// ExtractDataModel (custom operations' argument and return types are re-read
// from the SDL text it stores).
nlohmann::json ModelIntrospection(const DataModel& data);

}  // namespace gloss::data
