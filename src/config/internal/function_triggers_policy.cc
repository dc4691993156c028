// The `triggers` and `policy` arrays of a [functions.KEY] table.

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"

namespace gloss::config {
namespace {

// Lambda event source mapping limits for SQS.
constexpr int64_t kMaxBatchSize = 10000;
constexpr int64_t kMaxFifoBatchSize = 10;
constexpr std::chrono::seconds kMaxBatchingWindow(300);

constexpr std::array<std::string_view, 2> kEventTypes = {"ObjectCreated", "ObjectRemoved"};
constexpr std::array<std::string_view, 5> kCreatedVariants = {"*", "Put", "Post", "Copy",
                                                              "CompleteMultipartUpload"};
constexpr std::array<std::string_view, 3> kRemovedVariants = {"*", "Delete", "DeleteMarkerCreated"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// "ObjectCreated", "ObjectCreated:Put", "ObjectRemoved:*", ...
bool IsStorageEvent(std::string_view event) {
  const size_t colon = event.find(':');
  const std::string_view type = event.substr(0, colon);
  if (!Contains(kEventTypes, type)) {
    return false;
  }
  if (colon == std::string_view::npos) {
    return true;
  }
  const std::string_view variant = event.substr(colon + 1);
  return type == "ObjectCreated" ? Contains(kCreatedVariants, variant)
                                 : Contains(kRemovedVariants, variant);
}

// "*" or "service:Action" where the action may hold * and ? wildcards.
bool IsActionPattern(std::string_view action) {
  if (action == "*") {
    return true;
  }
  const size_t colon = action.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == action.size()) {
    return false;
  }
  const std::string_view service = action.substr(0, colon);
  const std::string_view name = action.substr(colon + 1);
  const bool service_ok = std::all_of(service.begin(), service.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  const bool name_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' ||
           c == '?';
  });
  return service_ok && name_ok;
}

// "*", a literal "arn:..." pattern, or one starting with an ${...arn} reference.
bool IsResourcePattern(std::string_view text) {
  const ParsedTemplate parsed = ParseTemplate(text);
  if (parsed.pieces.empty()) {
    return false;
  }
  if (const auto* literal = std::get_if<std::string>(&parsed.pieces.front())) {
    return (*literal == "*" && parsed.pieces.size() == 1) || literal->rfind("arn:", 0) == 0;
  }
  return std::get<TemplateReference>(parsed.pieces.front()).attribute == "arn";
}

std::optional<StorageTrigger> LoadStorageTrigger(const toml::table& table, std::string path,
                                                 LoadContext& context) {
  TableReader reader(table, std::move(path), {"storage", "events", "prefix", "suffix"},
                     context.diagnostics);
  const std::optional<StringItem> storage = reader.StringWithNode("storage");
  if (!storage) {
    return std::nullopt;
  }
  StorageTrigger trigger;
  trigger.storage_key = storage->value;
  if (context.keys.storage.count(storage->value) == 0) {
    reader.ErrorAt(
        "storage", *storage->node,
        "'" + storage->value + "' is not a bucket (no [storage." + storage->value + "])");
  }
  if (const auto events = reader.Strings("events")) {
    if (events->empty()) {
      reader.ErrorAt("events", *reader.Find("events"), "must list at least one event");
    }
    for (const StringItem& event : *events) {
      if (!IsStorageEvent(event.value)) {
        reader.ErrorAt("events", *event.node,
                       "unknown event '" + event.value +
                           "' (expected ObjectCreated or ObjectRemoved, optionally with :* "
                           ":Put :Post :Copy :CompleteMultipartUpload / :Delete "
                           ":DeleteMarkerCreated)");
      } else if (std::find(trigger.events.begin(), trigger.events.end(), event.value) !=
                 trigger.events.end()) {
        reader.ErrorAt("events", *event.node, "'" + event.value + "' is listed twice");
      } else {
        trigger.events.push_back(event.value);
      }
    }
  } else {
    trigger.events = {"ObjectCreated"};  // Amplify's onUpload.
  }
  trigger.prefix = reader.String("prefix").value_or("");
  trigger.suffix = reader.String("suffix").value_or("");
  return trigger;
}

std::optional<QueueTrigger> LoadQueueTrigger(const toml::table& table, std::string path,
                                             LoadContext& context) {
  TableReader reader(table, std::move(path), {"queue", "batchSize", "maximumBatchingWindow"},
                     context.diagnostics);
  const std::optional<StringItem> queue = reader.StringWithNode("queue");
  if (!queue) {
    return std::nullopt;
  }
  QueueTrigger trigger;
  trigger.queue_key = queue->value;
  const auto name = context.names.queues.find(queue->value);
  if (context.keys.queues.count(queue->value) == 0) {
    reader.ErrorAt("queue", *queue->node,
                   "'" + queue->value + "' is not a queue (no [queues." + queue->value + "])");
  }
  const bool fifo = name != context.names.queues.end() && IsFifoQueueName(name->second);
  trigger.batch_size =
      static_cast<uint32_t>(reader
                                .Integer("batchSize", 1, fifo ? kMaxFifoBatchSize : kMaxBatchSize,
                                         fifo ? "for a FIFO queue" : "")
                                .value_or(trigger.batch_size));
  trigger.max_batching_window =
      reader.Duration("maximumBatchingWindow", std::chrono::seconds(0), kMaxBatchingWindow)
          .value_or(trigger.max_batching_window);
  return trigger;
}

std::optional<PolicyStatement> LoadStatement(const toml::table& table, std::string path,
                                             LoadContext& context) {
  TableReader reader(table, std::move(path), {"effect", "actions", "resources"},
                     context.diagnostics);
  PolicyStatement statement;
  statement.where = reader.where();
  if (const std::optional<StringItem> effect = reader.StringWithNode("effect")) {
    if (effect->value == "Deny") {
      statement.effect = PolicyEffect::kDeny;
    } else if (effect->value != "Allow") {
      reader.ErrorAt("effect", *effect->node,
                     "unknown effect '" + effect->value + "' (expected Allow or Deny)");
    }
  }
  const bool has_actions = reader.Require("actions");
  const bool has_resources = reader.Require("resources");
  if (has_actions) {
    if (const auto actions = reader.Strings("actions")) {
      if (actions->empty()) {
        reader.ErrorAt("actions", *reader.Find("actions"), "must list at least one action");
      }
      for (const StringItem& action : *actions) {
        if (!IsActionPattern(action.value)) {
          reader.ErrorAt("actions", *action.node,
                         "'" + action.value + "' is not an action like \"s3:GetObject\"");
        }
        statement.actions.push_back(action.value);
      }
    }
  }
  if (has_resources) {
    if (const auto resources = reader.Strings("resources")) {
      if (resources->empty()) {
        reader.ErrorAt("resources", *reader.Find("resources"), "must list at least one resource");
      }
      for (const StringItem& resource : *resources) {
        CheckTemplateAt(context, *resource.node, reader.FieldPath("resources"), resource.value);
        if (!IsResourcePattern(resource.value)) {
          reader.ErrorAt("resources", *resource.node,
                         "'" + resource.value + "' is not \"*\" or an ARN pattern (arn:...)");
        }
        statement.resources.push_back(
            Template{resource.value, context.diagnostics.Where(*resource.node)});
      }
    }
  }
  return statement;
}

// Calls `load(table, path)` for each table of the array under `key`.
template <typename T, typename LoadFn>
std::vector<T> LoadTableArray(TableReader& function, std::string_view key, LoadFn load) {
  std::vector<T> items;
  const toml::array* array = function.Array(key);
  if (array == nullptr) {
    return items;
  }
  for (size_t item_idx = 0; item_idx < array->size(); ++item_idx) {
    const toml::node& element = *array->get(item_idx);
    const std::string path = function.FieldPath(key) + "[" + std::to_string(item_idx) + "]";
    if (!element.is_table()) {
      function.diagnostics().Add(
          function.diagnostics().Where(element),
          path + ": expected a table, got " + std::string(DescribeType(element)));
      continue;
    }
    if (std::optional<T> item = load(*element.as_table(), path)) {
      items.push_back(std::move(*item));
    }
  }
  return items;
}

}  // namespace

std::vector<FunctionTrigger> LoadTriggers(TableReader& function, LoadContext& context) {
  return LoadTableArray<FunctionTrigger>(
      function, "triggers",
      [&](const toml::table& table, const std::string& path) -> std::optional<FunctionTrigger> {
        const bool storage = table.contains("storage");
        const bool queue = table.contains("queue");
        if (storage == queue) {
          context.diagnostics.Add(context.diagnostics.Where(table),
                                  path + ": a trigger needs exactly one of 'storage' or 'queue'");
          return std::nullopt;
        }
        if (storage) {
          return LoadStorageTrigger(table, path, context);
        }
        return LoadQueueTrigger(table, path, context);
      });
}

std::vector<PolicyStatement> LoadPolicy(TableReader& function, LoadContext& context) {
  return LoadTableArray<PolicyStatement>(function, "policy",
                                         [&](const toml::table& table, const std::string& path) {
                                           return LoadStatement(table, path, context);
                                         });
}

}  // namespace gloss::config
