// GenerateSchema prints the AppSync schema that Amplify's GraphQL transformer
// (Gen2 settings: user pools by default, API key and IAM as additional modes)
// generates for a DataModel: the model types with relationship fields as
// connections, Model<M>Connection, get/list/index queries, create/update/
// delete mutations with their Create/Update/Delete inputs and condition
// inputs, onCreate/onUpdate/onDelete subscriptions with subscription filters
// and owner arguments, the shared Model*Input filter types, key condition
// inputs, the custom operations, and the @aws_* auth directives AppSync reads.
// src/data/testdata/transformer/ holds the transformer's own output for a
// set of schemas; schema_generator_test.cc compares against it.
//
// The output is SDL text that declares what it uses (AppSync scalars and
// directives) when `declare_appsync_builtins` is set, so gloss's own schema
// builder can load it; the transformer's printout omits those declarations.
//
// Thread safety: pure function.

#pragma once

#include <string>

#include "data/model/data_model.h"

namespace gloss::data {

struct GeneratorOptions {
  bool declare_appsync_builtins = true;
};

std::string GenerateSchema(const DataModel& model, const GeneratorOptions& options = {});

}  // namespace gloss::data
