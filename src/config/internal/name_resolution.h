// Resource names — a bucket's `name`, a queue's `queueName`, a function's
// `name` — default to their table key and may hold ${KIND.KEY.name}
// references to other names ("${queues.evaluation.name}-dlq"). This resolves
// them all before the sections are loaded (a queue's FIFO-ness depends on its
// resolved name), reports reference cycles with their path, and checks each
// resolved name against its kind's naming rule and for duplicates.
//
// Internal to config/. Thread safety: none.

#pragma once

#include <map>
#include <string>

#include <toml++/toml.h>

#include "config/internal/sections.h"

namespace gloss::config {

// Fills `context.names`; records problems in `context.diagnostics`. The name
// fields are read only here: section loaders take names from `context.names`.
void ResolveNames(const std::map<std::string, const toml::table*>& storage,
                  const std::map<std::string, const toml::table*>& queues,
                  const std::map<std::string, const toml::table*>& functions, LoadContext& context);

}  // namespace gloss::config
