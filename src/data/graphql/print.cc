#include "data/graphql/print.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/graphql/ast.h"
#include "data/graphql/utf8.h"

namespace gloss::graphql {
namespace {

// graphql-js prints longer single-line block strings on their own line.
constexpr size_t kMaxInlineBlockStringLength = 70;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const Utf8Char decoded = DecodeUtf8(text, pos);
    if (decoded.length == 0) {
      return false;
    }
    pos += decoded.length;
  }
  return true;
}

// True if `value` printed as a block string parses back to exactly `value`:
// the spec's BlockStringValue() trims blank first/last lines and removes the
// common indentation of the lines after the first. Multi-line values are
// printed starting on a new line, so one of their lines must be unindented.
bool CanPrintAsBlockString(std::string_view value) {
  if (value.find('\r') != std::string_view::npos || !IsValidUtf8(value)) {
    return false;
  }
  const std::vector<std::string_view> lines = SplitLines(value);
  if (IsBlank(lines.front()) || IsBlank(lines.back())) {
    return false;
  }
  if (lines.size() == 1) {
    return true;
  }
  // Printed on lines of their own (after a newline), so every line counts.
  for (const std::string_view line : lines) {
    if (!IsBlank(line) && line.front() != ' ' && line.front() != '\t') {
      return true;  // Common indentation is zero, so none is removed.
    }
  }
  return false;
}

class Printer {
 public:
  std::string Take() { return std::move(out_); }

  void PrintDocument(const Document& document) {
    bool first = true;
    for (const Definition& definition : document.definitions()) {
      if (!first) {
        out_.append("\n\n");
      }
      first = false;
      std::visit([this](const auto& node) { PrintDefinition(node); }, definition.node);
    }
  }

  void PrintValue(const Value& value) {
    switch (value.kind) {
      case ValueKind::kVariable: out_.append("$").append(value.text); break;
      case ValueKind::kInt:
      case ValueKind::kFloat:
      case ValueKind::kEnum: out_.append(value.text); break;
      case ValueKind::kString: AppendString(value.text); break;
      case ValueKind::kBoolean: out_.append(value.boolean() ? "true" : "false"); break;
      case ValueKind::kNull: out_.append("null"); break;
      case ValueKind::kList: {
        out_.push_back('[');
        bool first = true;
        for (const Value& item : value.list) {
          if (!first) {
            out_.append(", ");
          }
          first = false;
          PrintValue(item);
        }
        out_.push_back(']');
        break;
      }
      case ValueKind::kObject: {
        out_.push_back('{');
        bool first = true;
        for (const ObjectField& field : value.fields) {
          if (!first) {
            out_.append(", ");
          }
          first = false;
          out_.append(field.name).append(": ");
          PrintValue(field.value);
        }
        out_.push_back('}');
        break;
      }
    }
  }

  void PrintType(const Type& type) {
    for (const Type::Wrapper wrapper : type.wrappers) {
      if (wrapper == Type::Wrapper::kList) {
        out_.push_back('[');
      }
    }
    out_.append(type.name);
    for (const Type::Wrapper wrapper : type.wrappers) {
      out_.push_back(wrapper == Type::Wrapper::kList ? ']' : '!');
    }
  }

  void AppendString(std::string_view value) {
    out_.push_back('"');
    for (size_t pos = 0; pos < value.size();) {
      const char c = value[pos];
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x80) {
        const Utf8Char decoded = DecodeUtf8(value, pos);
        if (decoded.length == 0) {
          out_.append("\\uFFFD");
          ++pos;
        } else {
          out_.append(value.substr(pos, decoded.length));
          pos += decoded.length;
        }
        continue;
      }
      ++pos;
      switch (c) {
        case '"': out_.append("\\\""); break;
        case '\\': out_.append("\\\\"); break;
        case '\b': out_.append("\\b"); break;
        case '\f': out_.append("\\f"); break;
        case '\n': out_.append("\\n"); break;
        case '\r': out_.append("\\r"); break;
        case '\t': out_.append("\\t"); break;
        default:
          if (byte < 0x20 || byte == 0x7F) {
            out_.append("\\u").append(FormatHex(byte, 4));
          } else {
            out_.push_back(c);
          }
      }
    }
    out_.push_back('"');
  }

 private:
  void Newline() {
    out_.push_back('\n');
    out_.append(static_cast<size_t>(indent_) * 2, ' ');
  }

  // ---- Executable definitions ----

  void PrintDefinition(const OperationDefinition& operation) {
    if (operation.operation == OperationType::kQuery && operation.name.empty() &&
        operation.variable_definitions.empty() && operation.directives.empty()) {
      PrintSelectionSet(operation.selection_set);
      return;
    }
    out_.append(OperationTypeName(operation.operation));
    if (!operation.name.empty()) {
      out_.append(" ").append(operation.name);
    }
    if (!operation.variable_definitions.empty()) {
      if (operation.name.empty()) {
        out_.push_back(' ');
      }
      out_.push_back('(');
      bool first = true;
      for (const VariableDefinition& variable : operation.variable_definitions) {
        if (!first) {
          out_.append(", ");
        }
        first = false;
        out_.append("$").append(variable.name).append(": ");
        PrintType(variable.type);
        if (variable.default_value.has_value()) {
          out_.append(" = ");
          PrintValue(*variable.default_value);
        }
        PrintDirectives(variable.directives);
      }
      out_.push_back(')');
    }
    PrintDirectives(operation.directives);
    out_.push_back(' ');
    PrintSelectionSet(operation.selection_set);
  }

  void PrintDefinition(const FragmentDefinition& fragment) {
    out_.append("fragment ").append(fragment.name).append(" on ").append(fragment.type_condition);
    PrintDirectives(fragment.directives);
    out_.push_back(' ');
    PrintSelectionSet(fragment.selection_set);
  }

  void PrintSelectionSet(const SelectionSet& set) {
    out_.push_back('{');
    ++indent_;
    for (const Selection& selection : set.selections) {
      Newline();
      std::visit([this](const auto& node) { PrintSelection(node); }, selection.node);
    }
    --indent_;
    Newline();
    out_.push_back('}');
  }

  void PrintSelection(const Field& field) {
    if (!field.alias.empty()) {
      out_.append(field.alias).append(": ");
    }
    out_.append(field.name);
    PrintArguments(field.arguments);
    PrintDirectives(field.directives);
    if (!field.selection_set.empty()) {
      out_.push_back(' ');
      PrintSelectionSet(field.selection_set);
    }
  }

  void PrintSelection(const FragmentSpread& spread) {
    out_.append("...").append(spread.name);
    PrintDirectives(spread.directives);
  }

  void PrintSelection(const InlineFragment& fragment) {
    out_.append("...");
    if (!fragment.type_condition.empty()) {
      out_.append(" on ").append(fragment.type_condition);
    }
    PrintDirectives(fragment.directives);
    out_.push_back(' ');
    PrintSelectionSet(fragment.selection_set);
  }

  void PrintArguments(const std::vector<Argument>& arguments) {
    if (arguments.empty()) {
      return;
    }
    out_.push_back('(');
    bool first = true;
    for (const Argument& argument : arguments) {
      if (!first) {
        out_.append(", ");
      }
      first = false;
      out_.append(argument.name).append(": ");
      PrintValue(argument.value);
    }
    out_.push_back(')');
  }

  void PrintDirectives(const std::vector<Directive>& directives) {
    for (const Directive& directive : directives) {
      out_.append(" @").append(directive.name);
      PrintArguments(directive.arguments);
    }
  }

  // ---- Type system ----

  void PrintDescription(const std::optional<Description>& description) {
    if (!description.has_value()) {
      return;
    }
    if (description->block && CanPrintAsBlockString(description->value)) {
      PrintBlockString(description->value);
    } else {
      AppendString(description->value);
    }
    Newline();
  }

  // graphql-js printBlockString(), restricted to values CanPrintAsBlockString
  // accepts; continuation lines get the current indentation.
  void PrintBlockString(std::string_view value) {
    std::string escaped;
    for (size_t pos = 0;;) {
      const size_t quotes = value.find("\"\"\"", pos);
      escaped.append(value.substr(pos, quotes - pos));
      if (quotes == std::string_view::npos) {
        break;
      }
      escaped.append("\\\"\"\"");
      pos = quotes + 3;
    }
    const std::vector<std::string_view> lines = SplitLines(escaped);
    const bool multi_line = lines.size() > 1 || value.size() > kMaxInlineBlockStringLength ||
                            value.back() == '"' || value.back() == '\\';
    out_.append("\"\"\"");
    if (!multi_line) {
      out_.append(escaped);
    } else {
      const bool skip_leading_newline =
          lines.size() == 1 && (value.front() == ' ' || value.front() == '\t');
      for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
        if (line_idx > 0 || !skip_leading_newline) {
          if (lines[line_idx].empty()) {
            out_.push_back('\n');
          } else {
            Newline();
          }
        }
        out_.append(lines[line_idx]);
      }
      Newline();
    }
    out_.append("\"\"\"");
  }

  void PrintDefinition(const SchemaDefinition& schema) {
    PrintDescription(schema.description);
    out_.append(schema.extension ? "extend schema" : "schema");
    PrintDirectives(schema.directives);
    if (schema.operation_types.empty()) {
      return;
    }
    out_.append(" {");
    ++indent_;
    for (const RootOperationType& root : schema.operation_types) {
      Newline();
      out_.append(OperationTypeName(root.operation)).append(": ").append(root.type);
    }
    --indent_;
    Newline();
    out_.push_back('}');
  }

  void PrintDefinition(const TypeDefinition& type) {
    PrintDescription(type.description);
    if (type.extension) {
      out_.append("extend ");
    }
    out_.append(TypeKindKeyword(type.kind)).append(" ").append(type.name);
    if (!type.interfaces.empty()) {
      out_.append(" implements ");
      bool first = true;
      for (const std::string_view name : type.interfaces) {
        if (!first) {
          out_.append(" & ");
        }
        first = false;
        out_.append(name);
      }
    }
    PrintDirectives(type.directives);
    if (!type.union_members.empty()) {
      out_.append(" = ");
      bool first = true;
      for (const std::string_view name : type.union_members) {
        if (!first) {
          out_.append(" | ");
        }
        first = false;
        out_.append(name);
      }
    }
    if (!type.fields.empty()) {
      OpenBlock();
      for (const FieldDefinition& field : type.fields) {
        Newline();
        PrintDescription(field.description);
        out_.append(field.name);
        PrintArgumentDefinitions(field.arguments);
        out_.append(": ");
        PrintType(field.type);
        PrintDirectives(field.directives);
      }
      CloseBlock();
    }
    if (!type.enum_values.empty()) {
      OpenBlock();
      for (const EnumValueDefinition& value : type.enum_values) {
        Newline();
        PrintDescription(value.description);
        out_.append(value.name);
        PrintDirectives(value.directives);
      }
      CloseBlock();
    }
    if (!type.input_fields.empty()) {
      OpenBlock();
      for (const InputValueDefinition& field : type.input_fields) {
        Newline();
        PrintInputValueDefinition(field);
      }
      CloseBlock();
    }
  }

  void PrintDefinition(const DirectiveDefinition& directive) {
    PrintDescription(directive.description);
    out_.append("directive @").append(directive.name);
    PrintArgumentDefinitions(directive.arguments);
    if (directive.repeatable) {
      out_.append(" repeatable");
    }
    out_.append(" on ");
    bool first = true;
    for (const std::string_view location : directive.locations) {
      if (!first) {
        out_.append(" | ");
      }
      first = false;
      out_.append(location);
    }
  }

  void OpenBlock() {
    out_.append(" {");
    ++indent_;
  }

  void CloseBlock() {
    --indent_;
    Newline();
    out_.push_back('}');
  }

  // Inline "(a: Int, b: String)" unless an argument has a description; then
  // one argument per line.
  void PrintArgumentDefinitions(const std::vector<InputValueDefinition>& arguments) {
    if (arguments.empty()) {
      return;
    }
    bool multi_line = false;
    for (const InputValueDefinition& argument : arguments) {
      multi_line = multi_line || argument.description.has_value();
    }
    out_.push_back('(');
    if (multi_line) {
      ++indent_;
      for (const InputValueDefinition& argument : arguments) {
        Newline();
        PrintInputValueDefinition(argument);
      }
      --indent_;
      Newline();
    } else {
      bool first = true;
      for (const InputValueDefinition& argument : arguments) {
        if (!first) {
          out_.append(", ");
        }
        first = false;
        PrintInputValueDefinition(argument);
      }
    }
    out_.push_back(')');
  }

  void PrintInputValueDefinition(const InputValueDefinition& input) {
    PrintDescription(input.description);
    out_.append(input.name).append(": ");
    PrintType(input.type);
    if (input.default_value.has_value()) {
      out_.append(" = ");
      PrintValue(*input.default_value);
    }
    PrintDirectives(input.directives);
  }

  std::string out_;
  int indent_ = 0;
};

}  // namespace

std::string Print(const Document& document) {
  Printer printer;
  printer.PrintDocument(document);
  return printer.Take();
}

std::string PrintValue(const Value& value) {
  Printer printer;
  printer.PrintValue(value);
  return printer.Take();
}

std::string PrintType(const Type& type) {
  Printer printer;
  printer.PrintType(type);
  return printer.Take();
}

std::string PrintString(std::string_view value) {
  Printer printer;
  printer.AppendString(value);
  return printer.Take();
}

}  // namespace gloss::graphql
