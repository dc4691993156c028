#include "config/internal/name_resolution.h"

#include <optional>
#include <utility>
#include <vector>

#include "config/internal/naming_rules.h"

namespace gloss::config {
namespace {

struct KindRules {
  ResourceKind kind;
  std::string_view name_key;  // The field that overrides the key.
  std::string_view noun;      // "bucket name" in messages.
  std::optional<std::string> (*check)(std::string_view);
};

constexpr KindRules kStorageRules{ResourceKind::kStorage, "name", "bucket name", &CheckBucketName};
constexpr KindRules kQueueRules{ResourceKind::kQueues, "queueName", "queue name", &CheckQueueName};
constexpr KindRules kFunctionRules{ResourceKind::kFunctions, "name", "function name",
                                   &CheckFunctionName};

using NameId = std::pair<ResourceKind, std::string>;  // Kind and key.

struct NameSource {
  const KindRules* rules = nullptr;
  std::string text;
  const toml::node* node = nullptr;  // The name field; null when the name is the key.
  SourceLocation where;              // Of the name field, else of the table.
  std::string field_path;            // "queues.a.queueName", or "queues.a" for a key.
  std::vector<TemplatePiece> pieces;
};

std::string IdText(const NameId& id) {
  return JoinPath(JoinPath(ResourceKindName(id.first), id.second), "name");
}

class NameResolver {
 public:
  explicit NameResolver(LoadContext& context) : context_(context) {}

  void AddKind(const KindRules& rules, const std::map<std::string, const toml::table*>& tables) {
    for (const auto& [key, table] : tables) {
      NameSource source;
      source.rules = &rules;
      const std::string table_path = JoinPath(ResourceKindName(rules.kind), key);
      const toml::node* node = table->get(rules.name_key);
      if (node == nullptr) {
        source.text = key;
        source.where = context_.diagnostics.Where(*table);
        source.field_path = table_path;
      } else if (const auto* text = node->as_string()) {
        source.text = text->get();
        source.node = node;
        source.where = context_.diagnostics.Where(*node);
        source.field_path = JoinPath(table_path, rules.name_key);
      } else {
        context_.diagnostics.Add(context_.diagnostics.Where(*node),
                                 JoinPath(table_path, rules.name_key) +
                                     ": expected a string, got " +
                                     std::string(DescribeType(*node)));
        continue;
      }
      if (source.node != nullptr && !CheckReferences(source)) {
        continue;
      }
      if (source.node == nullptr) {
        source.pieces.emplace_back(source.text);
      }
      sources_.emplace(NameId(rules.kind, key), std::move(source));
    }
  }

  // Resolves every name, then checks the rules and duplicates per kind.
  void Finish() {
    for (const auto& [id, source] : sources_) {
      Resolve(id);
    }
    for (const KindRules* rules : {&kStorageRules, &kQueueRules, &kFunctionRules}) {
      std::map<std::string, std::string> first_key_by_name;
      for (const auto& [key, name] : NamesOf(rules->kind)) {
        const NameSource& source = sources_.at(NameId(rules->kind, key));
        if (auto reason = rules->check(name)) {
          Error(source, std::string(rules->noun) + " '" + name + "' " + *reason);
          continue;
        }
        const auto [first, inserted] = first_key_by_name.emplace(name, key);
        if (!inserted) {
          Error(source, std::string(rules->noun) + " '" + name + "' is already used by " +
                            JoinPath(ResourceKindName(rules->kind), first->second));
        }
      }
    }
  }

 private:
  enum class State { kVisiting, kDone, kFailed };

  std::map<std::string, std::string>& NamesOf(ResourceKind kind) {
    switch (kind) {
      case ResourceKind::kStorage: return context_.names.storage;
      case ResourceKind::kQueues: return context_.names.queues;
      case ResourceKind::kFunctions: return context_.names.functions;
    }
    return context_.names.storage;
  }

  void Error(const NameSource& source, std::string_view message) {
    context_.diagnostics.Add(source.where, source.field_path + ": " + std::string(message));
  }

  // Parses the name's template; only ${KIND.KEY.name} references to declared keys are allowed.
  bool CheckReferences(NameSource& source) {
    bool ok = true;
    for (const TemplateProblem& problem : CheckTemplate(source.text, context_.keys)) {
      context_.diagnostics.Add(context_.diagnostics.WhereInString(source.where, problem.offset),
                               source.field_path + ": " + problem.message);
      ok = false;
    }
    ParsedTemplate parsed = ParseTemplate(source.text);
    for (const TemplatePiece& piece : parsed.pieces) {
      const auto* reference = std::get_if<TemplateReference>(&piece);
      if (reference != nullptr && reference->attribute != "name") {
        context_.diagnostics.Add(
            context_.diagnostics.WhereInString(source.where, reference->offset),
            source.field_path + ": a name may only reference other names (${" +
                std::string(ResourceKindName(reference->kind)) + "." + reference->key +
                ".name}), not '" + reference->attribute + "'");
        ok = false;
      }
    }
    source.pieces = std::move(parsed.pieces);
    return ok;
  }

  // Returns the resolved name, or nullopt when it (or a name it needs) failed.
  std::optional<std::string> Resolve(const NameId& id) {
    const auto state = states_.find(id);
    if (state != states_.end()) {
      if (state->second == State::kDone) {
        return NamesOf(id.first).at(id.second);
      }
      if (state->second == State::kVisiting) {
        ReportCycle(id);
      }
      return std::nullopt;
    }
    const auto source = sources_.find(id);
    if (source == sources_.end()) {
      return std::nullopt;  // Its name field was invalid; already reported.
    }
    states_[id] = State::kVisiting;
    stack_.push_back(id);
    std::string name;
    bool ok = true;
    for (const TemplatePiece& piece : source->second.pieces) {
      if (const auto* literal = std::get_if<std::string>(&piece)) {
        name += *literal;
        continue;
      }
      const auto& reference = std::get<TemplateReference>(piece);
      const std::optional<std::string> target = Resolve(NameId(reference.kind, reference.key));
      if (!target) {
        ok = false;
        break;
      }
      name += *target;
    }
    stack_.pop_back();
    // A cycle member may have been marked failed while we were below it.
    if (states_[id] == State::kVisiting) {
      states_[id] = ok ? State::kDone : State::kFailed;
    }
    if (states_[id] != State::kDone) {
      return std::nullopt;
    }
    NamesOf(id.first)[id.second] = name;
    return name;
  }

  // `id` is on the stack: report the loop from there once, and fail its members.
  void ReportCycle(const NameId& id) {
    size_t start = 0;
    while (stack_[start] != id) {
      ++start;
    }
    std::string path;
    for (size_t stack_idx = start; stack_idx < stack_.size(); ++stack_idx) {
      path += IdText(stack_[stack_idx]) + " -> ";
      states_[stack_[stack_idx]] = State::kFailed;
    }
    path += IdText(id);
    Error(sources_.at(id), "reference cycle: " + path);
  }

  LoadContext& context_;
  std::map<NameId, NameSource> sources_;
  std::map<NameId, State> states_;
  std::vector<NameId> stack_;  // The names being resolved, outermost first.
};

}  // namespace

void ResolveNames(const std::map<std::string, const toml::table*>& storage,
                  const std::map<std::string, const toml::table*>& queues,
                  const std::map<std::string, const toml::table*>& functions,
                  LoadContext& context) {
  NameResolver resolver(context);
  resolver.AddKind(kStorageRules, storage);
  resolver.AddKind(kQueueRules, queues);
  resolver.AddKind(kFunctionRules, functions);
  resolver.Finish();
}

}  // namespace gloss::config
