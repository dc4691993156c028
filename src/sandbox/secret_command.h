// `gloss sandbox secret set|get|list|remove`: the command line of the secret
// store (functions/secret_store.h) on STATE/secrets/.
//
// It does not take the sandbox lock: a running sandbox and this command share
// the store through its own flock, and the sandbox reads the store afresh at
// every worker start.
//
// Thread safety: runs on the main thread; uses the process's stdin, stdout
// and stderr.

#pragma once

#include <filesystem>
#include <string>

namespace gloss::sandbox {

enum class SecretAction { kSet, kGet, kList, kRemove };

struct SecretCommand {
  SecretAction action = SecretAction::kList;
  std::string name;                 // Empty for kList.
  std::filesystem::path app_dir;    // Must exist for kSet when state_dir is APP/.gloss.
  std::filesystem::path state_dir;  // STATE; the store is STATE/secrets.
  bool state_dir_given = false;     // --state was passed.
};

// Runs `command`: kSet reads the value from stdin (all of it minus one
// trailing newline; one line without echo from a terminal), kGet prints the
// value and a newline, kList prints the names one per line. Errors go to
// stderr as one line "gloss: ...", never holding a value.
// Returns the exit code: 0 success, 1 runtime failure (including no such
// secret), 2 bad input (name, value size).
int RunSecretCommand(const SecretCommand& command);

}  // namespace gloss::sandbox
