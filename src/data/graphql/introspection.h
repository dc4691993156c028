// Introspection (October 2021 spec 4.2): resolvers for the __schema and __type
// meta-fields and for the __Type fields that need the schema (fields,
// interfaces, possibleTypes, enumValues, inputFields, description,
// specifiedByURL). Other introspection fields are plain members of the JSON
// the resolvers build, which the executor reads by default. Enough for
// graphql-js buildClientSchema and GraphiQL.
//
// Thread safety: the resolvers are immutable and thread-safe.

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "data/graphql/executor.h"

namespace gloss::graphql {

// The resolver for `type`.`field` when `type` is an introspection type or the
// field is __schema/__type on the query root; null otherwise.
const FieldResolver* FindIntrospectionResolver(const Schema& schema, const TypeDefinition& type,
                                               std::string_view field);

}  // namespace gloss::graphql
