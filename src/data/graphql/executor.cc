#include "data/graphql/executor.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>

#include "data/graphql/input_coercion.h"
#include "data/graphql/introspection.h"
#include "data/graphql/raw_json.h"
#include "data/graphql/response_node.h"

namespace gloss::graphql {
namespace {

// Marks a TypedResolverError's message: MARK type MARK message. (The unit
// separator does not occur in messages people write.)
constexpr char kTypedErrorMark = '\x1f';

// The errorType and message of a TypedResolverError, or nullopt.
std::optional<std::pair<std::string_view, std::string_view>> SplitTypedError(const Status& status) {
  const std::string_view message = status.message();
  if (status.code() != StatusCode::kFailedPrecondition || message.empty() ||
      message.front() != kTypedErrorMark) {
    return std::nullopt;
  }
  const size_t end = message.find(kTypedErrorMark, 1);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  return std::pair(message.substr(1, end - 1), message.substr(end + 1));
}

using ordered_json = nlohmann::ordered_json;
using Json = nlohmann::json;

// A response path as a linked list from the leaf: cheap to extend per item.
struct PathNode {
  const PathNode* parent = nullptr;
  std::string_view key;  // Empty for list indices.
  size_t index = 0;
};

ordered_json PathJson(const PathNode* node) {
  std::vector<const PathNode*> nodes;
  for (; node != nullptr; node = node->parent) {
    nodes.push_back(node);
  }
  ordered_json path = ordered_json::array();
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    if ((*it)->key.empty()) {
      path.push_back((*it)->index);
    } else {
      path.push_back(std::string((*it)->key));
    }
  }
  return path;
}

// The fields selected under one response key, in document order.
struct CollectedField {
  std::string_view response_key;
  std::vector<const Field*> nodes;
};

// A value to complete: null, a DOM value, or a member of a raw object (its
// text). DOM values are borrowed from resolver results or their parents,
// which the Execution keeps until the response is written.
struct Resolved {
  const Json* dom = nullptr;
  const RawObject::Member* member = nullptr;

  bool is_null() const {
    if (member != nullptr) {
      return member->kind == RawKind::kNull;
    }
    return dom == nullptr || dom->is_null();
  }
};

// An object whose fields are executed: a DOM object, or a raw object whose
// DOM is parsed only if a resolver asks for it as its parent.
struct ObjectRef {
  const Json* dom = nullptr;
  const RawObject* raw = nullptr;
};

std::string Dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

class Execution {
 public:
  Execution(const ExecutionRequest& request, Json variables)
      : request_(request), schema_(*request.schema), variables_(std::move(variables)) {}

  std::string Run(const OperationDefinition& operation) {
    const TypeDefinition* root = schema_.RootType(operation.operation);
    if (root == nullptr) {
      return RequestError("Schema is not configured for " +
                          std::string(OperationTypeName(operation.operation)) + "s.");
    }
    std::vector<CollectedField> fields;
    std::unordered_set<std::string_view> visited;
    CollectFields(*root, operation.selection_set, fields, visited);
    ResponseNode data;
    ObjectRef parents[] = {{&root_value_, nullptr}};
    ResponseNode* outputs[] = {&data};
    const PathNode* paths[] = {nullptr};
    std::vector<char> failed(1, 0);
    ExecuteFields(*root, fields, parents, outputs, paths, failed,
                  operation.operation == OperationType::kSubscription);
    std::string response = "{\"data\":";
    if (failed[0] != 0) {
      response += "null";
    } else {
      AppendJson(data, response);
    }
    if (!errors_.empty()) {
      response += ",\"errors\":";
      response += Dump(errors_);
    }
    response += '}';
    return response;
  }

  static std::string RequestError(const std::string& message) {
    return Dump({{"errors", ordered_json::array({{{"message", message}}})}});
  }

 private:
  void CollectFields(const TypeDefinition& type, const SelectionSet& set,
                     std::vector<CollectedField>& out,
                     std::unordered_set<std::string_view>& visited) {
    for (const Selection& selection : set.selections) {
      if (const auto* field = std::get_if<Field>(&selection.node)) {
        if (!Included(field->directives)) {
          continue;
        }
        const std::string_view key = field->response_key();
        auto existing = std::find_if(out.begin(), out.end(), [&](const CollectedField& collected) {
          return collected.response_key == key;
        });
        if (existing == out.end()) {
          out.push_back({key, {field}});
        } else {
          existing->nodes.push_back(field);
        }
      } else if (const auto* spread = std::get_if<FragmentSpread>(&selection.node)) {
        if (!Included(spread->directives) || !visited.insert(spread->name).second) {
          continue;
        }
        const FragmentDefinition* fragment = FindFragment(spread->name);
        if (fragment != nullptr && Applies(fragment->type_condition, type)) {
          CollectFields(type, fragment->selection_set, out, visited);
        }
      } else if (const auto* inline_fragment = std::get_if<InlineFragment>(&selection.node)) {
        if (!Included(inline_fragment->directives)) {
          continue;
        }
        if (inline_fragment->type_condition.empty() ||
            Applies(inline_fragment->type_condition, type)) {
          CollectFields(type, inline_fragment->selection_set, out, visited);
        }
      }
    }
  }

  bool Included(const std::vector<Directive>& directives) const {
    for (const Directive& directive : directives) {
      if (directive.name == "skip" && DirectiveCondition(directive, variables_)) {
        return false;
      }
      if (directive.name == "include" && !DirectiveCondition(directive, variables_)) {
        return false;
      }
    }
    return true;
  }

  bool Applies(std::string_view condition, const TypeDefinition& type) const {
    if (condition == type.name) {
      return true;
    }
    const TypeDefinition* abstract = schema_.FindType(condition);
    return abstract != nullptr && schema_.IsPossibleType(*abstract, type);
  }

  const FragmentDefinition* FindFragment(std::string_view name) const {
    for (const Definition& definition : request_.document->definitions()) {
      const auto* fragment = std::get_if<FragmentDefinition>(&definition.node);
      if (fragment != nullptr && fragment->name == name) {
        return fragment;
      }
    }
    return nullptr;
  }

  void AddError(std::string message, const Field& field, const PathNode* path,
                std::string_view error_type) {
    ordered_json error = ordered_json::object();
    error["path"] = PathJson(path);
    error["data"] = nullptr;
    error["errorType"] = error_type.empty() ? ordered_json(nullptr) : ordered_json(error_type);
    error["errorInfo"] = nullptr;
    error["locations"] = ordered_json::array(
        {{{"line", field.loc.line}, {"column", field.loc.column}, {"sourceName", nullptr}}});
    error["message"] = std::move(message);
    errors_.push_back(std::move(error));
  }

  // Keeps `value` until the response is written; returns its address.
  const Json* Keep(Json value) {
    owned_.push_back(std::move(value));
    return &owned_.back();
  }

  // `value` as a DOM: a raw member's text is parsed (RawObject::Scan checked it).
  const Json* Dom(const Resolved& value) {
    if (value.member == nullptr) {
      return value.dom;
    }
    return Keep(Json::parse(value.member->value, nullptr, /*allow_exceptions=*/false));
  }

  // The DOM of `object`, parsed from the raw text the first time it is needed.
  const Json* Dom(ObjectRef& object) {
    if (object.dom == nullptr) {
      object.dom = Keep(Json::parse(object.raw->text(), nullptr, /*allow_exceptions=*/false));
    }
    return object.dom;
  }

  // The object `value` (not null) refers to, scanning raw text when it is a
  // raw object; a DOM that may not be an object otherwise.
  ObjectRef Object(const Resolved& value) {
    std::optional<std::string_view> text;
    if (value.member != nullptr) {
      if (value.member->kind == RawKind::kObject) {
        text = value.member->value;
      }
    } else {
      text = RawObjectText(*value.dom);
    }
    if (!text.has_value()) {
      return ObjectRef{Dom(value), nullptr};
    }
    if (std::optional<RawObject> raw = RawObject::Scan(*text)) {
      raw_objects_.push_back(*std::move(raw));
      return ObjectRef{nullptr, &raw_objects_.back()};
    }
    return ObjectRef{Keep(Json::parse(*text, nullptr, /*allow_exceptions=*/false)), nullptr};
  }

  // The coerced arguments of `node`, kept until the response is written.
  Result<const Json*> Arguments(const FieldDefinition& definition, const Field& node) {
    if (definition.arguments.empty() && node.arguments.empty()) {
      return &no_arguments_;
    }
    ASSIGN_OR_RETURN(Json arguments, CoerceArguments(schema_, definition, node.arguments,
                                                     variables_, request_.coerce_scalar));
    return Keep(std::move(arguments));
  }

  // Executes `fields` on objects of `type`, one per parent, making each of
  // `outputs` an object. failed[i] is set when a non-null field of parent i
  // became null, so the parent itself must be null.
  void ExecuteFields(const TypeDefinition& type, const std::vector<CollectedField>& fields,
                     std::span<ObjectRef> parents, std::span<ResponseNode* const> outputs,
                     std::span<const PathNode* const> paths, std::vector<char>& failed,
                     bool subscription_root = false) {
    // Every key first, so the slots below stay put while children are filled.
    for (ResponseNode* output : outputs) {
      output->kind = ResponseNode::Kind::kObject;
      output->children.reserve(fields.size());
      for (const CollectedField& field : fields) {
        output->children.push_back({field.response_key, ResponseNode{}});
      }
    }
    for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
      const CollectedField& collected = fields[field_idx];
      const Field& node = *collected.nodes.front();
      std::vector<ResponseNode*> slots;
      slots.reserve(outputs.size());
      for (ResponseNode* output : outputs) {
        slots.push_back(&output->children[field_idx].value);
      }
      if (node.name == "__typename") {
        for (ResponseNode* slot : slots) {
          slot->kind = ResponseNode::Kind::kName;
          slot->text = type.name;
        }
        continue;
      }
      const FieldDefinition* definition = schema_.FindField(type, node.name);
      if (definition == nullptr) {
        continue;  // Validation rejects this; skip rather than crash.
      }
      path_store_.emplace_back();  // Child paths for this field.
      std::deque<PathNode>& child_paths = path_store_.back();
      for (const PathNode* path : paths) {
        child_paths.push_back(PathNode{path, collected.response_key, 0});
      }
      std::vector<const PathNode*> child_path_ptrs;
      child_path_ptrs.reserve(child_paths.size());
      for (const PathNode& path : child_paths) {
        child_path_ptrs.push_back(&path);
      }

      std::vector<Resolved> values(parents.size());
      std::vector<char> errored(parents.size(), 0);
      Result<const Json*> arguments = Arguments(*definition, node);
      if (!arguments.ok()) {
        for (size_t i = 0; i < parents.size(); ++i) {
          AddError(std::string(arguments.status().message()), node, child_path_ptrs[i], "");
          errored[i] = 1;
        }
      } else if (subscription_root && request_.root_field_value != nullptr) {
        for (Resolved& value : values) {
          value.dom = request_.root_field_value;
        }
      } else {
        Resolve(type, *definition, node, **arguments, parents, child_path_ptrs, values, errored);
      }
      std::vector<char> child_failed(parents.size(), 0);
      Complete(Whole(definition->type), type, collected.nodes, values, errored, slots,
               child_path_ptrs, child_failed);
      for (size_t i = 0; i < parents.size(); ++i) {
        failed[i] = failed[i] != 0 || child_failed[i] != 0 ? 1 : 0;
      }
    }
  }

  void Resolve(const TypeDefinition& type, const FieldDefinition& definition, const Field& node,
               const Json& arguments, std::span<ObjectRef> parents,
               const std::vector<const PathNode*>& paths, std::vector<Resolved>& values,
               std::vector<char>& errored) {
    const FieldResolver* resolver = FindIntrospectionResolver(schema_, type, node.name);
    if (resolver == nullptr && request_.resolvers != nullptr) {
      resolver = request_.resolvers->Find(type.name, node.name);
    }
    if (resolver == nullptr) {
      const std::string name(node.name);
      for (size_t i = 0; i < parents.size(); ++i) {
        const ObjectRef& parent = parents[i];
        if (parent.raw != nullptr) {
          values[i].member = parent.raw->Find(name);
        } else if (parent.dom != nullptr && parent.dom->is_object()) {
          const auto found = parent.dom->find(name);
          if (found != parent.dom->end()) {
            values[i].dom = &*found;
          }
        }
      }
      return;
    }
    std::vector<const Json*> dom_parents;
    dom_parents.reserve(parents.size());
    for (ObjectRef& parent : parents) {
      dom_parents.push_back(Dom(parent));
    }
    const FieldContext context{schema_, type, definition, node, arguments, request_.scope};
    std::vector<Result<Json>> results = (*resolver)(context, dom_parents);
    for (size_t i = 0; i < parents.size(); ++i) {
      if (i >= results.size()) {
        AddError("resolver returned too few results", node, paths[i], "InternalFailure");
        errored[i] = 1;
      } else if (!results[i].ok()) {
        const Status& status = results[i].status();
        if (const std::optional<std::pair<std::string_view, std::string_view>> typed =
                SplitTypedError(status)) {
          AddError(std::string(typed->second), node, paths[i], typed->first);
        } else {
          AddError(status.code() == StatusCode::kInternal ? "Internal failure"
                                                          : std::string(status.message()),
                   node, paths[i], AppSyncErrorType(status));
        }
        errored[i] = 1;
      } else {
        values[i].dom = Keep(*std::move(results[i]));
      }
    }
  }

  // Completes resolved `values` for a position of `type` into `slots`.
  // failed[i]: the slot of a non-null position became null because of an
  // error, so the enclosing position must become null too. A nullable
  // position absorbs the null.
  void Complete(TypeView type, const TypeDefinition& parent_type,
                const std::vector<const Field*>& nodes, std::span<const Resolved> values,
                const std::vector<char>& errored, std::span<ResponseNode* const> slots,
                std::span<const PathNode* const> paths, std::vector<char>& failed) {
    if (!type.non_null()) {
      CompleteInner(type, parent_type, nodes, values, errored, slots, paths, failed);
      std::fill(failed.begin(), failed.end(), 0);
      return;
    }
    std::vector<char> inner_failed(values.size(), 0);
    CompleteInner(type.Inner(), parent_type, nodes, values, errored, slots, paths, inner_failed);
    for (size_t i = 0; i < values.size(); ++i) {
      if (slots[i]->kind == ResponseNode::Kind::kNull) {
        if (inner_failed[i] == 0 && errored[i] == 0) {
          AddError("Cannot return null for non-nullable type: '" + type.ToString() +
                       "' within parent '" + std::string(parent_type.name) + "'",
                   *nodes.front(), paths[i], "");
        }
        failed[i] = 1;
      }
    }
  }

  static void SetNull(ResponseNode& slot) {
    slot.kind = ResponseNode::Kind::kNull;
    slot.children.clear();
  }

  // Complete without the nullability of the outermost position: failed[i]
  // reports an error-made null.
  void CompleteInner(TypeView type, const TypeDefinition& parent_type,
                     const std::vector<const Field*>& nodes, std::span<const Resolved> values,
                     const std::vector<char>& errored, std::span<ResponseNode* const> slots,
                     std::span<const PathNode* const> paths, std::vector<char>& failed) {
    if (type.list()) {
      CompleteList(type, parent_type, nodes, values, errored, slots, paths, failed);
      return;
    }
    const TypeDefinition* named = schema_.FindType(type.name());
    if (named == nullptr) {
      return;
    }
    if (named->kind == TypeKind::kScalar || named->kind == TypeKind::kEnum) {
      for (size_t i = 0; i < values.size(); ++i) {
        if (values[i].is_null()) {
          SetNull(*slots[i]);
          failed[i] = errored[i];
          continue;
        }
        if (Status leaf = CompleteLeaf(*named, values[i], *slots[i]); !leaf.ok()) {
          AddError(std::string(leaf.message()), *nodes.front(), paths[i], "");
          SetNull(*slots[i]);
          failed[i] = 1;
        }
      }
      return;
    }
    CompleteObjects(*named, nodes, values, errored, slots, paths, failed);
  }

  // A leaf value (not null) of `type` into `slot`: a raw member's text as it
  // is when that is what serializing its value gives, else the serialized DOM.
  Status CompleteLeaf(const TypeDefinition& type, const Resolved& value, ResponseNode& slot) {
    if (value.member != nullptr && Verbatim(type, *value.member)) {
      slot.kind = ResponseNode::Kind::kRawJson;
      slot.text = value.member->value;
      return Status::Ok();
    }
    const Json* dom = Dom(value);
    ASSIGN_OR_RETURN(std::optional<Json> serialized, SerializeLeaf(type, *dom));
    slot.kind = ResponseNode::Kind::kDom;
    slot.dom = serialized.has_value() ? Keep(*std::move(serialized)) : dom;
    return Status::Ok();
  }

  // True when SerializeLeaf would return `member`'s value unchanged and its
  // text is how that value serializes (RawObject::Member::canonical).
  bool Verbatim(const TypeDefinition& type, const RawObject::Member& member) const {
    if (!member.canonical) {
      return false;
    }
    const std::string_view name = type.name;
    if (type.kind == TypeKind::kEnum) {
      return member.kind == RawKind::kString && !member.escaped &&
             schema_.FindEnumValue(type, member.unquoted()) != nullptr;
    }
    if (name == "Int") {
      return member.kind == RawKind::kNumber &&
             member.integer() >= std::numeric_limits<int32_t>::min() &&
             member.integer() <= std::numeric_limits<int32_t>::max();
    }
    if (name == "Float") {
      return member.kind == RawKind::kNumber;
    }
    if (name == "String" || name == "ID" || name == "AWSJSON") {
      return member.kind == RawKind::kString;
    }
    if (name == "Boolean") {
      return member.kind == RawKind::kTrue || member.kind == RawKind::kFalse;
    }
    return true;  // Other scalars pass any value; canonical ones are never containers.
  }

  void CompleteList(TypeView type, const TypeDefinition& parent_type,
                    const std::vector<const Field*>& nodes, std::span<const Resolved> values,
                    const std::vector<char>& errored, std::span<ResponseNode* const> slots,
                    std::span<const PathNode* const> paths, std::vector<char>& failed) {
    // Every item of every list in one batch, so the next level resolves once.
    std::vector<Resolved> items;
    std::vector<ResponseNode*> item_slots;
    std::vector<const PathNode*> item_paths;
    std::vector<size_t> owner;  // items[j] belongs to values[owner[j]].
    path_store_.emplace_back();
    std::deque<PathNode>& index_paths = path_store_.back();
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].is_null()) {
        SetNull(*slots[i]);
        failed[i] = errored[i];
        continue;
      }
      const Json* list = Dom(values[i]);
      if (!list->is_array()) {
        AddError("Expected Iterable, but did not find one for field '" +
                     std::string(parent_type.name) + "." + std::string(nodes.front()->name) + "'.",
                 *nodes.front(), paths[i], "");
        SetNull(*slots[i]);
        failed[i] = 1;
        continue;
      }
      slots[i]->kind = ResponseNode::Kind::kList;
      slots[i]->children.resize(list->size());
      for (size_t j = 0; j < list->size(); ++j) {
        items.push_back(Resolved{&(*list)[j], nullptr});
        item_slots.push_back(&slots[i]->children[j].value);
        index_paths.push_back(PathNode{paths[i], {}, j});
        item_paths.push_back(&index_paths.back());
        owner.push_back(i);
      }
    }
    if (items.empty()) {
      return;
    }
    std::vector<char> item_errored(items.size(), 0);
    std::vector<char> item_failed(items.size(), 0);
    Complete(type.Inner(), parent_type, nodes, items, item_errored, item_slots, item_paths,
             item_failed);
    for (size_t j = 0; j < items.size(); ++j) {
      if (item_failed[j] != 0) {
        failed[owner[j]] = 1;
      }
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (failed[i] != 0 && slots[i]->kind == ResponseNode::Kind::kList) {
        SetNull(*slots[i]);  // A failed non-null item nulls its list.
      }
    }
  }

  void CompleteObjects(const TypeDefinition& type, const std::vector<const Field*>& nodes,
                       std::span<const Resolved> values, const std::vector<char>& errored,
                       std::span<ResponseNode* const> slots, std::span<const PathNode* const> paths,
                       std::vector<char>& failed) {
    // Group by runtime type (abstract types name it in __typename).
    struct Group {
      const TypeDefinition* type;
      std::vector<size_t> members;
    };
    std::vector<Group> groups;
    std::vector<ObjectRef> objects(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].is_null()) {
        SetNull(*slots[i]);
        failed[i] = errored[i];
        continue;
      }
      ObjectRef object = Object(values[i]);
      const TypeDefinition* runtime = &type;
      if (type.kind == TypeKind::kInterface || type.kind == TypeKind::kUnion) {
        const Json& dom = *Dom(object);
        const auto name = dom.is_object() ? dom.find("__typename") : dom.end();
        runtime = name != dom.end() && name->is_string()
                      ? schema_.FindType(name->get<std::string>())
                      : nullptr;
        if (runtime == nullptr || !schema_.IsPossibleType(type, *runtime)) {
          AddError("Abstract type \"" + std::string(type.name) +
                       "\" must resolve to an Object type at runtime.",
                   *nodes.front(), paths[i], "");
          SetNull(*slots[i]);
          failed[i] = 1;
          continue;
        }
      }
      if (object.raw == nullptr && !object.dom->is_object()) {
        AddError("Expected an object for type \"" + std::string(type.name) + "\".", *nodes.front(),
                 paths[i], "");
        SetNull(*slots[i]);
        failed[i] = 1;
        continue;
      }
      objects[i] = object;
      auto group = std::find_if(groups.begin(), groups.end(),
                                [&](const Group& g) { return g.type == runtime; });
      if (group == groups.end()) {
        groups.push_back({runtime, {}});
        group = groups.end() - 1;
      }
      group->members.push_back(i);
    }
    for (const Group& group : groups) {
      std::vector<CollectedField> fields;
      for (const Field* node : nodes) {
        std::unordered_set<std::string_view> visited;
        CollectFields(*group.type, node->selection_set, fields, visited);
      }
      std::vector<ObjectRef> parents;
      std::vector<ResponseNode*> outputs;
      std::vector<const PathNode*> member_paths;
      parents.reserve(group.members.size());
      outputs.reserve(group.members.size());
      member_paths.reserve(group.members.size());
      for (const size_t i : group.members) {
        parents.push_back(objects[i]);
        outputs.push_back(slots[i]);
        member_paths.push_back(paths[i]);
      }
      std::vector<char> member_failed(group.members.size(), 0);
      ExecuteFields(*group.type, fields, parents, outputs, member_paths, member_failed);
      for (size_t k = 0; k < group.members.size(); ++k) {
        if (member_failed[k] != 0) {
          SetNull(*slots[group.members[k]]);
          failed[group.members[k]] = 1;
        }
      }
    }
  }

  // The value to write for leaf `value` of `type`: nullopt when it is `value`
  // itself, else its serialization (Int from a whole Float, String from a
  // number, AWSJSON as text). Errors: kInvalidArgument when `type` cannot
  // represent it.
  Result<std::optional<Json>> SerializeLeaf(const TypeDefinition& type, const Json& value) {
    const std::string_view name = type.name;
    auto invalid = [&](std::string_view what) {
      return Status::InvalidArgument(std::string(what) + ": " + value.dump());
    };
    if (type.kind == TypeKind::kEnum) {
      if (value.is_string() && schema_.FindEnumValue(type, value.get_ref<const std::string&>())) {
        return std::optional<Json>();
      }
      return invalid("Enum \"" + std::string(name) + "\" cannot represent value");
    }
    if (name == "Int") {
      if (value.is_number_integer()) {
        const int64_t number = value.get<int64_t>();
        if (number >= std::numeric_limits<int32_t>::min() &&
            number <= std::numeric_limits<int32_t>::max()) {
          return std::optional<Json>();
        }
        return invalid("Int cannot represent non 32-bit signed integer value");
      }
      if (value.is_number_float() &&
          value.get<double>() == static_cast<double>(static_cast<int64_t>(value.get<double>()))) {
        return std::optional<Json>(static_cast<int64_t>(value.get<double>()));
      }
      return invalid("Int cannot represent non-integer value");
    }
    if (name == "Float") {
      if (value.is_number()) {
        return std::optional<Json>();
      }
      return invalid("Float cannot represent non numeric value");
    }
    if (name == "String" || name == "ID") {
      if (value.is_string()) {
        return std::optional<Json>();
      }
      if (value.is_number() || value.is_boolean()) {
        return std::optional<Json>(value.dump());
      }
      return invalid(std::string(name) + " cannot represent value");
    }
    if (name == "Boolean") {
      if (value.is_boolean()) {
        return std::optional<Json>();
      }
      return invalid("Boolean cannot represent a non boolean value");
    }
    if (name == "AWSJSON" && !value.is_string()) {
      return std::optional<Json>(value.dump());  // AppSync returns AWSJSON as JSON text.
    }
    return std::optional<Json>();
  }

  const ExecutionRequest& request_;
  const Schema& schema_;
  const Json variables_;
  const Json root_value_ = nullptr;           // The parent of root fields.
  const Json no_arguments_ = Json::object();  // Of fields that take none.
  ordered_json errors_ = ordered_json::array();
  // Everything the response views: resolver results, parsed values, scanned
  // raw objects and path nodes. Deques, so addresses stay put.
  std::deque<Json> owned_;
  std::deque<RawObject> raw_objects_;
  std::deque<std::deque<PathNode>> path_store_;
};

}  // namespace

void ResolverMap::Set(std::string_view type, std::string_view field, FieldResolver resolver) {
  resolvers_[std::string(type) + "." + std::string(field)] = std::move(resolver);
}

const FieldResolver* ResolverMap::Find(std::string_view type, std::string_view field) const {
  std::string key;
  key.reserve(type.size() + field.size() + 1);
  key.append(type).append(".").append(field);
  const auto found = resolvers_.find(key);
  return found == resolvers_.end() ? nullptr : &found->second;
}

const OperationDefinition* SelectOperation(const Document& document, std::string_view name,
                                           std::string* error) {
  const OperationDefinition* selected = nullptr;
  size_t count = 0;
  for (const Definition& definition : document.definitions()) {
    const auto* operation = std::get_if<OperationDefinition>(&definition.node);
    if (operation == nullptr) {
      continue;
    }
    ++count;
    if (name.empty() ? selected == nullptr : operation->name == name) {
      selected = operation;
    }
  }
  if (name.empty() && count > 1) {
    *error = "Must provide operation name if query contains multiple operations.";
    return nullptr;
  }
  if (selected == nullptr) {
    *error = name.empty() ? "Must provide an operation."
                          : "Unknown operation named \"" + std::string(name) + "\".";
  }
  return selected;
}

Status TypedResolverError(std::string_view error_type, std::string_view message) {
  return Status::FailedPrecondition(std::string(1, kTypedErrorMark) + std::string(error_type) +
                                    kTypedErrorMark + std::string(message));
}

std::string_view AppSyncErrorType(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied: return "Unauthorized";
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists: return "DynamoDB:ConditionalCheckFailedException";
    case StatusCode::kInvalidArgument: return "ValidationError";
    default: return "InternalFailure";
  }
}

std::string Execute(const ExecutionRequest& request) {
  std::string error;
  const OperationDefinition* operation =
      SelectOperation(*request.document, request.operation_name, &error);
  if (operation == nullptr) {
    return Execution::RequestError(error);
  }
  Result<nlohmann::json> variables =
      CoerceVariables(*request.schema, *operation, request.variables, request.coerce_scalar);
  if (!variables.ok()) {
    return Execution::RequestError(std::string(variables.status().message()));
  }
  Execution execution(request, *std::move(variables));
  return execution.Run(*operation);
}

}  // namespace gloss::graphql
