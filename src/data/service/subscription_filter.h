// Evaluates a subscription filter (ModelSubscription<M>FilterInput: eq, ne,
// le, lt, ge, gt, contains, notContains, between, beginsWith, in, notIn,
// attributeExists, and/or/not) against one item in memory, as AppSync's
// enhanced subscription filtering does for each event. Comparisons are
// type-strict (a string never equals a number); a missing attribute fails
// every operator except ne, notContains, notIn and attributeExists: false.
//
// Thread safety: pure functions.

#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"

namespace gloss::data {

// Checks the shape of `filter` once, when the subscription starts.
// kInvalidArgument for unknown operators, wrong operand shapes or nesting
// deeper than 10.
Status CheckSubscriptionFilter(const nlohmann::json& filter);

// True if `item` passes `filter` (null or {} pass everything). `filter` must
// have passed CheckSubscriptionFilter.
bool MatchesSubscriptionFilter(const nlohmann::json& filter, const nlohmann::json& item);

}  // namespace gloss::data
