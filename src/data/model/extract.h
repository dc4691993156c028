// ExtractDataModel reads an Amplify data schema (GraphQL SDL with the
// transformer v2 directives @model, @primaryKey, @index, @default, @hasMany,
// @hasOne, @belongsTo, @auth, @function) into a DataModel, checking what the
// transformer checks: known types, directive arguments, relationship
// references, key fields that exist and are scalar or enum.
//
// It also adds what the transformer adds: `id: ID!` when there is no custom
// primary key, `createdAt`/`updatedAt: AWSDateTime!` unless declared, and the
// owner field (`owner: String`) of each owner rule.
//
// Errors: kInvalidArgument, one "LINE:COL: message" line per problem (up to
// 20), syntax errors as the parser reports them.
//
// Thread safety: pure function.

#pragma once

#include <string>

#include "core/result.h"
#include "data/model/data_model.h"

namespace gloss::data {

Result<DataModel> ExtractDataModel(std::string sdl);

}  // namespace gloss::data
