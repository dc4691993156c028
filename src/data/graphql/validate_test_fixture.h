// Test fixture for the schema and validation tests: the spec's section 5
// example schema (testdata/validation-schema.graphql) and a compact
// rendering of validation errors.
//
// Thread safety: test-only; the cached schema is immutable.

#pragma once

#include <string>

#include "data/graphql/schema.h"
#include "data/graphql/validate.h"

namespace gloss::graphql::testing {

// The contents of src/data/graphql/testdata/<name>.
std::string ReadTestdata(const std::string& name);

// The spec's dog/cat/pet schema, built once.
const Schema& SpecSchema();

// "OK" if valid, "SYNTAX: ..." if it does not parse, else one line per
// error: "LINE:COL[,LINE:COL...] message".
std::string Check(const std::string& query, const ValidationOptions& options = {},
                  const Schema& schema = SpecSchema());

}  // namespace gloss::graphql::testing
