// Outputs render a BackendSpec as the client configuration file Amplify
// calls amplify_outputs.json (schema version 1.4), which the sandbox writes
// as APP/gloss_outputs.json so Amplify client libraries can connect.
//
// RenderOutputs covers what backend.toml decides; the services that create
// identifiers at run time (user pool id, client id, API key, model
// introspection) add their fields to the JSON before it is written.
//
// Thread safety: pure functions; WriteOutputsFile writes one file.

#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "config/references.h"
#include "core/backend_spec.h"
#include "core/status.h"

namespace gloss::config {

inline constexpr std::string_view kOutputsVersion = "1.4";

// Returns {version, auth?, data?, storage?, custom}: `auth` when [auth] is
// defined, `data` when [data] is, `storage` when there is a bucket; `custom`
// is always present (resolved [outputs.custom], `{}` when absent).
nlohmann::json RenderOutputs(const BackendSpec& spec, const Endpoint& endpoint);

// Writes `outputs` to `path` atomically: a temporary file in the same folder,
// fsynced, mode 0644, renamed over `path`. Two-space indentation and a
// trailing newline. Errors: Unavailable when any step fails (no temporary
// file is left behind).
Status WriteOutputsFile(const std::filesystem::path& path, const nlohmann::json& outputs);

}  // namespace gloss::config
