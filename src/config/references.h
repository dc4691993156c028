// References are the ${kind.key.attribute} placeholders that Templates in
// backend.toml may hold (environment values, policy resources, custom
// outputs, resource names):
//
//   storage.KEY.{name,arn}   queues.KEY.{name,url,arn}   functions.KEY.{name,arn}
//
// `$$` is a literal `$`; a `$` not followed by `{` or `$` is literal too.
// This header parses and checks templates (config/ does it at load time, with
// positions) and resolves them against a loaded BackendSpec and the endpoint
// the sandbox serves on. It also defines the ARNs and URLs gloss gives
// resources, all in account kAccountId (core/backend_spec.h).
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/backend_spec.h"

namespace gloss::config {

// Where clients reach gloss, e.g. {"http://127.0.0.1:4000"}; no trailing slash.
struct Endpoint {
  std::string base_url;
};

enum class ResourceKind { kStorage, kQueues, kFunctions };

// "storage", "queues", "functions": the spelling used in references.
std::string_view ResourceKindName(ResourceKind kind);

// One ${kind.key.attribute}. The key may itself contain dots: the kind is
// the first segment and the attribute the last.
struct TemplateReference {
  ResourceKind kind = ResourceKind::kStorage;
  std::string key;
  std::string attribute;
  size_t offset = 0;  // Byte offset of the `$` in the template text.
};

// A template is a sequence of literal text and references.
using TemplatePiece = std::variant<std::string, TemplateReference>;

// Something wrong in a template, at byte `offset` of its text (the `$` of the
// offending `${`).
struct TemplateProblem {
  size_t offset = 0;
  std::string message;
};

struct ParsedTemplate {
  std::vector<TemplatePiece> pieces;      // Only the valid references.
  std::vector<TemplateProblem> problems;  // Syntax, unknown kind or attribute.
};

// Parses `text`, continuing after bad references so every problem is found.
ParsedTemplate ParseTemplate(std::string_view text);

// The keys declared in backend.toml, by kind: what references may name.
struct ResourceKeys {
  std::set<std::string> storage;
  std::set<std::string> queues;
  std::set<std::string> functions;

  const std::set<std::string>& Of(ResourceKind kind) const;
};

// Returns every problem in `text`: those of ParseTemplate plus references to
// keys that `keys` does not hold. Empty means `text` is a valid template.
std::vector<TemplateProblem> CheckTemplate(std::string_view text, const ResourceKeys& keys);

// Returns the text of `tmpl` with every reference replaced by its value.
// Cannot fail for a spec from LoadBackend/ParseBackend, which checked every
// Template. In a hand-built spec, a reference that names no resource is kept
// verbatim and a malformed one is dropped.
std::string ResolveTemplate(const BackendSpec& spec, const Template& tmpl,
                            const Endpoint& endpoint);

std::string BucketArn(std::string_view bucket_name);
std::string QueueArn(std::string_view region, std::string_view queue_name);
std::string QueueUrl(const Endpoint& endpoint, std::string_view queue_name);
std::string FunctionArn(std::string_view region, std::string_view function_name);

}  // namespace gloss::config
